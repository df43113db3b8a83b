"""The bench's own tools: 54 typed ``@tool`` functions over six domains, each registered with
a question generator whose right move is exactly one call (see :mod:`.base`).

Schemas vary on purpose: scalars, enums (``Literal``), optional parameters with defaults,
arrays of strings and of objects, nested objects two levels deep. Three domains belong to
the dev split and three to the held-out one (:data:`DEV_MODULES`, :data:`HELDOUT_MODULES`):
no held-out tool, and no held-out question template, is ever seen while designing.
"""

from __future__ import annotations

from agora.bench.toolset import devops, health, home, office, shop, travel  # noqa: F401  (registers)
from agora.bench.toolset.base import REGISTRY, ToolCase
from agora.tools.core import Tool

DEV_MODULES = ("travel", "home", "office")
HELDOUT_MODULES = ("shop", "health", "devops")

#: tool name -> Tool
TOOLS: dict[str, Tool] = {c.tool.name: c.tool for c in REGISTRY}
#: tool name -> its ToolCase
CASES: dict[str, ToolCase] = {c.tool.name: c for c in REGISTRY}


def cases(split: str) -> list[ToolCase]:
    modules = DEV_MODULES if split == "dev" else HELDOUT_MODULES
    return [c for c in REGISTRY if c.module in modules]


def tools_named(names: list[str] | tuple[str, ...]) -> list[Tool]:
    return [TOOLS[n] for n in names]


__all__ = ["TOOLS", "CASES", "DEV_MODULES", "HELDOUT_MODULES", "cases", "tools_named", "ToolCase"]
