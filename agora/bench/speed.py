"""The speed benchmark: four figures, each measured on its own so one that cannot run here
(no llama-cpp-python, no stub server) is reported as skipped and the others still run.

1. ``throughput`` -- prompt and generation tokens per second through agora's backend, and
   through llama-cpp-python called directly on the same GGUF file (local models only). Prompt
   speed: a fresh prompt (a nonce first, so no cached prefix flatters it) with a 1-token
   completion; generation speed: the same prompt again, now cached, with N tokens. Medians
   over ``repeats``.
2. ``agent_overhead`` -- seconds per agent step spent outside the model: an Agent calling a
   no-op tool on an instant fake backend, against the same number of raw backend calls.
3. ``debate_prefix_reuse`` -- a 3-debater, 2-round debate on the model: prompt tokens sent
   vs prompt tokens the backend really evaluated (KV-prefix reuse makes the second smaller).
4. ``concurrency`` -- N calls against a loopback OpenAI-compatible stub server that waits a
   fixed delay per call: one after another vs all at once through agora's OpenAI backend.
"""

from __future__ import annotations

import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from agora.backends.base import Backend
from agora.messages import Message

FigureHandler = Callable[[str, dict], None]

_FILLER = ("The quick brown fox jumps over the lazy dog while the orchestra tunes its violins "
           "and a careful clerk counts the coins in the till before closing the shop. ")


def _prompt(words: int = 300) -> str:
    # a nonce first: no two measurements share a cached prefix
    filler = (_FILLER * (words // len(_FILLER.split()) + 1))
    return (f"Session {uuid.uuid4().hex}. Read this text:\n{filler}\n"
            "Now count from 1 to 300, separated by commas.")


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _rates(measure: Callable[[str, int], tuple[float, int, int]], tokens: int, repeats: int) -> dict:
    """measure(prompt, max_tokens) -> (seconds, prompt_tokens, completion_tokens).

    Per repeat: a fresh prompt with max_tokens=1 times the prompt evaluation; the SAME prompt
    again with max_tokens=N then finds it in the KV cache (both agora and llama-cpp-python
    reuse a cached prefix) and times generation almost alone. Medians over the repeats."""
    measure(_prompt(), 4)  # warm-up: first call pays for thread pools, buffers, lazy imports
    pre, gen = [], []
    for _ in range(repeats):
        prompt = _prompt()
        pre.append(measure(prompt, 1))
        gen.append(measure(prompt, tokens))
    t_pre = statistics.median(p[0] for p in pre)
    prompt_tokens = statistics.median(p[1] for p in pre)
    gen_rates = [g[2] / g[0] for g in gen if g[0] > 0]
    return {
        "prompt_tokens": int(prompt_tokens),
        "prompt_tok_per_s": prompt_tokens / t_pre if t_pre > 0 else 0.0,
        "generated_tokens": int(statistics.median(g[2] for g in gen)),
        "gen_tok_per_s": statistics.median(gen_rates) if gen_rates else 0.0,
    }


def throughput(backend: Backend, *, tokens: int = 64, repeats: int = 3) -> dict[str, dict]:
    def via_agora(prompt: str, max_tokens: int) -> tuple[float, int, int]:
        seconds, c = _timed(lambda: backend.complete([Message.user(prompt)], max_tokens=max_tokens,
                                                     temperature=0.0, seed=0))
        return seconds, c.usage.prompt_tokens, c.usage.completion_tokens

    out = {"agora": _rates(via_agora, tokens, repeats)}
    path = _gguf_path(backend.spec)
    if path is None:
        out["llama_cpp_direct"] = {"skipped": "not a local GGUF model"}
        return out
    try:
        import llama_cpp
    except ImportError:
        out["llama_cpp_direct"] = {"skipped": "llama-cpp-python is not installed"}
        return out
    from agora.backends.llama_load import amx_advertised, without_extra_buffers

    # the same load settings as agora's backend, so the comparison is of the call path only:
    # threads, context, and plain weight buffers where the CPU advertises AMX (ggml's AMX
    # buffers crash on hosts that show the flag without enabling it)
    options = getattr(backend, "_options", {}) or {}
    with without_extra_buffers(llama_cpp, not getattr(backend, "_extra_buffers", not amx_advertised())):
        llama = llama_cpp.Llama(model_path=str(path), n_ctx=getattr(backend, "context_size", None) or 4096,
                                n_threads=options.get("n_threads"), verbose=False, seed=0)

    def direct(prompt: str, max_tokens: int) -> tuple[float, int, int]:
        seconds, r = _timed(lambda: llama.create_chat_completion(
            messages=[{"role": "user", "content": prompt}], max_tokens=max_tokens, temperature=0.0))
        return seconds, r["usage"]["prompt_tokens"], r["usage"]["completion_tokens"]

    try:
        out["llama_cpp_direct"] = _rates(direct, tokens, repeats)
    finally:
        if hasattr(llama, "close"):
            llama.close()
    return out


def _gguf_path(spec: str) -> str | None:
    scheme, _, rest = (spec or "").partition(":")
    if scheme == "gguf":
        return rest
    if scheme == "local":
        from agora.backends.models import find_local_model

        found = find_local_model(rest) if rest else None
        return str(found) if found else None
    return None


def agent_overhead(steps: int = 20) -> dict:
    """Agent loop vs raw calls on an instant fake backend: the difference is the loop's own
    cost per step (prompt building, tool dispatch, events, parsing)."""
    from agora.agent.agent import Agent
    from agora.testing.fakes import FunctionBackend
    from agora.tools import tool

    @tool
    def noop(n: int) -> str:
        """Do nothing and say so.

        Args:
            n: any number
        """
        return f"ok {n}"

    def reply(messages: Any, options: dict) -> dict:
        # one distinct tool call per step (the loop detector must not stop it), then an answer
        k = sum(1 for m in messages if m.role == "tool")
        if k < steps:
            return {"thought": f"step {k}", "tool": "noop", "arguments": {"n": k}}
        return {"thought": "done", "answer": "42"}

    backend = FunctionBackend(reply, spec="fake-instant")
    agent = Agent(model=backend, tools=[noop], examples=[], max_steps=steps + 2, max_seconds=60.0)
    seconds, result = _timed(lambda: agent.run("Call noop until told otherwise."))
    calls = len(backend.calls)
    raw = FunctionBackend(reply, spec="fake-instant")
    messages = [Message.user("Call noop.")]
    specs = [noop.spec()]
    raw_seconds, _ = _timed(lambda: [raw.complete(messages, tools=specs) for _ in range(calls)])
    return {
        "agent_calls": calls,
        "stop_reason": getattr(result, "stop_reason", ""),
        "agent_ms_per_step": 1000 * seconds / max(calls, 1),
        "raw_call_ms": 1000 * raw_seconds / max(calls, 1),
        "overhead_ms_per_step": 1000 * (seconds - raw_seconds) / max(calls, 1),
    }


def debate_prefix_reuse(backend: Backend, *, max_tokens: int = 64) -> dict:
    from agora.debate.debate import Debate

    debate = Debate(3, model=backend, rounds=2, aggregate="vote", max_tokens=max_tokens, early_stop=False)
    seconds, result = _timed(lambda: debate.run("What is 17 * 23 + 4?"))
    u = result.usage
    row: dict[str, Any] = {"calls": u.calls, "prompt_tokens_sent": u.prompt_tokens,
                           "prompt_tokens_evaluated": u.prompt_tokens_evaluated, "seconds": seconds}
    if u.prompt_tokens_evaluated is not None and u.prompt_tokens:
        row["evaluated_share"] = u.prompt_tokens_evaluated / u.prompt_tokens
    return row


def concurrency(*, calls: int = 8, delay: float = 0.2) -> dict:
    try:
        from agora.testing.server import FakeOpenAIServer
    except ImportError:
        return {"skipped": "agora.testing.server is not available"}
    from agora.backends import load_backend

    with FakeOpenAIServer(reply="42", delay=delay) as server:
        backend = load_backend(f"openai:stub@{server.url}", api_key="stub")
        ask = lambda: backend.complete([Message.user("What is 6 * 7?")], max_tokens=8)  # noqa: E731
        ask()  # warm-up: connection pool
        serial, _ = _timed(lambda: [ask() for _ in range(calls)])
        with ThreadPoolExecutor(max_workers=calls) as pool:
            parallel, _ = _timed(lambda: list(pool.map(lambda _: ask(), range(calls))))
        backend.close()
    return {"calls": calls, "delay_s": delay, "serial_s": serial, "concurrent_s": parallel,
            "speedup": serial / parallel if parallel > 0 else 0.0,
            "supports_concurrency": backend.supports_concurrency}


def run_speed(model: str | Backend, options: dict | None = None, *, tokens: int = 64, repeats: int = 3,
              delay: float = 0.2, on_figure: FigureHandler | None = None) -> dict[str, dict]:
    """All four measurements; a failing one is recorded as skipped with its reason."""
    from agora.backends import shared_backend

    figures: dict[str, dict] = {}

    def record(name: str, fn: Callable[[], dict]) -> None:
        try:
            row = fn()
        except ImportError as err:
            row = {"skipped": f"missing module: {err.name}"}
        except Exception as err:  # noqa: BLE001 - one failing figure must not lose the others
            row = {"skipped": f"{type(err).__name__}: {err}"}
        rows = row if name == "throughput" and "skipped" not in row else {name: row}
        for key, value in rows.items():
            label = f"throughput ({key})" if key != name else key
            figures[label] = value
            if on_figure is not None:
                on_figure(label, value)

    backend = shared_backend(model, **(options or {}))
    record("throughput", lambda: throughput(backend, tokens=tokens, repeats=repeats))
    record("agent_overhead", agent_overhead)
    record("debate_prefix_reuse", lambda: debate_prefix_reuse(backend))
    record("concurrency", lambda: concurrency(delay=delay))
    return figures


__all__ = ["run_speed", "throughput", "agent_overhead", "debate_prefix_reuse", "concurrency"]
