"""What a client may send to ``POST /v1/chat/completions``, checked before any run starts.

Unknown fields are refused (a typo must not be silently ignored); OpenAI fields that have
no meaning for an agora profile are accepted and ignored, except those that would change
what the client expects back (``n`` > 1, client-side ``tools``), which are refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agora.messages import Message
from agora.serve.errors import APIError, bad_request, too_large


@dataclass
class Limits:
    max_body_bytes: int = 1_000_000
    max_messages: int = 200
    max_message_chars: int = 64_000
    #: per-run ceilings; a request or profile asking for more gets these
    max_seconds: float = 300.0
    max_tokens: int = 4096
    token_budget: int | None = 50_000


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")
    include_usage: bool = False


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str
    messages: list[dict[str, Any]]
    stream: bool = False
    stream_options: StreamOptions | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    seed: int | None = None
    n: int | None = Field(default=None, ge=1)
    tools: list[Any] | None = None
    # accepted, no meaning for a profile
    top_p: float | None = None
    stop: Any = None
    user: str | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    logit_bias: dict[str, Any] | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    response_format: dict[str, Any] | None = None
    tool_choice: Any = None
    parallel_tool_calls: bool | None = None
    metadata: dict[str, Any] | None = None
    store: bool | None = None
    service_tier: str | None = None
    reasoning_effort: str | None = None


def parse_body(raw: bytes, limits: Limits) -> tuple[ChatRequest, list[Message]]:
    """The request and its conversation as agora messages; raises APIError (400 / 413)."""
    if len(raw) > limits.max_body_bytes:
        raise too_large(f"the request body is larger than {limits.max_body_bytes} bytes")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise bad_request(f"the request body is not valid JSON: {err}", code="invalid_json") from None
    if not isinstance(data, dict):
        raise bad_request("the request body must be a JSON object")
    try:
        req = ChatRequest.model_validate(data)
    except ValidationError as err:
        e = err.errors()[0]
        where = ".".join(map(str, e["loc"]))
        if e["type"] == "extra_forbidden":
            raise bad_request(f"unknown field '{where}'", param=where, code="unknown_field") from None
        raise bad_request(f"{where}: {e['msg']}", param=where) from None
    if req.n not in (None, 1):
        raise bad_request("n must be 1: a profile gives one answer per request", param="n")
    if req.tools:
        raise bad_request("client-side tools are not supported: a profile brings its own tools", param="tools")
    if not req.messages:
        raise bad_request("messages must not be empty", param="messages")
    if len(req.messages) > limits.max_messages:
        raise too_large(f"at most {limits.max_messages} messages per request ({len(req.messages)} sent)")
    messages = [_message(m, i, limits) for i, m in enumerate(req.messages)]
    if messages[-1].role != "user" or not messages[-1].content.strip():
        raise bad_request("the last message must be a non-empty user message", param="messages")
    return req, messages


def _message(raw: dict[str, Any], i: int, limits: Limits) -> Message:
    role = raw.get("role")
    if role == "developer":  # OpenAI's newer name for the system role
        role = "system"
    if role not in ("system", "user", "assistant", "tool"):
        raise bad_request(f"messages[{i}].role must be system, user, assistant or tool", param=f"messages.{i}.role")
    content = raw.get("content")
    if isinstance(content, list):  # content parts: only text has a meaning here
        texts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text":
                raise bad_request(f"messages[{i}]: only text content parts are supported",
                                  param=f"messages.{i}.content")
            texts.append(str(part.get("text", "")))
        content = "\n".join(texts)
    if content is None:
        content = ""
    if not isinstance(content, str):
        raise bad_request(f"messages[{i}].content must be a string or a list of text parts",
                          param=f"messages.{i}.content")
    if len(content) > limits.max_message_chars:
        raise too_large(f"messages[{i}] is longer than {limits.max_message_chars} characters")
    if role == "tool":  # the conversation's earlier tool results are shown as plain text
        return Message.user(f"(tool result)\n{content}")
    return Message(role=role, content=content)


def check_length(header: str | None, limits: Limits) -> None:
    """Refuse a body announced as too large before reading it."""
    if header is None:
        return
    try:
        size = int(header)
    except ValueError:
        raise bad_request("invalid Content-Length header") from None
    if size > limits.max_body_bytes:
        raise too_large(f"the request body is larger than {limits.max_body_bytes} bytes")


__all__ = ["Limits", "ChatRequest", "parse_body", "check_length", "APIError"]
