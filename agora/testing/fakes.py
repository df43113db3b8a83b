"""Fake backends that ship with the library, for deterministic tests of logic.

* :class:`ScriptedBackend` replays a list of replies in order, records every call in
  ``.calls``, fails on a call it has no reply for, and ``assert_done()`` fails on replies left.
* :class:`FunctionBackend` answers with ``fn(messages, options)``, and streams with
  ``stream_fn(messages, options)`` (text pieces) when given one.
* :class:`CallEachToolBackend` calls every tool it is offered once, with arguments made from
  the tool's schema, then answers with what the tools returned (a smoke test of your tools,
  like pydantic-ai's ``TestModel``).
* :class:`EchoBackend` (spec ``fake[:reply]``) always gives the same reply; asked for a
  schema it returns the smallest object valid for it. Used by CLI tests.

A reply may be: a ``str`` (the text; parsed as JSON when a schema was asked for), a ``dict``
(structured output, or a tool step ``{"thought", "tool", "arguments"}`` when tools were
given), a :class:`ToolCall`, a :class:`Completion`, an exception instance (raised), or a
callable ``(messages, options) -> reply``.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any, Callable, Iterable, Iterator, Sequence, Union

from agora.backends.base import Backend, read_tool_step, schema_dict, validate_output
from agora.errors import BackendError
from agora.messages import Completion, Message, ToolCall, Usage
from agora.text import estimate_tokens

Reply = Any


class UnexpectedCall(AssertionError):
    """A scripted backend was called more times than it has replies."""


def make_completion(reply: Reply, messages: Sequence[Message], options: dict, *, model: str = "fake") -> Completion:
    """Turn one scripted reply into the Completion a real backend would return."""
    if callable(reply) and not isinstance(reply, (ToolCall, Completion)):
        reply = reply(messages, options)
    if isinstance(reply, BaseException):
        raise reply
    started = time.perf_counter()
    schema = options.get("output_schema")
    tools = options.get("tools")
    if isinstance(reply, Completion):
        completion = reply.model_copy(deep=True)
    elif isinstance(reply, ToolCall):
        completion = Completion(tool_calls=[reply], finish_reason="tool_calls")
    elif isinstance(reply, dict):
        text = json.dumps(reply)
        if tools and ("tool" in reply or "answer" in reply) and schema is None:
            completion = read_tool_step(dict(reply), Completion(text=text))
        else:
            completion = Completion(text=text)
            if schema is not None:
                completion.parsed = validate_output(schema, text)
    elif isinstance(reply, str):
        completion = Completion(text=reply)
        if schema is not None:
            try:
                completion.parsed = validate_output(schema, reply)
            except ValueError as err:
                raise BackendError(f"scripted reply does not match the schema: {err}") from None
    else:
        raise TypeError(f"cannot use {reply!r} as a scripted reply")
    if not completion.usage.calls:
        prompt = sum(estimate_tokens(m.content) for m in messages)
        out = completion.text + "".join(json.dumps(c.arguments) for c in completion.tool_calls)
        completion.usage = Usage(prompt_tokens=prompt, completion_tokens=estimate_tokens(out),
                                 prompt_tokens_evaluated=prompt, calls=1)
    completion.model = completion.model or model
    completion.finish_reason = completion.finish_reason or "stop"
    completion.timings.seconds = completion.timings.seconds or (time.perf_counter() - started)
    return completion


class ScriptedBackend(Backend):
    """Replays ``replies`` in order. ``delay`` seconds are slept per call (to test concurrency)."""

    def __init__(self, replies: Sequence[Reply] = (), *, spec: str = "scripted",
                 concurrent: bool = False, delay: float = 0.0, context_size: int | None = 4096):
        self.replies = list(replies)
        self.calls: list[dict[str, Any]] = []
        self.spec = spec
        self.supports_concurrency = concurrent
        self.delay = delay
        self.context_size = context_size
        self._lock = threading.Lock()

    def complete(self, messages: Sequence[Message], **options: Any) -> Completion:
        with self._lock:
            self.calls.append({"messages": [m.model_copy() for m in messages], **options})
            if not self.replies:
                last = messages[-1].content[:200] if messages else ""
                raise UnexpectedCall(f"{self.spec}: no scripted reply left for call #{len(self.calls)} "
                                     f"(last message: {last!r})")
            reply = self.replies.pop(0)
        if self.delay:
            time.sleep(self.delay)
        return make_completion(reply, messages, options, model=self.spec)

    def assert_done(self) -> None:
        if self.replies:
            raise AssertionError(f"{self.spec}: {len(self.replies)} scripted replies were never used")


class FunctionBackend(Backend):
    """Answers every call with ``fn(messages, options)`` (any reply form, see module doc).
    ``stream()`` yields the text pieces of ``stream_fn(messages, options)`` as they come, then
    the Completion of their joined text; without a ``stream_fn`` it yields ``fn``'s text whole.
    With ``continue_fn(messages, reply, grammar)`` it also continues replies (``continue_text``), and
    with ``score_fn(messages, reply, lines)`` it scores lines (``score_lines``)."""

    def __init__(self, fn: Callable[[Sequence[Message], dict], Reply] | None = None, *, spec: str = "function",
                 concurrent: bool = False, context_size: int | None = 4096,
                 embed_fn: Callable[[str], list[float]] | None = None,
                 stream_fn: Callable[[Sequence[Message], dict], Iterable[str]] | None = None,
                 continue_fn: Callable[[Sequence[Message], str, str], str] | None = None,
                 score_fn: Callable[[Sequence[Message], str, Sequence[str]], list[float]] | None = None):
        if fn is None and stream_fn is None:
            raise TypeError("FunctionBackend needs fn, stream_fn or both")
        if fn is None:
            pieces = stream_fn  # complete() joins what stream() would yield

            def fn(messages: Sequence[Message], options: dict) -> Reply:
                return "".join(pieces(messages, options))  # type: ignore[misc]
        self.fn = fn
        self.stream_fn = stream_fn
        self.calls: list[dict[str, Any]] = []
        self.spec = spec
        self.supports_concurrency = concurrent
        self.context_size = context_size
        self.embed_fn = embed_fn
        self.continue_fn = continue_fn
        self.continues_text = continue_fn is not None
        self.score_fn = score_fn
        self.scores_lines = score_fn is not None
        self._lock = threading.Lock()

    def complete(self, messages: Sequence[Message], **options: Any) -> Completion:
        with self._lock:
            self.calls.append({"messages": [m.model_copy() for m in messages], **options})
        return make_completion(self.fn(messages, options), messages, options, model=self.spec)

    def continue_text(self, messages: Sequence[Message], reply: str, grammar: str, *,
                      max_tokens: int = 64) -> Completion:
        """``continue_fn(messages, reply, grammar)``'s text (the grammar is not enforced)."""
        if self.continue_fn is None:
            return super().continue_text(messages, reply, grammar, max_tokens=max_tokens)
        with self._lock:
            self.calls.append({"messages": [m.model_copy() for m in messages], "reply": reply, "grammar": grammar})
        return make_completion(self.continue_fn(messages, reply, grammar), messages, {}, model=self.spec)

    def score_lines(self, messages: Sequence[Message], reply: str, lines: Sequence[str]) -> tuple[list[float], Usage]:
        """``score_fn(messages, reply, lines)``, as one call."""
        if self.score_fn is None:
            return super().score_lines(messages, reply, lines)
        with self._lock:
            self.calls.append({"messages": [m.model_copy() for m in messages], "reply": reply, "lines": list(lines)})
        return list(self.score_fn(messages, reply, lines)), Usage(calls=1)

    def stream(self, messages: Sequence[Message], **options: Any) -> Iterator[Union[str, Completion]]:
        if self.stream_fn is None:
            yield from super().stream(messages, **options)
            return
        with self._lock:
            self.calls.append({"messages": [m.model_copy() for m in messages], "stream": True, **options})
        parts: list[str] = []
        for piece in self.stream_fn(messages, options):
            if isinstance(piece, BaseException):
                raise piece
            parts.append(piece)
            yield piece
        yield make_completion("".join(parts), messages, options, model=self.spec)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self.embed_fn is None:
            return super().embed(texts)
        return [list(self.embed_fn(t)) for t in texts]


class EchoBackend(Backend):
    """Always the same reply (spec ``fake[:reply]``). With a schema: the smallest valid object,
    its strings set to the reply. With tools: a final answer. Offline and instant."""

    def __init__(self, reply: str = "42", *, spec: str = "fake"):
        self.reply = reply
        self.spec = spec
        self.context_size = 4096
        self.supports_concurrency = True

    def complete(self, messages: Sequence[Message], **options: Any) -> Completion:
        schema = options.get("output_schema")
        if schema is not None:
            reply: Reply = example_for_schema(schema_dict(schema), self.reply)
        elif options.get("tools"):
            reply = {"thought": "", "answer": self.reply}
        else:
            reply = self.reply
        return make_completion(reply, messages, options, model=self.spec)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        # a deterministic bag-of-letters vector: similar texts get similar vectors
        out = []
        for t in texts:
            v = [0.0] * 32
            for ch in t.lower():
                if ch.isalnum():
                    v[ord(ch) % 32] += 1.0
            out.append(v)
        return out


class CallEachToolBackend(Backend):
    """Calls each tool it is offered once, in the order offered, with arguments made from the
    tool's JSON schema (:func:`example_for_schema`; strings are ``text``), then answers with
    what each returned as JSON ``{tool: output}``. A smoke test for your own tools: every
    tool gets valid arguments, runs inside the agent loop, and its output reaches the model::

        backend = CallEachToolBackend()
        result = Agent(model=backend, tools=[my_tool, other_tool]).run("go")
        assert all(step.ok for step in result.tool_steps())
    """

    #: its calls come as a tools API gives them: the agent runs its placeholder arguments
    #: as they are (on an emulating backend it would choose them again among the request's words)
    native_tools = True

    def __init__(self, text: str = "a", *, spec: str = "call-each-tool"):
        self.text = text
        self.spec = spec
        self.context_size = 8192
        self.calls: list[dict[str, Any]] = []
        self._issued: set[str] = set()  # ids of its own calls: worked examples have tool results too
        self._lock = threading.Lock()

    def complete(self, messages: Sequence[Message], **options: Any) -> Completion:
        tools = options.get("tools") or []
        seen = {m.name: m.content for m in messages if m.role == "tool" and m.tool_call_id in self._issued}
        with self._lock:
            self.calls.append({"messages": [m.model_copy() for m in messages], **options})
            for spec in tools:
                if spec.name not in seen:
                    call = ToolCall(id=f"{self.spec}-{len(self._issued) + 1}", name=spec.name,
                                    arguments=example_for_schema(spec.parameters, self.text))
                    self._issued.add(call.id)
                    return make_completion(call, messages, options, model=self.spec)
        answer = json.dumps(seen, ensure_ascii=False)
        schema = options.get("output_schema")
        if schema is not None:
            return make_completion(example_for_schema(schema_dict(schema), answer), messages, options,
                                   model=self.spec)
        reply: Reply = {"thought": "", "answer": answer} if tools else answer
        return make_completion(reply, messages, options, model=self.spec)


def example_for_schema(schema: dict, text: str = "x", _defs: dict | None = None) -> Any:
    """The smallest instance of a JSON schema (strings become ``text``). Covers the subset
    that pydantic models and tool signatures produce."""
    defs = _defs if _defs is not None else {**schema.get("$defs", {}), **schema.get("definitions", {})}
    if "$ref" in schema:
        return example_for_schema(defs[schema["$ref"].split("/")[-1]], text, defs)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            # prefer the branch that gives a final answer when the schema is a tool step
            for s in options:
                if "answer" in s.get("properties", {}):
                    return example_for_schema(s, text, defs)
            return example_for_schema(options[-1] if key != "allOf" else options[0], text, defs)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: example_for_schema(props[k], text, defs) for k in schema.get("required", list(props))}
    if kind == "array":
        n = schema.get("minItems", 0)
        return [example_for_schema(schema.get("items", {}), text, defs) for _ in range(n)]
    if kind == "string":
        s = text
        if "pattern" in schema:  # a few plain candidates; pass text= for anything else
            import re

            s = next((c for c in (text, "1", "0", "x", "a1", "1 + 1") if re.search(schema["pattern"], c)), text)
        if "minLength" in schema and len(s) < schema["minLength"]:
            s = s + "x" * (schema["minLength"] - len(s))
        return s[: schema.get("maxLength", len(s))]
    if kind in ("integer", "number"):
        return _number_in(schema, kind == "integer")
    if kind == "boolean":
        return True
    return None


def _number_in(schema: dict, integer: bool) -> int | float:
    """The number nearest zero within the schema's bounds (inclusive or exclusive)."""
    import math

    lo, hi = schema.get("minimum"), schema.get("maximum")
    xlo, xhi = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    step = 1 if integer else 0.5
    if xlo is not None:
        floor = math.floor(xlo) + 1 if integer else xlo + step
        lo = floor if lo is None else max(lo, floor)
    if xhi is not None:
        ceil = math.ceil(xhi) - 1 if integer else xhi - step
        hi = ceil if hi is None else min(hi, ceil)
    if integer:
        lo = math.ceil(lo) if lo is not None else None
        hi = math.floor(hi) if hi is not None else None
    value: int | float = 0
    if lo is not None and value < lo:
        value = lo
    if hi is not None and value > hi:
        value = hi
    return int(value) if integer else value


__all__ = ["ScriptedBackend", "FunctionBackend", "EchoBackend", "CallEachToolBackend", "UnexpectedCall", "make_completion",
           "example_for_schema"]
