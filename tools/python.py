"""The ``python`` tool: model-written code runs in a locked-down child process.

The child is ``tools/sandbox_runner.py`` started with an empty environment; it isolates
itself (memory cgroup, fresh keyring, namespaces, read-only filesystem, watchdog init,
rlimits, privilege drop, Landlock, seccomp, audit hook; see its docstring) before reading any
code. This side (tools/sandbox_child.py) starts it, enforces the wall clock (SIGKILL to the
child's whole process group), checks every reply, and turns it into a short observation; a
call that raised, hit a limit or was killed is a failed tool call (``ok=False``).

    from agora.tools.python import Sandbox, PythonSession
    Sandbox().run("sum(range(10))").value          # '45'
    with PythonSession() as s: s.run("x = 2"); s.run("x * 21").value   # '42'
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from agora.tools.core import ToolResult, make_tool
from agora.tools.sandbox_child import STARTUP_SECONDS, BadReply, Child


@dataclass
class Limits:
    """Per call. ``cpu`` defaults to ``timeout``. Sizes in MiB."""

    timeout: float = 10.0
    cpu: float | None = None
    memory_mb: int = 512
    processes: int = 32  # counts threads too (numpy, OpenBLAS)
    file_mb: int = 16
    open_files: int = 64
    workdir_mb: int = 64
    output_chars: int = 4000


@dataclass
class SandboxResult:
    stdout: str = ""
    stderr: str = ""
    value: str | None = None
    error: str | None = None
    seconds: float = 0.0
    level: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_text(self) -> str:
        parts = []
        if self.stdout:
            parts.append(self.stdout.rstrip("\n"))
        if self.stderr:
            parts.append("[stderr]\n" + self.stderr.rstrip("\n"))
        if self.value is not None:
            parts.append(f"[value] {self.value}")
        if self.error:
            parts.append("[error]\n" + self.error)
        return "\n".join(parts) or "(no output; print() something or end with an expression)"


class Sandbox:
    """Runs each piece of code in a fresh child process (nothing survives between calls)."""

    session = False

    def __init__(self, limits: Limits | None = None, *, strict: bool = False, audit: bool = True,
                 namespaces: bool = True, hardening: bool = True, **limit_fields):
        self.limits = limits or Limits(**limit_fields)
        self.options = {"strict": strict, "audit": audit, "namespaces": namespaces, "hardening": hardening}
        self.level = ""

    def _spawn(self) -> Child:
        child = Child(self.limits, session=self.session, **self.options)
        self.level = child.level
        return child

    def _call(self, child: Child, code: str) -> tuple[SandboxResult, bool]:
        """Run ``code`` in ``child``; the bool says whether the child is still usable."""
        started = time.monotonic()
        call_id = child.start_call(code, self.limits.timeout)
        try:
            reply = child.read(started + self.limits.timeout, call_id=call_id)
        except BadReply as err:
            child.kill()
            return SandboxResult(error=f"stopped: the sandbox sent {err}; its process was killed",
                                 seconds=time.monotonic() - started, level=child.level), False
        seconds = time.monotonic() - started
        if isinstance(reply, dict):
            child.end_call()
            return SandboxResult(**reply, seconds=seconds, level=child.level), True
        if reply == "timeout":
            child.kill()
            error = f"stopped: the wall-clock time limit of {self.limits.timeout:g} s was reached (killed)"
        else:
            error = f"stopped: {child.death()}"
        return SandboxResult(error=error, seconds=seconds, level=child.level), False

    def run(self, code: str) -> SandboxResult:
        child = self._spawn()
        try:
            return self._call(child, code)[0]
        finally:
            child.close()

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class PythonSession(Sandbox):
    """Keeps variables between calls: one child process, the same limits on every call. A
    call that hits a limit kills it; the next call starts a fresh one (and says so)."""

    session = True

    def __init__(self, *args, **kwargs):
        import weakref

        super().__init__(*args, **kwargs)
        self._box: dict[str, Child | None] = {"child": None}  # shared with the finalizer
        self._lost = False
        self._lock = threading.Lock()
        # the child dies with this object (or at interpreter exit), even if close() is forgotten
        weakref.finalize(self, _close_box, self._box)

    def run(self, code: str) -> SandboxResult:
        with self._lock:
            restarted = self._lost
            if self._box["child"] is None:
                self._box["child"] = self._spawn()
            result, alive = self._call(self._box["child"], code)
            if not alive:
                _close_box(self._box)
                self._lost = True
                result.error += "\n(the session was reset: variables from earlier calls are gone)"
            elif restarted:
                self._lost = False
                result.stderr = "(note: this is a fresh session; earlier variables are gone)\n" + result.stderr
            return result

    def close(self) -> None:
        with self._lock:
            _close_box(self._box)


def _close_box(box: dict) -> None:
    child, box["child"] = box.get("child"), None
    if child is not None:
        child.close()


_LEVELS: dict[tuple, str] = {}


def isolation_level(*, namespaces: bool = True, hardening: bool = True) -> str:
    """The isolation this machine gives the sandbox, each layer named, e.g.
    "cgroup-memory(v1)+keyring+namespaces(net,mount,pid,ipc,uts)+watchdog+rlimits+uid-drop+
    landlock(v7)+seccomp+audit-hook", with what is missing in parentheses (probed once)."""
    key = (namespaces, hardening)
    if key not in _LEVELS:
        _LEVELS[key] = Sandbox(namespaces=namespaces, hardening=hardening).run("None").level
    return _LEVELS[key]


def build(*, session: bool = False, strict: bool = False, audit: bool = True, namespaces: bool = True,
          hardening: bool = True,
          timeout: float = 10.0, cpu: float | None = None, memory_mb: int = 512, processes: int = 32,
          file_mb: int = 16, open_files: int = 64, workdir_mb: int = 64, output_chars: int = 4000,
          **options) -> list:
    """The ``python`` tool. ``session=True`` keeps variables between calls (call ``tool.close()``
    at the end of a run; it is also closed when the process exits). ``strict=True`` refuses to
    run without seccomp and Landlock (``hardening=False`` leaves those, the memory cgroup and the
    fresh keyring out: for comparison only). Limits: see :class:`Limits`. Options meant for other tools
    are ignored."""
    limits = Limits(timeout=timeout, cpu=cpu, memory_mb=memory_mb, processes=processes, file_mb=file_mb,
                    open_files=open_files, workdir_mb=workdir_mb, output_chars=output_chars)
    sandbox = (PythonSession if session else Sandbox)(limits, strict=strict, audit=audit, namespaces=namespaces,
                                                          hardening=hardening)

    def python(code: str) -> str:
        """Run Python code in an isolated sandbox (no network, no files outside a temporary
        directory) and return what it printed and the value of its last expression.

        Args:
            code: Python source. print() results, or end with an expression to see its value.
        """
        result = sandbox.run(code)
        return ToolResult(result.ok, result.as_text())  # a traceback or a kill is a failed call

    t = make_tool(python, timeout=sandbox.limits.timeout + STARTUP_SECONDS,
                  max_output=2 * sandbox.limits.output_chars + 200)
    t.close = sandbox.close  # type: ignore[attr-defined]  (agent loop: close tools at the end)
    t.sandbox = sandbox  # type: ignore[attr-defined]
    return [t]


__all__ = ["Limits", "SandboxResult", "Sandbox", "PythonSession", "isolation_level", "build"]
