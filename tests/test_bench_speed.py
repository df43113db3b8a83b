"""agora bench speed runs each measurement and reports what it could not run (no timing
assertions: figures depend on the machine)."""

import json

from agora.bench.speed import agent_overhead, run_speed
from agora.cli import main


def test_speed_with_fake_model_reports_every_figure():
    seen = []
    figures = run_speed("fake:42", tokens=4, repeats=1, delay=0.01, on_figure=lambda n, r: seen.append(n))
    assert list(figures) == seen
    assert figures["throughput (agora)"]["prompt_tokens"] > 0
    assert figures["throughput (llama_cpp_direct)"] == {"skipped": "not a local GGUF model"}
    assert figures["debate_prefix_reuse"]["calls"] == 6  # 3 debaters x 2 rounds, no early stop
    assert figures["agent_overhead"]["agent_calls"] == 21  # 20 tool steps + the answer
    assert set(figures) == {"throughput (agora)", "throughput (llama_cpp_direct)", "agent_overhead",
                            "debate_prefix_reuse", "concurrency"}


def test_agent_overhead_counts_steps():
    row = agent_overhead(steps=3)
    assert row["agent_calls"] == 4 and row["stop_reason"] == "answer"
    assert row["agent_ms_per_step"] >= 0


def test_speed_cli_writes_json(tmp_path):
    out = tmp_path / "speed.json"
    assert main(["bench", "speed", "--model", "fake:42", "--tokens", "2", "--repeats", "1",
                 "--delay", "0.01", "--out", str(out)]) == 0
    assert "agent_overhead" in json.loads(out.read_text())
    assert main(["bench", "speed", "--model", "fake", "--repeats", "0"]) == 2


def test_a_figure_that_fails_is_skipped_and_the_others_are_measured():
    from agora.testing.fakes import FunctionBackend

    def fails_on_bare_prompts(messages, options):
        if len(messages) == 1:  # the throughput figure sends one user message
            raise RuntimeError("backend fell over")
        return "Answer: 42"

    figures = run_speed(FunctionBackend(fails_on_bare_prompts, spec="flaky"), tokens=4, repeats=1, delay=0.01)
    assert figures["throughput"] == {"skipped": "RuntimeError: backend fell over"}
    assert figures["agent_overhead"]["agent_calls"] == 21
    assert figures["debate_prefix_reuse"]["calls"] == 6 and figures["concurrency"]["calls"] == 8
