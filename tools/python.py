"""The ``python`` tool: model-written code runs in a locked-down child process.

The child is ``tools/sandbox_runner.py`` started with an empty environment; it isolates
itself (namespaces, read-only filesystem, rlimits, privilege drop, audit hook; see its
docstring) before reading any code. This side starts it, enforces the wall clock (SIGKILL
to the child's whole process group), and turns what came back into a short observation.

    from agora.tools.python import Sandbox, PythonSession
    Sandbox().run("sum(range(10))").value          # '45'
    with PythonSession() as s: s.run("x = 2"); s.run("x * 21").value   # '42'
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import struct
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from agora.errors import ToolError

from agora.tools.core import make_tool

RUNNER = str(Path(__file__).with_name("sandbox_runner.py"))
STARTUP_SECONDS = 15.0
MAX_REPLY = 4 * 1024 * 1024
SIGNAL_REASONS = {
    signal.SIGKILL: "it was killed (wall-clock time limit or memory)",
    signal.SIGXCPU: "the CPU time limit was exceeded",
    signal.SIGSEGV: "it crashed (segmentation fault, e.g. recursion too deep for the C stack)",
    signal.SIGXFSZ: "the file size limit was exceeded",
    signal.SIGABRT: "it aborted (often: out of memory)",
}


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


def _python_paths() -> tuple[list[str], list[str]]:
    """(read_roots, keep): what the child may read (stdlib first), and the directories of the
    Python installation that must stay visible when private directories are hidden."""
    paths = sysconfig.get_paths()
    roots = [paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"]]
    roots = list(dict.fromkeys(os.path.realpath(p) for p in roots if p))
    keep = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                          os.path.dirname(os.path.realpath(sys.executable)))}
    return roots, sorted(keep | set(roots))


def _hidden_dirs() -> list[str]:
    home = os.path.expanduser("~")
    return ["/tmp", "/var/tmp", "/dev/shm", "/root", "/home", "/run", "/mnt", "/media", "/srv",
            tempfile.gettempdir(), home, os.getcwd()]


class _Child:
    """One runner process and its private work directory."""

    def __init__(self, limits: Limits, *, session: bool, strict: bool, audit: bool, namespaces: bool):
        if os.name != "posix":
            raise ToolError("the python sandbox needs Linux or macOS (it relies on POSIX processes and rlimits)")
        self.limits = limits
        self.workdir = tempfile.mkdtemp(prefix="agora-py-")
        self.proc: subprocess.Popen | None = None
        drop = random.randrange(1_500_000_000, 2_000_000_000) if os.geteuid() == 0 else None
        if drop is not None:  # root: the child becomes this unused uid (see the runner)
            os.chown(self.workdir, drop, drop)
        req_r, self._req_w = os.pipe()
        self._rep_r, rep_w = os.pipe()
        self.raw = tempfile.TemporaryFile()  # fd-level output (C code, fatal errors): diagnostics
        read_roots, keep = _python_paths()
        cfg = {"fd_in": req_r, "fd_out": rep_w, "workdir": self.workdir, "session": session,
               "strict": strict, "audit": audit, "namespaces": namespaces, "drop_uid": drop,
               "drop_gid": drop, "read_roots": read_roots, "keep": keep, "hide": _hidden_dirs(),
               "workdir_mb": limits.workdir_mb, "budget": limits.output_chars,
               "limits": {"cpu": limits.cpu or limits.timeout, "memory_mb": limits.memory_mb,
                          "processes": limits.processes, "file_mb": limits.file_mb,
                          "open_files": limits.open_files}}
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-B", "-X", "utf8", RUNNER, json.dumps(cfg)], stdin=subprocess.DEVNULL,
                stdout=self.raw, stderr=self.raw, env={}, cwd="/", pass_fds=(req_r, rep_w),
                start_new_session=True)
        finally:
            os.close(req_r)
            os.close(rep_w)
        hello = self.read(time.monotonic() + STARTUP_SECONDS)
        if not isinstance(hello, dict) or not hello.get("ready"):
            why = hello.get("detail") if isinstance(hello, dict) else self.death()
            self.close()
            raise ToolError(f"python sandbox unavailable: {why}")
        self.level = hello["level"] + (f" ({hello['detail']})" if hello.get("detail") else "")

    def send(self, obj: dict) -> None:
        data = json.dumps(obj).encode()
        os.write(self._req_w, struct.pack(">I", len(data)))  # pipes take 64 KiB at once;
        view = memoryview(data)  # the child reads as we write, so a long program is fine
        while view:
            view = view[os.write(self._req_w, view[:65536]):]

    def read(self, deadline: float) -> dict | str:
        """A reply, or "timeout" / "eof"."""
        buf, need = b"", 4
        while len(buf) < need:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._rep_r], [], [], left)[0]:
                return "timeout"
            chunk = os.read(self._rep_r, min(need - len(buf), 1 << 20))
            if not chunk:
                return "eof"
            buf += chunk
            if need == 4 and len(buf) == 4:
                need = 4 + struct.unpack(">I", buf)[0]
                if need > MAX_REPLY:
                    return "eof"
        return json.loads(buf[4:].decode("utf-8", "replace"))

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        if self.proc:
            self.proc.wait()

    def death(self) -> str:
        """Why the child ended, in words, with the tail of its raw output."""
        if self.proc:
            try:  # the reply pipe closes a moment before the exit status is mirrored outward
                self.proc.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        code = self.proc.returncode if self.proc else None
        if code is not None and code < 0:
            why = SIGNAL_REASONS.get(-code, f"it was killed by signal {-code}")
        else:
            why = f"it exited with code {code}"
        self.raw.seek(0, os.SEEK_END)
        self.raw.seek(max(0, self.raw.tell() - 600))
        tail = self.raw.read().decode("utf-8", "replace").strip()
        return why + (f"; its last output: {tail}" if tail else "")

    def close(self) -> None:
        self.kill()
        for fd in (self._req_w, self._rep_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.raw.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


class Sandbox:
    """Runs each piece of code in a fresh child process (nothing survives between calls)."""

    session = False

    def __init__(self, limits: Limits | None = None, *, strict: bool = False, audit: bool = True,
                 namespaces: bool = True, **limit_fields):
        self.limits = limits or Limits(**limit_fields)
        self.options = {"strict": strict, "audit": audit, "namespaces": namespaces}
        self.level = ""

    def _spawn(self) -> _Child:
        child = _Child(self.limits, session=self.session, **self.options)
        self.level = child.level
        return child

    def _call(self, child: _Child, code: str) -> tuple[SandboxResult, bool]:
        """Run ``code`` in ``child``; the bool says whether the child is still usable."""
        started = time.monotonic()
        try:
            child.send({"code": code})
        except OSError:
            pass  # the child died; read() reports it
        reply = child.read(started + self.limits.timeout)
        seconds = time.monotonic() - started
        if isinstance(reply, dict):
            fields = {k: reply.get(k) for k in ("stdout", "stderr", "value", "error")}
            return SandboxResult(**{k: v or ("" if k in ("stdout", "stderr") else None)
                                    for k, v in fields.items()}, seconds=seconds, level=child.level), True
        if reply == "timeout":
            child.kill()
            error = f"stopped: the wall-clock time limit of {self.limits.timeout:g} s was reached"
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
        self._box: dict[str, _Child | None] = {"child": None}  # shared with the finalizer
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


_LEVELS: dict[bool, str] = {}


def isolation_level(*, namespaces: bool = True) -> str:
    """The isolation this machine gives the sandbox, e.g.
    "namespaces(net,mount,pid,ipc,uts)+rlimits+uid-drop+audit-hook" (probed once)."""
    if namespaces not in _LEVELS:
        _LEVELS[namespaces] = Sandbox(namespaces=namespaces).run("None").level
    return _LEVELS[namespaces]


def build(*, session: bool = False, strict: bool = False, audit: bool = True, namespaces: bool = True,
          timeout: float = 10.0, cpu: float | None = None, memory_mb: int = 512, processes: int = 32,
          file_mb: int = 16, open_files: int = 64, workdir_mb: int = 64, output_chars: int = 4000,
          **options) -> list:
    """The ``python`` tool. ``session=True`` keeps variables between calls (call ``tool.close()``
    at the end of a run; it is also closed when the process exits). ``strict=True`` refuses to
    run without network isolation. Limits: see :class:`Limits`. Options meant for other tools
    are ignored."""
    limits = Limits(timeout=timeout, cpu=cpu, memory_mb=memory_mb, processes=processes, file_mb=file_mb,
                    open_files=open_files, workdir_mb=workdir_mb, output_chars=output_chars)
    sandbox = (PythonSession if session else Sandbox)(limits, strict=strict, audit=audit, namespaces=namespaces)

    def python(code: str) -> str:
        """Run Python code in an isolated sandbox (no network, no files outside a temporary
        directory) and return what it printed and the value of its last expression.

        Args:
            code: Python source. print() results, or end with an expression to see its value.
        """
        return sandbox.run(code).as_text()

    t = make_tool(python, timeout=sandbox.limits.timeout + STARTUP_SECONDS,
                  max_output=2 * sandbox.limits.output_chars + 200)
    t.close = sandbox.close  # type: ignore[attr-defined]  (agent loop: close tools at the end)
    t.sandbox = sandbox  # type: ignore[attr-defined]
    return [t]


__all__ = ["Limits", "SandboxResult", "Sandbox", "PythonSession", "isolation_level", "build"]
