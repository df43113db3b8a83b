"""The one error tree of agora. Every error a user can meet is one of these::

    AgoraError                  base of everything agora raises on purpose
    ├── ConfigError             bad spec, bad flag, missing file, missing extra, no API key  (CLI exit 2)
    ├── BackendError            the model backend failed: unreachable, retries spent, bad reply
    │   ├── ContextOverflow     the prompt does not fit the model's context window
    │   └── FormatError         the model's replies never fit the asked format (JSON, tool step)
    ├── ToolError               a tool failed (the agent loop turns it into an observation)
    ├── LimitExceeded           a step / token / time budget ran out
    ├── McpError                an MCP server failed to start, crashed, hung or answered garbage
    └── RetrievalError          the retrieval index is missing, corrupt or built by another embedder

The CLI turns any of them into one line on stderr: exit code 2 for ConfigError (usage),
1 for the rest (runtime).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # errors.py imports nothing of agora at run time
    from agora.messages import Usage


class AgoraError(Exception):
    """Base class. ``str(err)`` is a complete one-line message for a user."""

    exit_code = 1


class ConfigError(AgoraError):
    """Something the user gave us is wrong: model spec, path, flag, missing package or key."""

    exit_code = 2


class BackendError(AgoraError):
    """The model backend could not produce a completion."""


class ContextOverflow(BackendError):
    """The prompt is longer than the model's context window."""


class FormatError(BackendError):
    """The model kept replying outside the asked format (invalid JSON, cut off, repeating
    itself) through every retry. An agent run ends it as a format failure with its best answer.
    ``usage`` holds what the failed tries cost (a ``Usage``), so it is still counted."""

    def __init__(self, message: str, *, usage: Usage | None = None):
        super().__init__(message)
        self.usage = usage


class ToolError(AgoraError):
    """A tool failed. Raised inside tools; the agent loop reports it to the model."""


class LimitExceeded(AgoraError):
    """A budget (steps, tokens, wall time) ran out."""


class McpError(AgoraError):
    """An MCP server could not be used: it failed to start or to answer the handshake, crashed,
    hung, or sent something that is not MCP. (A bad spec or config entry is a ConfigError.)"""


class RetrievalError(AgoraError):
    """The retrieval index cannot be used (missing, corrupt, embedding-model mismatch)."""


def missing_extra(package: str, extra: str) -> ConfigError:
    """The error for an optional dependency that is not installed."""
    return ConfigError(f"{package} is not installed: pip install 'agora[{extra}]'")
