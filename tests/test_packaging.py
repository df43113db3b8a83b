"""The wheel a plain `pip install .` builds: tools/ and personas/ ship inside it under the
agora namespace (nothing named bare `tools` lands in site-packages), with the prompts, the
GSM8K sample and its licence; installed alone, its packages import and find their data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    if built.returncode != 0:
        pytest.fail(f"pip wheel failed: {built.stderr[-1500:]}")
    (path,) = out.glob("agora-*.whl")
    return path


@pytest.mark.slow
def test_wheel_holds_tools_personas_prompts_and_data_under_agora(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"agora", wheel.name.split("-py3")[0] + ".dist-info"}  # no bare tools/ or personas/
    for needed in ("agora/tools/python.py", "agora/tools/sandbox_runner.py", "agora/tools/search.py",
                   "agora/tools/retrieve.py", "agora/personas/judge.toml", "agora/data/gsm8k_sample.jsonl",
                   "agora/data/GSM8K_LICENSE", "agora/prompts/agent_react.j2", "agora/rag/index.py",
                   "agora/serve/static/index.html", "agora/serve/static/app.js", "agora/serve/static/style.css",
                   "agora/py.typed"):  # PEP 561: users' type checkers read agora's hints
        assert needed in names, needed
    assert len([n for n in names if n.startswith("agora/personas/") and n.endswith(".toml")]) >= 6


@pytest.mark.slow
def test_installed_wheel_imports_and_finds_its_data(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    assert not (site / "tools").exists() and not (site / "personas").exists()
    code = ("import agora, agora.tools.python, agora.tools.calculator\n"
            "from agora.personas import list_personas\n"
            "from agora.bench.tasks import load_items\n"
            "from agora.prompts import render\n"
            "print(agora.__file__)\n"
            "print(len(list_personas()), len(load_items('gsm8k', limit=200, seed=0)))\n"
            "print('SUMMARY-X' in render('chat_context', system='', summary='SUMMARY-X', folded=2))\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    where, counts, rendered = out.stdout.split("\n")[:3]
    assert where.startswith(str(site))  # the installed copy, not the source tree
    personas, gsm8k = map(int, counts.split())
    assert personas >= 6 and gsm8k == 200 and rendered == "True"


def test_tests_are_hermetic():
    """tests/conftest.py: no AGORA_* variable, no agora.toml in the working directory and no
    user config file reach a test, so settings are the defaults whatever the developer has."""
    from agora.config import Settings, load_settings, user_config_file

    assert not [name for name in os.environ if name.startswith("AGORA_")]
    assert not Path("agora.toml").exists() and not user_config_file().exists()
    assert load_settings() == Settings()
