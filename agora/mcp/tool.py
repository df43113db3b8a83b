"""An MCP server's tool as an ordinary agora :class:`~agora.tools.Tool`.

It keeps the server's JSON schema (nothing is derived again from a Python signature),
checks arguments against it before the round trip, and turns the result (text blocks and
structured content) into the text of a :class:`~agora.tools.ToolResult`, cut to the tool's
budget. The agent loop fences it as untrusted data and cuts it to the observation budget like
every observation, and a registry's approval hook sees these calls like any other.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from agora.errors import McpError
from agora.messages import ToolSpec
from agora.tools.core import DEFAULT_MAX_OUTPUT, Tool, ToolResult, truncate


class AnyArguments(BaseModel):
    """Stands in for the argument model of a function tool: the JSON schema is the server's."""
    model_config = ConfigDict(extra="allow")


@dataclass
class McpTool(Tool):
    connection: Any = None
    schema: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, connection: Any, definition: Any, *, timeout: float | None = None,
           max_output: int = DEFAULT_MAX_OUTPUT) -> "McpTool":
        holder: list[McpTool] = []

        def call(**arguments: Any) -> str:
            """Calling the tool directly: its text, or McpError."""
            result = holder[0].run(arguments)
            if not result.ok:
                raise McpError(result.content)
            return result.content

        made = cls(name=definition.name, description=definition.description, fn=call, args_model=AnyArguments,
                   timeout=timeout or connection.spec.timeout, max_output=max_output,
                   connection=connection, schema=_tidy(definition.input_schema))
        holder.append(made)
        return made

    @property
    def server(self) -> str:
        return self.connection.name

    def adopt(self, definition: Any) -> None:
        """The user accepted the server's new definition."""
        self.description, self.schema = definition.description, _tidy(definition.input_schema)

    def spec(self) -> ToolSpec:
        return ToolSpec(name=self.name, description=self.description, parameters=self.schema)

    def run(self, arguments: dict[str, Any] | None, *, timeout: float | None = None) -> ToolResult:
        started = time.perf_counter()
        arguments = dict(arguments or {})
        problems = check_arguments(self.schema, arguments)
        if problems:
            expected = ", ".join(f"{k}: {v.get('type', 'any')}" for k, v in self.schema.get("properties", {}).items())
            return ToolResult(False, f"invalid arguments for {self.name}: {problems}. Expected {{{expected}}}.",
                              time.perf_counter() - started)
        limit = self.timeout if timeout is None else max(0.05, min(self.timeout, timeout))
        try:
            result = self.connection.call(self.name, arguments, timeout=limit)
        except Exception as err:  # refused, timed out, server gone: the model reads why
            from agora.mcp.client import ToolRefused

            text = str(err) if isinstance(err, ToolRefused) else f"{self.name} failed: {err}"
            return ToolResult(False, truncate(text, self.max_output)[0], time.perf_counter() - started)
        text, ok = result_text(result)
        if not ok:
            text = f"{self.name} failed: {text}"
        text, cut = truncate(text, self.max_output)
        return ToolResult(ok, text, time.perf_counter() - started, cut)


def _tidy(schema: dict[str, Any]) -> dict[str, Any]:
    """The server's schema less its ``title`` keys (noise for the model; SDK servers add one
    per property). Everything that constrains the arguments stays."""
    out = {k: v for k, v in schema.items() if k != "title"}
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: ({kk: vv for kk, vv in v.items() if kk != "title"} if isinstance(v, dict) else v)
                             for k, v in out["properties"].items()}
    out.setdefault("type", "object")
    out.setdefault("properties", {})
    return out


def check_arguments(schema: dict[str, Any], arguments: dict[str, Any]) -> str:
    """What is wrong with ``arguments`` for ``schema`` ("" when they fit)."""
    import jsonschema

    try:
        validator = jsonschema.validators.validator_for(schema)(schema)
        errors = sorted(validator.iter_errors(arguments), key=lambda e: list(e.path))[:5]
    except jsonschema.SchemaError:
        return ""  # the server's schema is broken: let the server judge the arguments
    return "; ".join(f"{'.'.join(map(str, e.path)) or 'arguments'}: {e.message}" for e in errors)


def result_text(result: Any) -> tuple[str, bool]:
    """The text of a CallToolResult and whether it is a success. Text blocks are kept; images,
    audio and binary resources are named, not shown; structured content is added unless the
    text already says the same."""
    parts = []
    for block in getattr(result, "content", None) or []:
        kind = getattr(block, "type", "")
        if kind == "text":
            parts.append(block.text)
        elif kind in ("image", "audio"):
            parts.append(f"[{kind} {getattr(block, 'mime_type', '')}, {len(block.data) * 3 // 4} bytes, not shown]")
        elif kind == "resource":
            res = block.resource
            text = getattr(res, "text", None)
            parts.append(text if text is not None else f"[binary resource {res.uri}, not shown]")
        elif kind == "resource_link":
            parts.append(f"[resource {block.uri}: {getattr(block, 'name', '')}]")
        else:
            parts.append(f"[{kind or 'unknown'} content, not shown]")
    text = "\n".join(parts)
    structured = getattr(result, "structured_content", None)
    if structured is not None and not _says_same(text, structured):
        shown = json.dumps(structured, ensure_ascii=False, default=str)
        text = f"{text}\nstructured content: {shown}" if text else shown
    return (text or "(the tool returned nothing)"), not getattr(result, "is_error", False)


def _says_same(text: str, structured: Any) -> bool:
    """SDK servers send a JSON dump of the structured content as text, or wrap a plain value
    as {"result": value}: no need to show it twice."""
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = text.strip()
    if parsed == structured:
        return True
    if isinstance(structured, dict) and list(structured) == ["result"]:
        value = structured["result"]
        return parsed == value or text.strip() == str(value)
    return False


__all__ = ["McpTool", "result_text", "check_arguments"]
