"""Tools for agents (installed as ``agora.tools``).

The framework is in :mod:`agora.tools.core`. Built-in tools are modules here, each exposing
``build(**options) -> list[Tool]``; they are imported only when asked for by name, so a
missing optional package (ddgs for search, pint for units) matters only to the user who wants that tool.
"""

from __future__ import annotations

import importlib
from typing import Any, Iterable

from agora.errors import ConfigError

from agora.tools.core import Tool, ToolRegistry, ToolResult, fence, make_tool, tool, truncate

#: name -> module that builds it
BUILTIN = {
    "calculator": "agora.tools.calculator",
    "python": "agora.tools.python",
    "search": "agora.tools.search",
    "retrieve": "agora.tools.retrieve",
    "units": "agora.tools.units",
    "dates": "agora.tools.dates",
}


def builtin_tools(name: str, **options: Any) -> list[Tool]:
    """The built-in tool(s) called ``name`` (``search`` also brings ``fetch``; ``units`` is
    ``convert``; ``dates`` is ``days_between``, ``shift_date`` and ``weekday``)."""
    module = BUILTIN.get(name)
    if module is None:
        raise ConfigError(f"unknown tool {name!r}: choose from {', '.join(BUILTIN)}")
    return list(importlib.import_module(module).build(**options))


def resolve_tools(items: str | Iterable[str | Tool] | None, **options: Any) -> list[Tool]:
    """Tools from a comma-separated string or a list of names, Tool objects and toolsets
    (sequences of Tools, such as an MCP server's).
    ``options`` go to every built-in factory that accepts them (e.g. ``index=`` for retrieve)."""
    if not items:
        return []
    if isinstance(items, str):
        items = [s.strip() for s in items.split(",") if s.strip()]
    out: list[Tool] = []
    for item in items:
        if isinstance(item, Tool):
            out.append(item)
        elif not isinstance(item, str) and isinstance(item, Iterable):
            out.extend(resolve_tools(list(item), **options))  # a toolset, e.g. agora.mcp.mcp_tools(...)
        else:
            out.extend(builtin_tools(item, **options))
    ToolRegistry(out)  # two tools of one name are a ConfigError now, not at the first question
    return out


__all__ = ["Tool", "ToolRegistry", "ToolResult", "tool", "make_tool", "fence", "truncate", "BUILTIN",
           "builtin_tools", "resolve_tools"]
