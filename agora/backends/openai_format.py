"""Translation between agora's plain data and the OpenAI chat-completions wire format.

Kept apart from the backend so the mapping (messages out, completions in) can be read and
tested on its own. Nothing here talks to the network.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any, Iterator, Sequence, Union
from urllib.parse import urlparse

from agora.errors import ConfigError
from agora.messages import Completion, Message, ToolCall, ToolSpec, Usage


# --- messages out ------------------------------------------------------------------------


def api_messages(messages: Sequence[Message]) -> list[dict]:
    """Messages in the OpenAI format. Assistant tool calls get ids when they have none, and
    a tool result without ``tool_call_id`` answers the oldest pending call (of its name)."""
    out: list[dict] = []
    pending: list[tuple[str, str]] = []  # (id, tool name) of calls not yet answered
    for m in messages:
        if m.role == "assistant" and m.tool_calls:
            calls: list[dict] = []
            for call in m.tool_calls:
                call_id = call.id or f"call_{len(out)}_{len(calls)}"
                pending.append((call_id, call.name))
                calls.append({"id": call_id, "type": "function",
                              "function": {"name": call.name, "arguments": json.dumps(call.arguments)}})
            # "" rather than null: OpenAI takes either, llama-cpp-python's server only a string
            out.append({"role": "assistant", "content": m.content or "", "tool_calls": calls})
        elif m.role == "tool":
            answered = m.tool_call_id or _take_pending(pending, m.name)
            pending[:] = [p for p in pending if p[0] != answered]
            out.append({"role": "tool", "tool_call_id": answered or "call_0", "content": m.content})
        else:
            out.append({"role": m.role, "content": m.content})
    return out


def _take_pending(pending: list[tuple[str, str]], name: str | None) -> str | None:
    for call_id, call_name in pending:
        if name is None or call_name == name:
            return call_id
    return pending[0][0] if pending else None


def emulated_messages(messages: Sequence[Message]) -> list[Message]:
    """The same conversation for a server without tool support: tool calls become the JSON
    tool steps of :func:`agora.backends.base.tool_step_schema`, tool results user messages."""
    from agora.prompts import render

    out: list[Message] = []
    for m in messages:
        if m.role == "assistant" and m.tool_calls:
            steps = [json.dumps({"thought": m.content, "tool": c.name, "arguments": c.arguments})
                     for c in m.tool_calls]
            out.append(Message.assistant("\n".join(steps)))
        elif m.role == "tool":
            out.append(Message.user(render("openai_tool_result", tool=m.name or "tool", content=m.content)))
        else:
            out.append(m)
    return out


def api_tools(tools: Sequence[ToolSpec]) -> list[dict]:
    return [{"type": "function", "function": {"name": t.name, "description": t.description,
                                              "parameters": t.parameters}} for t in tools]


def add_system_text(messages: list[Message], text: str) -> list[Message]:
    """Append ``text`` to the system message (or add one), leaving the input list untouched."""
    messages = list(messages)
    if messages and messages[0].role == "system":
        messages[0] = Message.system(f"{messages[0].content}\n\n{text}".strip())
    else:
        messages.insert(0, Message.system(text))
    return messages


# --- structured output -------------------------------------------------------------------

_NAME = re.compile(r"[^a-zA-Z0-9_-]+")


def response_format(mode: str, schema: dict, *, strict: bool) -> dict | None:
    """``response_format`` for a mode: ``json_schema`` (OpenAI structured outputs),
    ``json_object`` (+ ``schema``, which llama.cpp's server turns into a grammar), ``prompt``
    (none: the schema is only in the prompt)."""
    if mode == "json_schema":
        name = _NAME.sub("_", str(schema.get("title") or "output"))[:64] or "output"
        return {"type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": strict and strict_compatible(schema)}}
    if mode == "json_object":
        return {"type": "json_object", "schema": schema}
    return None


def strict_compatible(schema: Any) -> bool:
    """True when OpenAI's strict mode would accept the schema unchanged: every object lists
    all its properties as required and forbids additional ones."""
    if isinstance(schema, dict):
        if schema.get("type") == "object" or "properties" in schema:
            props = schema.get("properties", {})
            if schema.get("additionalProperties", True) is not False:
                return False
            if set(schema.get("required", [])) != set(props):
                return False
        return all(strict_compatible(v) for v in schema.values())
    if isinstance(schema, list):
        return all(strict_compatible(v) for v in schema)
    return True


# --- completions in ----------------------------------------------------------------------


def parse_arguments(raw: str | dict | None, tool: str) -> dict:
    """Tool-call arguments as a dict; raises ValueError (shown to the model) when they are not."""
    if isinstance(raw, dict):
        return raw
    if not raw or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ValueError(f"the arguments of tool call {tool!r} are not valid JSON: {err}") from None
    if not isinstance(value, dict):
        raise ValueError(f"the arguments of tool call {tool!r} must be a JSON object")
    return value


def read_usage(usage: Any, extra: dict | None) -> Usage | None:
    """Usage from a response. Cached prompt tokens (OpenAI ``prompt_tokens_details``) or
    llama.cpp's ``timings.prompt_n`` give the tokens the server really evaluated."""
    if usage is None:
        return None
    prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
    completion = int(getattr(usage, "completion_tokens", 0) or 0)
    evaluated = prompt
    details = getattr(usage, "prompt_tokens_details", None)
    cached = getattr(details, "cached_tokens", None) if details is not None else None
    if cached:
        evaluated = max(0, prompt - int(cached))
    timings = (extra or {}).get("timings")
    if isinstance(timings, dict) and isinstance(timings.get("prompt_n"), int):
        evaluated = timings["prompt_n"]
    return Usage(prompt_tokens=prompt, completion_tokens=completion, prompt_tokens_evaluated=evaluated, calls=1)


def read_message(text: str | None, raw_calls: list[tuple[str, str, Any]], extra: dict | None) -> Completion:
    """A Completion from an assistant message: text, tool calls ``(id, name, arguments)``,
    and reasoning (the text next to a tool call, or a server's ``reasoning_content``)."""
    text = text or ""
    reasoning = str((extra or {}).get("reasoning_content") or "")
    calls = [ToolCall(id=call_id or f"call_{i}", name=name, arguments=parse_arguments(args, name))
             for i, (call_id, name, args) in enumerate(raw_calls)]
    if calls:
        reasoning = "\n".join(p for p in (reasoning, text) if p)
        text = ""
    return Completion(text=text, reasoning=reasoning, tool_calls=calls)


def extra_fields(obj: Any) -> dict:
    """Non-standard fields a server added to a response object (pydantic ``model_extra``)."""
    return dict(getattr(obj, "model_extra", None) or {})


def read_stream(chunks: Any, started: float) -> Iterator[Union[str, Completion]]:
    """Text deltas of a streamed reply, then its Completion. Tool calls arrive in pieces keyed
    by index and are joined; usage comes in a last chunk without choices, when the server sends
    it at all (``usage.calls`` is 0 otherwise). Raises ValueError for non-JSON arguments."""
    parts: list[str] = []
    calls: dict[int, list[str]] = {}  # index -> [id, name, arguments so far]
    usage: Usage | None = None
    finish = None
    model = ""
    first: float | None = None
    try:
        for chunk in chunks:
            model = model or getattr(chunk, "model", "") or ""
            if getattr(chunk, "usage", None):
                usage = read_usage(chunk.usage, extra_fields(chunk))
            for choice in chunk.choices or []:
                delta = choice.delta
                if delta is None:
                    continue
                if delta.content:
                    first = first or time.perf_counter() - started
                    parts.append(delta.content)
                    yield delta.content
                for call in delta.tool_calls or []:
                    entry = calls.setdefault(call.index or 0, ["", "", ""])
                    entry[0] = call.id or entry[0]
                    if call.function is not None:
                        entry[1] += call.function.name or ""
                        entry[2] += call.function.arguments or ""
                finish = choice.finish_reason or finish
    finally:
        close = getattr(chunks, "close", None)
        if close:
            close()
    completion = read_message("".join(parts), [(i, n, a) for i, n, a in (calls[k] for k in sorted(calls))], None)
    completion.usage = usage or Usage()
    completion.model = model
    completion.finish_reason = finish
    completion.timings.seconds = time.perf_counter() - started
    completion.timings.first_token_seconds = first
    yield completion


# --- URLs and embeddings ------------------------------------------------------------------


def pooled(vector: Any) -> list[float]:
    """One vector per text. llama-cpp-python's server returns one vector per token for models
    without a pooling layer: average them (mean pooling, as the local backend does)."""
    if vector and isinstance(vector[0], list):
        n = len(vector)
        return [sum(column) / n for column in zip(*vector)]
    return [float(x) for x in vector]


def normalize_base_url(url: str) -> str:
    """``http://host:8080`` -> ``http://host:8080/v1``: every compatible server serves /v1."""
    url = url.strip().rstrip("/")
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"not a server URL: {url!r} (expected e.g. http://127.0.0.1:8080/v1)")
    return url if parsed.path else url + "/v1"


# --- error classification ------------------------------------------------------------------

_CONTEXT = re.compile(
    r"context[_ ]length|context window|context size|maximum context|too many tokens|"
    r"exceeds? (?:the )?(?:available )?context|prompt is too long|requested tokens \(\d+\) exceed",
    re.IGNORECASE,
)


def is_invalid_request(status: int | None, message: str) -> bool:
    """A 5xx that is really the server refusing the request's form: retrying cannot help."""
    return status is not None and status >= 500 and "validation error" in message.lower()


def is_context_overflow(status: int | None, message: str, code: str | None = None) -> bool:
    return code == "context_length_exceeded" or (status in (400, 413, 422, 500) and bool(_CONTEXT.search(message)))


_VALIDATION = re.compile(r"validation error|not supported|unsupported|unrecognized|jinja", re.IGNORECASE)


def rejected_feature(status: int | None, message: str, params: dict) -> str | None:
    """Which optional request feature the server refused, so the backend can do without it.
    A 4xx, or a 5xx that is plainly a validation error (llama-cpp-python's server answers an
    unknown ``response_format`` type with HTTP 500)."""
    if status is None or status in (401, 403, 408, 409, 429):
        return None
    if status >= 500 and not _VALIDATION.search(message):
        return None
    low = message.lower()
    if "tools" in params and re.search(r"\btool|function|jinja", low):
        return "tools"
    if "response_format" in params and re.search(r"response_format|json_schema|json_object|schema|grammar", low):
        return "response_format"
    for name in ("stream_options", "seed", "stop", "max_tokens", "temperature"):
        if name in params and name in low:
            return name
    return None
