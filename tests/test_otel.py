"""OpenTelemetry: the in-memory exporter records the span tree of an agent run, a debate and
a served request, with GenAI attributes; nothing is set up unless OTLP is configured."""

from __future__ import annotations

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.trace import TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter  # noqa: E402

from agora.otel import Tracing, tracing_from_env  # noqa: E402
from agora.profiles import load_profiles, run_profile  # noqa: E402
from agora.testing import EchoBackend, ScriptedBackend  # noqa: E402


@pytest.fixture
def traced():
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return Tracing(provider), exporter


def tree(spans) -> dict:
    """name -> sorted child names, plus the root's name under None."""
    by_id = {s.context.span_id: s for s in spans}
    out: dict = {}
    for s in spans:
        parent = by_id.get(s.parent.span_id).name if s.parent is not None else None
        out.setdefault(parent, []).append(s.name)
    return {k: sorted(v) for k, v in out.items()}


def test_an_agent_run_is_a_span_per_step_model_call_and_tool_call(traced):
    tracing, exporter = traced
    model = ScriptedBackend([{"thought": "add", "tool": "calculator", "arguments": {"expression": "2+3"}},
                             {"thought": "", "answer": "5"}], spec="fake:scripted")
    profile = load_profiles({"calc": {"tools": ["calculator"]}})["calc"]
    answer = run_profile(profile, "2+3?", on_event=tracing.run(), load=tracing.wrap_load(lambda spec: model))
    assert answer.answer == "5"
    spans = exporter.get_finished_spans()
    t = tree(spans)
    assert t[None] == ["invoke_agent agent"]
    assert t["invoke_agent agent"] == ["agora.step 1", "agora.step 2"]
    step1 = [s for s in spans if s.name == "agora.step 1"][0]
    assert sorted(s.name for s in spans if s.parent and s.parent.span_id == step1.context.span_id) == \
        ["chat fake:scripted", "execute_tool calculator"]
    chats = [s for s in spans if s.name.startswith("chat ")]
    assert len(chats) == 2
    for c in chats:
        assert c.attributes["gen_ai.operation.name"] == "chat"
        assert c.attributes["gen_ai.request.model"] == "fake:scripted" and c.attributes["gen_ai.request.max_tokens"] == 512
        assert c.attributes["gen_ai.usage.input_tokens"] > 0 and c.attributes["gen_ai.usage.output_tokens"] > 0
    root = [s for s in spans if s.parent is None][0]
    assert root.attributes["gen_ai.usage.input_tokens"] == sum(c.attributes["gen_ai.usage.input_tokens"] for c in chats)
    tool = [s for s in spans if s.name == "execute_tool calculator"][0]
    assert tool.attributes["gen_ai.tool.name"] == "calculator" and tool.attributes["agora.tool.ok"] is True
    for s in spans:  # children lie inside their parents
        if s.parent is not None:
            parent = [p for p in spans if p.context.span_id == s.parent.span_id][0]
            assert parent.start_time <= s.start_time and s.end_time <= parent.end_time


def test_a_debate_is_rounds_of_debaters_then_the_judge(traced):
    tracing, exporter = traced
    profile = load_profiles({"d": {"debate": 3, "rounds": 2}})["d"]
    answer = run_profile(profile, "What is 2+2?", on_event=tracing.run(),
                         load=tracing.wrap_load(lambda spec: EchoBackend("4", spec="fake:4")))
    assert answer.answer == "4"
    spans = exporter.get_finished_spans()
    t = tree(spans)
    assert t[None] == ["agora.debate"]
    assert t["agora.debate"] == ["agora.debate.round 1", "agora.judge"]  # consensus after one round
    assert t["agora.debate.round 1"] == ["invoke_agent calculator", "invoke_agent expert", "invoke_agent skeptic"]
    for name in ("invoke_agent calculator", "invoke_agent expert", "invoke_agent skeptic"):
        assert t[name] == ["agora.step 1"]
    assert "agora.judge" not in t  # unanimous: the verdict is the consensus, no judge call
    assert sum(1 for s in spans if s.name == "chat fake:4") == 3  # the three debaters
    judge = [s for s in spans if s.name == "agora.judge"][0]
    assert judge.attributes["agora.verdict"] == "4"


def test_a_served_request_is_traced(traced, tmp_path):
    pytest.importorskip("fastapi")
    import openai

    from serve_helpers import Loader, ServerThread, make_config

    tracing, exporter = traced
    config = make_config(tmp_path, loader=tracing.wrap_load(Loader()), tracing=tracing)
    with ServerThread(config) as server:
        c = openai.OpenAI(base_url=server.url, api_key="x", max_retries=0)
        c.chat.completions.create(model="echo", messages=[{"role": "user", "content": "x"}])
    t = tree(exporter.get_finished_spans())
    assert t[None] == ["invoke_agent agent"] and t["agora.step 1"] == ["chat fake:Paris"]


def test_nothing_is_traced_unless_otlp_is_configured(monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    assert tracing_from_env() is None
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:9/v1/traces")
    tracing = tracing_from_env()
    assert tracing is not None and type(tracing.provider).__name__ == "TracerProvider"
    tracing.shutdown()  # no span was made: nothing is sent
