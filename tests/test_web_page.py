"""The web page in a real browser: headless Chromium (Debian's chromium + chromium-driver,
driven by Selenium) loads `/`, asks a question on a fake debate profile, and sees a column
per debater, a card per round, and the verdict with the vote."""

from __future__ import annotations

import os
import shutil

import pytest

pytest.importorskip("fastapi")
webdriver = pytest.importorskip("selenium.webdriver")

from serve_helpers import Loader, ServerThread, SlowBackend, make_config  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")


@pytest.fixture
def browser(tmp_path, monkeypatch):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_AVOID_STATS", "true")  # Selenium Manager: no telemetry, nothing fetched
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_the_page_shows_the_debate_live_then_the_verdict(tmp_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait

    # debaters that take a moment, so the page has to render the run as it goes
    loader = Loader(slow=SlowBackend("slow", tokens=10, delay=0.03, answer="4"))
    profiles = {"debate": {"debate": 3, "rounds": 2, "model": "slow", "judge": "fake:4"}}
    with ServerThread(make_config(tmp_path, loader=loader, profiles=profiles)) as server:
        browser.get(server.base + "/")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda d: any(o.get_attribute("value") == "debate"
                                 for o in d.find_elements(By.CSS_SELECTOR, "#profile option")))
        Select(browser.find_element(By.ID, "profile")).select_by_value("debate")
        browser.find_element(By.ID, "question").send_keys("What is 2+2?")
        browser.find_element(By.ID, "go").click()
        wait.until(EC.visibility_of_element_located((By.ID, "verdict")))
        columns = browser.find_elements(By.CSS_SELECTOR, ".column[data-debater]")
        assert [c.get_attribute("data-debater") for c in columns] == ["calculator", "skeptic", "expert"]
        for column in columns:
            cards = column.find_elements(By.CSS_SELECTOR, ".turn")
            assert [c.get_attribute("data-round") for c in cards] == ["1"]  # consensus after round 1
            assert cards[0].find_element(By.CSS_SELECTOR, ".ans").text == "4"
        assert browser.find_element(By.ID, "verdict-answer").text == "4"
        assert "majority vote: 4" in browser.find_element(By.ID, "verdict-vote").text
        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("done"))
        assert browser.find_element(By.ID, "answer-text").text == "4"
