"""Asking a person on the terminal before a tool call runs (``agora ask --approve [TOOLS]``,
``agora chat --approve``).

    approve python(code: 'print(2 ** 10)')?  [y]es  [n]o  [a]lways python  [s]how full arguments

The question goes to stderr; the answer is one line read from the terminal, so nothing else
queued on stdin is eaten. Values that look like secrets (those of environment variables
named *KEY*, *TOKEN*, *SECRET*, *PASSWORD* ..., and well-known key formats) are shown
redacted, also under "show full arguments". Without a terminal there is no one to ask:
:func:`check_terminal` refuses to start rather than approve silently.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, Callable, TextIO

from agora.errors import ConfigError
from agora.tools.approval import Decision

SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH|COOKIE|SESSION", re.IGNORECASE)
SECRET_SHAPES = re.compile(r"\b(sk-[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|"
                           r"xox[baprs]-[A-Za-z0-9-]{10,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+)")
SHORT = 160


def check_terminal(stdin: TextIO | None = None) -> None:
    """``--approve`` needs a person at a terminal: refuse (exit 2) when stdin is not one."""
    stream = stdin or sys.stdin
    if not (stream is not None and stream.isatty()):
        raise ConfigError("--approve asks on the terminal, but stdin is not a terminal: refusing to run "
                          "rather than approving tool calls silently")


def redact(text: str, environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for name, value in env.items():
        if len(value) >= 6 and SECRET_NAME.search(name) and value in text:
            text = text.replace(value, f"[redacted ${name}]")
    return SECRET_SHAPES.sub("[redacted]", text)


def describe(call: Any, *, full: bool = False) -> str:
    """``name(arg: value, ...)``: string values quoted and long ones shortened, or with
    ``full`` every argument in full on its own lines. Secrets redacted either way."""
    parts = []
    for key, value in (call.arguments or {}).items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        if full:
            parts.append(f"{key}:\n{shown}" if "\n" in shown else f"{key}: {shown}")
            continue
        more = f"… ({len(shown) - SHORT} more characters: [s] shows all)" if len(shown) > SHORT else ""
        shown = shown[:SHORT]
        parts.append(f"{key}: {shown!r}{more}" if isinstance(value, str) else f"{key}: {shown}{more}")
    if full:
        return redact(f"{call.name}(\n" + "\n".join(parts) + "\n)")
    return redact(f"{call.name}({', '.join(parts)})")


class TerminalApprover:
    """An ``approve`` callable that asks on the terminal. ``always`` holds the tools the person
    said "always" for (for this run / chat)."""

    def __init__(self, *, read: Callable[[], str] | None = None, write: Callable[[str], None] | None = None):
        self.always: set[str] = set()
        #: a context manager factory that holds a live display still while asking (agora chat)
        self.pause: Callable[[], Any] | None = None
        self._read = read or self._read_line
        self._write = write or (lambda text: (sys.stderr.write(text), sys.stderr.flush()))

    @staticmethod
    def _read_line() -> str:
        line = sys.stdin.readline()  # one line, nothing more
        if not line:
            raise EOFError
        return line

    def __call__(self, call: Any) -> Decision:
        if call.name in self.always:
            return Decision(True, by="always")
        if self.pause is not None:
            with self.pause():
                return self._ask(call)
        return self._ask(call)

    def _ask(self, call: Any) -> Decision:
        self._write(f"\napprove {describe(call)}?\n")
        for _ in range(5):
            self._write(f"  [y]es  [n]o  [a]lways {call.name}  [s]how full arguments: ")
            try:
                answer = self._read().strip().lower()
            except (EOFError, KeyboardInterrupt):
                self._write("\n")
                return Decision(False, "no answer")
            if answer in ("y", "yes"):
                return Decision(True)
            if answer in ("n", "no"):
                return Decision(False)
            if answer in ("a", "always"):
                self.always.add(call.name)
                return Decision(True, by="always")
            if answer in ("s", "show"):
                self._write(describe(call, full=True) + "\n")
        return Decision(False, "no clear answer")


__all__ = ["TerminalApprover", "check_terminal", "redact", "describe"]
