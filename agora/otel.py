"""OpenTelemetry spans of agora runs (the ``otel`` extra), with the GenAI semantic
conventions' attributes (``gen_ai.operation.name``, ``gen_ai.request.model``,
``gen_ai.usage.input_tokens`` ...). Nothing is exported unless OTLP is configured
(``OTEL_EXPORTER_OTLP_ENDPOINT`` or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``).

The tree of one run::

    agora.debate                       (a debate)  or  invoke_agent NAME (one agent)
    ├── agora.debate.round 1
    │   └── invoke_agent calculator    one per debater
    │       └── agora.step 1
    │           ├── chat local:smollm2 one per model call
    │           └── execute_tool calculator
    └── agora.judge
        └── chat local:smollm2

The loop is not edited for this: :class:`RunTrace` subscribes to a run's events, and
:meth:`Tracing.wrap_load` wraps each backend so its calls are timed. Events run on the
thread that produces them, so a model call is given to the agent (or judge) that last spoke
on its thread. The spans are built when the run ends, with the times the events carry.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from agora.backends.base import Backend
from agora.events import (Observation, RoundFinished, RunFinished, RunStarted, ToolCalled,
                          VerdictGiven)
from agora.messages import Completion

# thread -> (the run trace, the event source) that last emitted on it
_speaker: dict[int, tuple["RunTrace", str]] = {}


@dataclass
class _Call:
    source: str
    spec: str
    start: float
    end: float = 0.0
    completion: Completion | None = None
    options: dict = field(default_factory=dict)
    error: str | None = None


def _ns(t: float) -> int:
    return int(t * 1e9)


def _provider(spec: str) -> str:
    scheme = spec.partition(":")[0]
    return {"openai": "openai", "local": "llama.cpp", "gguf": "llama.cpp"}.get(scheme, scheme or "agora")


class TracedBackend(Backend):
    """A backend whose every call is recorded on the run trace of the calling thread."""

    def __init__(self, inner: Backend):
        self.inner = inner
        self.spec = inner.spec
        self.supports_concurrency = inner.supports_concurrency
        self.native_tools = inner.native_tools
        self.context_size = inner.context_size

    def __getattr__(self, name: str) -> Any:  # anything else the backend offers
        return getattr(self.inner, name)

    def _begin(self, options: dict) -> tuple["RunTrace | None", _Call]:
        trace, source = _speaker.get(threading.get_ident(), (None, ""))
        settings = options.get("settings")  # ModelSettings win over the loose keywords
        keep = {k: (getattr(settings, k, None) if settings is not None else None)
                for k in ("max_tokens", "temperature", "seed")}
        keep = {k: v if v is not None else options.get(k) for k, v in keep.items()}
        return trace, _Call(source, self.spec, time.time(), options=keep)

    def _end(self, trace: "RunTrace | None", call: _Call, completion: Completion | None, error: str | None = None) -> None:
        call.end, call.completion, call.error = time.time(), completion, error
        if trace is not None:
            trace.calls.append(call)

    def complete(self, messages, **options: Any) -> Completion:
        trace, call = self._begin(options)
        try:
            out = self.inner.complete(messages, **options)
        except Exception as err:
            self._end(trace, call, None, f"{type(err).__name__}: {err}")
            raise
        self._end(trace, call, out)
        return out

    def stream(self, messages, **options: Any) -> Iterator[Any]:
        trace, call = self._begin(options)
        final = None
        try:
            for item in self.inner.stream(messages, **options):
                if isinstance(item, Completion):
                    final = item
                yield item
        except Exception as err:
            self._end(trace, call, None, f"{type(err).__name__}: {err}")
            raise
        self._end(trace, call, final)

    def embed(self, texts):
        return self.inner.embed(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def close(self) -> None:
        self.inner.close()


class RunTrace:
    """The event handler of one run: keeps its events and model calls, and turns them into
    spans once the run ends (its root RunFinished, or :meth:`finish` for a run cut short)."""

    def __init__(self, tracer: Any):
        self.tracer = tracer
        self.events: list[Any] = []
        self.calls: list[_Call] = []
        self._root: str | None = None
        self._done = False

    def __call__(self, event: Any) -> None:
        _speaker[threading.get_ident()] = (self, event.source)
        if getattr(event, "type", "") == "token":
            return
        self.events.append(event)
        if self._root is None and isinstance(event, RunStarted):
            self._root = event.source
        if isinstance(event, RunFinished) and event.source == self._root:
            self.finish()

    def finish(self) -> None:
        if self._done or not self.events:
            return
        self._done = True
        _Builder(self.tracer, self.events, self.calls).build()


class _Builder:
    def __init__(self, tracer: Any, events: list[Any], calls: list[_Call]):
        self.tracer, self.events, self.calls = tracer, events, calls
        self.end_time = max([e.time for e in events] + [c.end for c in calls])

    def span(self, name: str, start: float, end: float, parent: Any, attributes: dict) -> Any:
        from opentelemetry import trace

        ctx = trace.set_span_in_context(parent) if parent is not None else None
        span = self.tracer.start_span(name, context=ctx, start_time=_ns(start),
                                      attributes={k: v for k, v in attributes.items() if v is not None})
        return span, end

    def build(self) -> None:
        first = self.events[0]
        if first.source == "debate":
            self.debate(first)
        else:
            self.agent(first.source, None)

    def _close(self, opened: list) -> None:
        for span, end in reversed(opened):
            span.end(end_time=_ns(end))

    def debate(self, started: RunStarted) -> None:
        finished = next((e for e in self.events if isinstance(e, RunFinished) and e.source == "debate"), None)
        opened = []
        root = self.span("agora.debate", started.time, finished.time if finished else self.end_time, None, {
            "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "debate",
            "agora.debaters": len(started.config.get("debaters", [])), "agora.rounds": started.config.get("rounds"),
            **(self._usage(finished.usage) if finished else {}),
            "agora.stop_reason": finished.stop_reason if finished else "unfinished"})
        opened.append(root)
        ends = [e for e in self.events if isinstance(e, RoundFinished)]
        begin = started.time
        for done in ends:
            rspan = self.span(f"agora.debate.round {done.round + 1}", begin, done.time, root[0],
                              {"agora.round": done.round + 1, "agora.consensus": done.consensus})
            opened.append(rspan)
            for source in dict.fromkeys(e.source for e in self.events if isinstance(e, RunStarted)
                                        and e.source != "debate" and begin <= e.time <= done.time):
                self.agent(source, rspan[0], window=(begin, done.time))
            begin = done.time
        verdicts = [e for e in self.events if isinstance(e, VerdictGiven)]
        judged = [c for c in self.calls if c.source in ("debate", "judge") and c.start >= begin]
        if verdicts or judged:
            verdict = verdicts[-1] if verdicts else None
            jspan = self.span("agora.judge", begin, verdict.time if verdict else self.end_time, root[0], {
                "agora.method": verdict.method if verdict else None,
                "agora.verdict": verdict.answer if verdict else None,
                "agora.confidence": verdict.confidence if verdict else None})
            opened.append(jspan)
            for c in judged:
                self.model_call(c, jspan[0])
        self._close(opened)

    def agent(self, source: str, parent: Any, window: tuple[float, float] | None = None) -> None:
        lo, hi = window or (float("-inf"), float("inf"))
        mine = [e for e in self.events if e.source == source and lo <= e.time <= hi]
        started = next((e for e in mine if isinstance(e, RunStarted)), None)
        if started is None:
            return
        finished = next((e for e in mine if isinstance(e, RunFinished)), None)
        end = finished.time if finished else self.end_time
        opened = [self.span(f"invoke_agent {source or 'agent'}", started.time, end, parent, {
            "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": source or "agent",
            "gen_ai.request.model": started.model,
            **(self._usage(finished.usage) if finished else {}),
            "agora.stop_reason": finished.stop_reason if finished else "unfinished"})]
        run_span = opened[0][0]
        calls = [c for c in self.calls if c.source == source and started.time <= c.start <= end]
        tools = [e for e in mine if isinstance(e, ToolCalled)]
        # a step ends with its tool's observation; the last one with the run
        bounds = [started.time] + [e.time for e in mine if isinstance(e, Observation)] + [end]
        for k in range(len(bounds) - 1):
            a, b = bounds[k], bounds[k + 1]
            step_calls = [c for c in calls if a <= c.start < b]
            step_tools = [t for t in tools if a <= t.time <= b]
            if not step_calls and not step_tools:
                continue
            step = self.span(f"agora.step {k + 1}", a, b, run_span, {"agora.step": k + 1})
            opened.append(step)
            for c in step_calls:
                self.model_call(c, step[0])
            for t in step_tools:
                obs = next((e for e in mine if isinstance(e, Observation) and e.step == t.step and e.time >= t.time), None)
                tool = self.span(f"execute_tool {t.call.name}", t.time, obs.time if obs else b, step[0], {
                    "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": t.call.name,
                    "gen_ai.tool.call.id": t.call.id, "agora.tool.ok": obs.ok if obs else None})
                opened.append(tool)
        self._close(opened)

    def model_call(self, c: _Call, parent: Any) -> None:
        done = c.completion
        attrs = {"gen_ai.operation.name": "chat", "gen_ai.provider.name": _provider(c.spec),
                 "gen_ai.request.model": c.spec, "gen_ai.request.max_tokens": c.options.get("max_tokens"),
                 "gen_ai.request.temperature": c.options.get("temperature"),
                 "gen_ai.request.seed": c.options.get("seed")}
        if done is not None:
            attrs.update({"gen_ai.response.model": done.model or c.spec,
                          "gen_ai.response.finish_reasons": [done.finish_reason or "stop"],
                          **self._usage(done.usage)})
        if c.error:
            attrs["error.type"] = c.error.split(":")[0]
        span, end = self.span(f"chat {c.spec}", c.start, c.end or self.end_time, parent, attrs)
        if c.error:
            from opentelemetry.trace import Status, StatusCode

            span.set_status(Status(StatusCode.ERROR, c.error))
        span.end(end_time=_ns(end))

    @staticmethod
    def _usage(usage: Any) -> dict:
        return {"gen_ai.usage.input_tokens": usage.prompt_tokens, "gen_ai.usage.output_tokens": usage.completion_tokens}


class Tracing:
    """Spans for runs, on ``provider`` (an SDK TracerProvider)."""

    def __init__(self, provider: Any):
        self.provider = provider
        self.tracer = provider.get_tracer("agora")
        self._wrapped: dict[int, TracedBackend] = {}

    def run(self) -> RunTrace:
        """A fresh event handler for one run."""
        return RunTrace(self.tracer)

    def wrap(self, backend: Backend) -> Backend:
        if isinstance(backend, TracedBackend):
            return backend
        key = id(backend)  # one wrapper per backend: debaters sharing a model still share it
        if key not in self._wrapped:
            self._wrapped[key] = TracedBackend(backend)
        return self._wrapped[key]

    def wrap_load(self, load: Callable[[str], Backend]) -> Callable[[str], Backend]:
        return lambda spec: self.wrap(load(spec))

    def shutdown(self) -> None:
        self.provider.shutdown()  # flushes what the batch processor still holds


def tracing_from_env() -> Tracing | None:
    """OTLP export when ``OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`` is set, else None (nothing
    is traced or exported)."""
    if not (os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")):
        return None
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ModuleNotFoundError:
        from agora.errors import missing_extra

        raise missing_extra("opentelemetry-sdk", "otel") from None
    provider = TracerProvider(resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "agora")}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return Tracing(provider)


__all__ = ["Tracing", "RunTrace", "TracedBackend", "tracing_from_env"]
