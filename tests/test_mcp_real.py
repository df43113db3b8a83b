"""One real run: SmolLM2 calls an MCP server's tool end to end from the CLI
(``agora ask ... --mcp 'python server.py'``) and answers with what the tool returned."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("mcp")

from mcp_helpers import toy_command  # noqa: E402

pytestmark = pytest.mark.real


def test_smollm2_calls_an_mcp_tool_from_the_cli(tmp_path):
    pytest.importorskip("llama_cpp")
    proc = subprocess.run(
        [sys.executable, "-m", "agora", "ask", "What is the weather in Oslo today? Use the weather tool.",
         "--model", "local:smollm2", "--mcp", toy_command("--only", "weather"), "--json",
         "--max-steps", "2", "--max-tokens", "96", "--seed", "1", "--temperature", "0"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    calls = data["tool_calls"]
    assert calls and calls[0]["tool"] == "weather" and calls[0]["ok"], data
    assert "oslo" in calls[0]["arguments"]["city"].lower()
    assert "21.5" in data["answer"], data["answer"]  # the made-up report: only the tool knows it
