"""agora: LLM agents (plan, chain-of-thought, ReAct tools, self-critique) and multi-model
debate with a judge, on local GGUF models or any OpenAI-compatible API.

Names are imported lazily so ``import agora`` (and ``agora --help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Agent": "agora.agent",
    "Result": "agora.agent",
    "Debate": "agora.debate",
    "Debater": "agora.debate",
    "DebateResult": "agora.debate",
    "Chat": "agora.chat",
    "Index": "agora.rag.index",
    "load_backend": "agora.backends",
    "Backend": "agora.backends.base",
    "Message": "agora.messages",
    "Completion": "agora.messages",
    "ToolCall": "agora.messages",
    "Usage": "agora.messages",
    "tool": "agora.tools.core",
    "Tool": "agora.tools.core",
    "load_settings": "agora.config",
    "AgoraError": "agora.errors",
    "ConfigError": "agora.errors",
    "BackendError": "agora.errors",
    "ContextOverflow": "agora.errors",
    "ToolError": "agora.errors",
    "LimitExceeded": "agora.errors",
    "RetrievalError": "agora.errors",
    "McpError": "agora.errors",
    "mcp_tools": "agora.mcp",
}

__all__ = sorted(_LAZY)  # noqa: PLE0605  (a list, built from the lazy map so the two cannot drift)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'agora' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
