"""`agora serve` as a command: refusing an open bind without a key, and a clean SIGTERM
that lets short runs finish, cancels long ones, and leaves every transcript closed."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
openai = pytest.importorskip("openai")

from agora.events import RunFinished, read_transcript  # noqa: E402
from agora.testing.server import FakeOpenAIServer  # noqa: E402

AGORA = [sys.executable, "-m", "agora"]


def test_a_non_loopback_bind_needs_an_api_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "AGORA_API_KEY"}
    out = subprocess.run([*AGORA, "serve", "--host", "0.0.0.0", "--port", "0"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "without an API key" in out.stderr
    assert "Traceback" not in out.stderr


def start_serve(tmp_path: Path, url: str, grace: float) -> tuple[subprocess.Popen, str]:
    (tmp_path / "agora.toml").write_text(f'[serve.models.remote]\nmodel = "openai:fake-model@{url}"\n')
    env = {**os.environ, "OPENAI_API_KEY": "x"}
    proc = subprocess.Popen([*AGORA, "serve", "--port", "0", "--runs-dir", str(tmp_path / "runs"),
                             "--grace", str(grace)], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if found:
            return proc, found.group(1) + "/v1"
        if time.monotonic() > deadline:
            break
    proc.kill()
    pytest.fail("agora serve did not start")


@pytest.mark.parametrize("delay, grace, status", [(0.5, 5.0, "answer"), (8.0, 0.5, "cancelled")])
def test_sigterm_finishes_or_cancels_in_flight_runs_and_saves_them(tmp_path, delay, grace, status):
    with FakeOpenAIServer(reply="Answer: 12", delay=delay) as fake:
        proc, url = start_serve(tmp_path, fake.url, grace)
        try:
            outcome: list = []

            def ask():
                try:
                    c = openai.OpenAI(base_url=url, api_key="none", max_retries=0, timeout=30)
                    out = c.chat.completions.create(model="remote", messages=[{"role": "user", "content": "7+5?"}])
                    outcome.append(out.choices[0].message.content)
                except Exception as err:  # noqa: BLE001 - the cancelled case ends in an error
                    outcome.append(err)

            client = threading.Thread(target=ask)
            client.start()
            deadline = time.monotonic() + 10
            while not fake.requests and time.monotonic() < deadline:
                time.sleep(0.05)  # the run is in flight: its model call has reached the backend
            assert fake.requests
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=20) == 0
            client.join(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.stderr.close()
    [path] = list((tmp_path / "runs").glob("*.jsonl"))
    events = read_transcript(path)
    ends = [e for e in events if isinstance(e, RunFinished)]
    assert ends and ends[-1].stop_reason == status
    if status == "answer":
        assert outcome == ["12"] and ends[-1].answer == "12"
    else:
        assert isinstance(outcome[0], Exception)
