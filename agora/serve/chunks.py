"""Agora's events as OpenAI chat output.

The answer is ``content``; everything that led to it is ``reasoning_content`` (the field chat
UIs show as the model's thinking): the chain of thought as it is generated, the plan, each
thought, tool call and tool result, each debater's answer per round, the judge's verdict and
the vote. :class:`ReasoningText` turns one event into that text; the chunk helpers build the
JSON of ``chat.completion`` and ``chat.completion.chunk`` objects.
"""

from __future__ import annotations

import json
import time
from typing import Any

from agora.events import (Critique, DebateTurn, Draft, LimitReached, Notice, Observation, PlanMade,
                          RoundFinished, Thought, TokenDelta, ToolCalled, VerdictGiven)

OBSERVATION_CHARS = 400  # tool output is shown folded to this much in the reasoning


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ReasoningText:
    """Event -> reasoning text, one instance per run (it remembers who streamed tokens, so a
    draft whose reasoning was already streamed token by token is not repeated)."""

    def __init__(self) -> None:
        self._shown: set[str] = set()  # sources whose reasoning is already out (tokens, thoughts)
        self._in_tokens = False
        self._root: str | None = None  # the run's own source: its lines need no name

    def __call__(self, event: Any) -> str:
        if self._root is None and getattr(event, "type", "") == "run_started":
            self._root = event.source
        named = event.source and event.source not in (self._root, "debate", "judge", "server")
        who = f"[{event.source}] " if named else ""
        if isinstance(event, TokenDelta):
            self._shown.add(event.source)
            self._in_tokens = True
            return event.text
        text = self._line(event, who)
        if text and isinstance(event, (Thought, ToolCalled, Observation, PlanMade)):
            self._shown.add(event.source)
        if text and self._in_tokens:  # close the streamed paragraph first
            self._in_tokens = False
            text = "\n\n" + text
        return text

    def _line(self, e: Any, who: str) -> str:
        if isinstance(e, PlanMade):
            steps = "\n".join(f"  {i}. {s}" for i, s in enumerate(e.steps, 1))
            return f"{who}{'Revised plan' if e.replan else 'Plan'}:\n{steps}\n"
        if isinstance(e, Thought):
            return f"{who}{e.text.strip()}\n"
        if isinstance(e, ToolCalled):
            return f"{who}→ {e.call.name}({json.dumps(e.call.arguments, ensure_ascii=False, default=str)})\n"
        if isinstance(e, Observation):
            mark = "←" if e.ok else "✗"
            return f"{who}{mark} {e.tool}: {_short(e.content, OBSERVATION_CHARS)}\n"
        if isinstance(e, Critique):
            problems = "; ".join(e.problems)
            return f"{who}Critique: {e.verdict}{': ' + problems if problems else ''}\n"
        if isinstance(e, Draft):
            if e.revision:
                return f"{who}Revised answer: {e.answer}\n"
            if e.source not in self._shown and e.reasoning and e.reasoning.strip() != e.answer.strip():
                return f"{who}{e.reasoning.strip()}\n"
            return ""
        if isinstance(e, DebateTurn):
            head = f"Round {e.round + 1}, {e.debater}: "
            if not e.ok:
                return head + f"(no answer: {e.error})\n"
            reason = _short(e.reasoning, 600) if e.reasoning.strip() != e.answer.strip() else ""
            return head + e.answer + (f"\n  {reason}" if reason else "") + "\n"
        if isinstance(e, RoundFinished):
            return f"Round {e.round + 1}: {'all debaters agree' if e.consensus else 'no consensus yet'}\n"
        if isinstance(e, VerdictGiven):
            if e.source == "judge":  # the debate's own verdict follows, with the method that decided
                return ""
            out = f"Verdict ({e.method}): {e.answer}"
            if e.confidence is not None:
                out += f" (confidence {e.confidence:.2f})"
            if e.sided_with:
                out += f", siding with {', '.join(e.sided_with)}"
            if e.vote_answer is not None:
                out += f"; majority vote: {e.vote_answer}"
            if e.rationale:
                out += f"\n  {_short(e.rationale, 800)}"
            return out + "\n"
        if isinstance(e, LimitReached):
            return f"{who}(stopped: {e.detail or e.limit})\n"
        if isinstance(e, Notice) and e.level != "info":
            return f"{who}({e.level}: {e.text})\n"
        return ""


def usage_json(usage: Any) -> dict[str, int]:
    return {"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens,
            "total_tokens": usage.total_tokens}


def finish_reason(answer: Any) -> str:
    """OpenAI's finish reasons: a run cut by a token or step limit is 'length'."""
    return "stop" if answer.complete or answer.stop_reason in ("consensus", "rounds") else "length"


def chunk(run_id: str, model: str, delta: dict[str, Any] | None, *, finish: str | None = None,
          usage: dict | None = None, created: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": run_id, "object": "chat.completion.chunk", "created": created or int(time.time()),
                           "model": model, "choices": []}
    if delta is not None:
        out["choices"] = [{"index": 0, "delta": delta, "finish_reason": finish}]
    if usage is not None:
        out["usage"] = usage
    return out


def completion(run_id: str, model: str, answer: Any, reasoning: str, created: int) -> dict[str, Any]:
    message = {"role": "assistant", "content": answer.answer}
    if reasoning:
        message["reasoning_content"] = reasoning
    return {"id": run_id, "object": "chat.completion", "created": created, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason(answer)}],
            "usage": usage_json(answer.usage)}


def sse(data: Any) -> bytes:
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


DONE = b"data: [DONE]\n\n"
#: an SSE comment, which clients skip: sent after PING_SECONDS without an event, so a proxy
#: does not drop a stream while a debater thinks for a long time without streaming
KEEP_ALIVE = b": keep-alive\n\n"
PING_SECONDS = 15.0
PING = object()


async def next_event(queue: Any, seconds: float | None = None) -> Any:
    """The next item of a run's queue, or PING after ``seconds`` (PING_SECONDS) without one."""
    import asyncio

    try:
        return await asyncio.wait_for(queue.get(), seconds or PING_SECONDS)
    except asyncio.TimeoutError:
        return PING


async def stream_chat(run: Any, model: str, *, include_usage: bool = False):
    """The body of a streamed chat completion, following ``run``: a role chunk, the reasoning
    as it happens, then the answer, the finish reason, usage (when asked) and ``[DONE]``.
    Closing it early (the client went away) cancels the run."""
    from agora.serve.runs import failure

    queue = run.follow()
    text = ReasoningText()
    created = int(run.created)
    try:
        yield sse(chunk(run.id, model, {"role": "assistant", "content": ""}, created=created))
        while (event := await next_event(queue)) is not None:
            if event is PING:
                yield KEEP_ALIVE
                continue
            piece = text(event)
            if piece:
                yield sse(chunk(run.id, model, {"reasoning_content": piece}, created=created))
        error = failure(run)
        if error is not None:  # headers are sent: the error goes in the stream, as OpenAI does
            yield sse(error.body())
        else:
            answer = run.answer
            yield sse(chunk(run.id, model, {"content": answer.answer}, created=created))
            yield sse(chunk(run.id, model, {}, finish=finish_reason(answer), created=created))
            if include_usage:
                yield sse(chunk(run.id, model, None, usage=usage_json(answer.usage), created=created))
        yield DONE
    finally:  # also on a client that went away (the response task is cancelled)
        run.unfollow(queue)
        if not run.done.is_set():
            run.cancel("client disconnected")
