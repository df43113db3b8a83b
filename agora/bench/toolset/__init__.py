"""The bench's own tools: 72 typed ``@tool`` functions over nine domains, each registered with
a question generator whose right move is exactly one call (see :mod:`.base`).

Schemas vary on purpose: scalars, enums (``Literal``), optional parameters with defaults,
arrays of strings and of objects, nested objects two levels deep. Six domains belong to
the dev split, in two toolsets (:data:`DEV_MODULES` for ``toolcall_a``, :data:`DEV2_MODULES`
for ``toolcall_c``), and three to the held-out one (:data:`HELDOUT_MODULES`): no held-out
tool, and no held-out question template, is ever seen while designing.
"""

from __future__ import annotations

from agora.bench.toolset import devops, events, garden, health, home, office, school, shop, travel  # noqa: F401
from agora.bench.toolset.base import REGISTRY, ToolCase
from agora.tools.core import Tool

DEV_MODULES = ("travel", "home", "office")
HELDOUT_MODULES = ("shop", "health", "devops")
#: a second dev toolset, written after the loop's call-copying rules were tuned on the first:
#: how well those rules carry over to new domains is measured here, not on held-out tools
DEV2_MODULES = ("school", "garden", "events")

#: tool name -> Tool
TOOLS: dict[str, Tool] = {c.tool.name: c.tool for c in REGISTRY}
#: tool name -> its ToolCase
CASES: dict[str, ToolCase] = {c.tool.name: c for c in REGISTRY}


def cases(split: str) -> list[ToolCase]:
    modules = {"dev": DEV_MODULES, "dev2": DEV2_MODULES}.get(split, HELDOUT_MODULES)
    return [c for c in REGISTRY if c.module in modules]


def tools_named(names: list[str] | tuple[str, ...]) -> list[Tool]:
    return [TOOLS[n] for n in names]


__all__ = ["TOOLS", "CASES", "DEV_MODULES", "DEV2_MODULES", "HELDOUT_MODULES", "cases", "tools_named", "ToolCase"]
