"""Pinning an MCP server's tools: what a tool is, as the server listed it, and the hash that
says whether it changed since agora connected."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

_NAME_OK = re.compile(r"[^A-Za-z0-9_-]")


@dataclass
class ToolDef:
    """A tool as the server listed it. ``name`` is agora's (letters, digits, _ -), ``remote``
    the server's own."""
    name: str
    remote: str
    description: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any] | None
    fingerprint: str


def fingerprint(tool: Any) -> str:
    """SHA-256 of what the model and the user rely on: name, title, description, schemas."""
    data = {"name": tool.name, "title": getattr(tool, "title", None), "description": tool.description or "",
            "input": tool.input_schema, "output": getattr(tool, "output_schema", None)}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def tool_def(tool: Any) -> ToolDef:
    name = _NAME_OK.sub("_", tool.name)[:64] or "tool"
    return ToolDef(name, tool.name, (tool.description or tool.title or tool.name).strip(),
                   dict(tool.input_schema or {"type": "object", "properties": {}}),
                   dict(tool.output_schema) if getattr(tool, "output_schema", None) else None, fingerprint(tool))


__all__ = ["ToolDef", "fingerprint", "tool_def"]
