"""One sandbox child process, seen from the parent, which trusts it with nothing.

Every reply is checked before it is believed: its length against a budget-derived ceiling,
that it is JSON, that it has the expected fields of the expected types, and that it answers
the request just sent (a random id per call, so a reply forged by the code and left in the
pipe cannot be read as the answer to the next call). Every field is then cut to its budget
here, whatever the child did. A reply that fails any check is a :class:`BadReply`: the
caller kills the child and reports a tool error.

Children are started from one long-lived thread: the child's parent-death signal fires when
the *thread* that started it ends, and agent tools run in short-lived threads.
"""

from __future__ import annotations

import base64
import json
import marshal
import os
import queue
import random
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

from agora.tools.sandbox_cgroup import MemoryCgroup, create as create_cgroup
from agora.tools.sandbox_seccomp import filter_bpf

RUNNER = str(Path(__file__).with_name("sandbox_runner.py"))
CHILD_MODULES = ("sandbox_runner", "sandbox_os", "sandbox_landlock", "sandbox_hook")
# The child's first lines: read the runner and its modules, compiled here once (the child then
# compiles nothing and imports no importlib machinery), from the request pipe, and run it.
BOOT = """import binascii, marshal, os, sys
cfg = marshal.loads(binascii.a2b_base64(sys.argv[1]))
def _exactly(n):
    b = b""
    while len(b) < n:
        c = os.read(cfg["fd_in"], n - len(b))
        if not c:
            os._exit(3)
        b += c
    return b
BUNDLE = marshal.loads(_exactly(int.from_bytes(_exactly(4), "big")))
__file__ = cfg["runner"]
exec(BUNDLE["sandbox_runner"])
"""
_bundle: bytes | None = None
STARTUP_SECONDS = 15.0
WATCHDOG_EXIT = 124  # see tools/sandbox_os.py
MARKER = "...[{} more characters not shown]"


class BadReply(Exception):
    """The child answered something a sandbox runner never sends."""


def child_bundle() -> bytes:
    """The child's modules as marshalled code objects (compiled once per process)."""
    global _bundle
    if _bundle is None:
        code = {}
        for name in CHILD_MODULES:
            path = str(Path(__file__).with_name(name + ".py"))
            code[name] = compile(Path(path).read_text(encoding="utf-8"), path, "exec", dont_inherit=True)
        _bundle = marshal.dumps(code)
    return _bundle


def reply_ceiling(budget: int) -> int:
    """The most bytes an honest reply can take: four fields of ``budget`` characters plus
    their markers, at most 6 bytes each once JSON-escaped, and some room for the rest."""
    return 4 * 6 * (budget + 80) + 4096


def clip(text: str, budget: int) -> str:
    if len(text) <= budget:
        return text
    return text[:budget] + MARKER.format(len(text) - budget)


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


# --- the spawner thread ------------------------------------------------------------------------

_jobs: "queue.Queue | None" = None
_owner = 0
_jobs_lock = threading.Lock()


def _spawn(args: dict) -> subprocess.Popen:
    """Popen in the long-lived spawner thread (see the module docstring)."""
    global _jobs, _owner
    with _jobs_lock:
        if _jobs is None or _owner != os.getpid():  # first use, or we are a forked copy
            _jobs, _owner = queue.Queue(), os.getpid()
            threading.Thread(target=_spawner, args=(_jobs,), daemon=True, name="agora-sandbox-spawner").start()
        jobs = _jobs
    done: queue.Queue = queue.Queue(1)
    jobs.put((args, done))
    ok, value = done.get()
    if not ok:
        raise value
    return value


def _spawner(jobs: queue.Queue) -> None:
    while True:
        args, done = jobs.get()
        try:
            done.put((True, subprocess.Popen(**args)))
        except BaseException as err:  # handed back to the caller
            done.put((False, err))


# --- the child ---------------------------------------------------------------------------------

class Child:
    """One runner process, its private work directory, its pipes and its cgroup."""

    def __init__(self, limits, *, session: bool, strict: bool, audit: bool, namespaces: bool,
                 hardening: bool):
        from agora.errors import ToolError

        if os.name != "posix":
            raise ToolError("the python sandbox needs Linux or macOS (it relies on POSIX processes and rlimits)")
        self.limits = limits
        self.budget = limits.output_chars
        self.workdir = tempfile.mkdtemp(prefix="agora-py-")
        self.proc: subprocess.Popen | None = None
        self.cgroup: MemoryCgroup | None = None
        self._req_w = self._rep_r = self._ctl_w = -1
        self.raw = tempfile.TemporaryFile()  # fd-level output (C code, fatal errors): diagnostics
        drop = random.randrange(1_500_000_000, 2_000_000_000) if os.geteuid() == 0 else None
        if drop is not None:  # root: the child becomes this unused uid (see the runner)
            os.chown(self.workdir, drop, drop)
        cgroup_note = seccomp_note = ""
        bpf = None
        if hardening and sys.platform.startswith("linux"):
            self.cgroup, cgroup_note = create_cgroup(limits.memory_mb * 1024 * 1024)
            bpf, seccomp_note = filter_bpf()
        req_r, self._req_w = os.pipe()
        self._rep_r, rep_w = os.pipe()
        ctl_r, self._ctl_w = os.pipe()
        read_roots, keep = _python_paths()
        cfg = {"fd_in": req_r, "fd_out": rep_w, "fd_ctl": ctl_r, "parent": os.getpid(), "runner": RUNNER,
               "workdir": self.workdir, "session": session, "strict": strict, "audit": audit,
               "namespaces": namespaces, "keyring": hardening, "landlock": hardening,
               "seccomp": base64.b64encode(bpf).decode() if bpf else "", "seccomp_note": seccomp_note,
               "cgroup": self.cgroup.name if self.cgroup else "",
               "cgroup_note": cgroup_note, "drop_uid": drop, "drop_gid": drop, "read_roots": read_roots,
               "keep": keep, "hide": _hidden_dirs(), "workdir_mb": limits.workdir_mb, "budget": self.budget,
               "limits": {"cpu": limits.cpu or limits.timeout, "memory_mb": limits.memory_mb,
                          "processes": limits.processes, "file_mb": limits.file_mb,
                          "open_files": limits.open_files}}
        try:
            self.proc = _spawn(dict(
                # -S: no site import (the .pth finders of editable installs cost ~40 ms); the
                # runner puts the site-packages directories on sys.path itself
                args=[sys.executable, "-I", "-S", "-B", "-X", "utf8", "-c", BOOT,
                      base64.b64encode(marshal.dumps(cfg)).decode()],
                stdin=subprocess.DEVNULL, stdout=self.raw, stderr=self.raw, env={}, cwd="/",
                pass_fds=(req_r, rep_w, ctl_r), start_new_session=True))
        except OSError as err:
            self.close()
            raise ToolError(f"python sandbox unavailable: {err}") from None
        finally:
            for fd in (req_r, rep_w, ctl_r):
                os.close(fd)
        try:
            self._send_bytes(child_bundle())
        except OSError:
            pass  # it died at once: the first read reports it
        self._join_cgroup()
        try:
            hello = self.read(time.monotonic() + STARTUP_SECONDS, hello=True)
        except BadReply as err:
            hello = {"ready": False, "detail": str(err)}
        if not isinstance(hello, dict) or not hello.get("ready"):
            why = hello.get("detail") if isinstance(hello, dict) else self.death()
            self.close()
            raise ToolError(f"python sandbox unavailable: {why}")
        self.level = hello["level"] + (f" ({hello['detail']})" if hello.get("detail") else "")

    def _join_cgroup(self) -> None:
        """Move the child into its cgroup while it starts its interpreter (a cgroup v1 move
        takes ~10 ms), then tell it the outcome on the control pipe: it waits for this line
        before it forks anything."""
        joined = False
        if self.cgroup is not None and self.proc is not None:
            try:
                with open(self.cgroup.procs, "w") as f:
                    f.write(str(self.proc.pid))
                joined = True
            except OSError:
                pass
        try:
            os.write(self._ctl_w, b"c1\n" if joined else b"c0\n")
        except OSError:
            pass

    # --- talking to it -----------------------------------------------------------------------

    def start_call(self, code: str, timeout: float) -> str:
        """Arm the init's own deadline, then send the request. Returns the call's id."""
        call_id = os.urandom(8).hex()
        try:
            os.write(self._ctl_w, f"s{timeout:.3f}\n".encode())
            self._send({"id": call_id, "code": code})
        except OSError:
            pass  # the child died; read() reports it
        return call_id

    def end_call(self) -> None:
        try:
            os.write(self._ctl_w, b"e\n")
        except OSError:
            pass

    def _send(self, obj: dict) -> None:
        self._send_bytes(marshal.dumps(obj))

    def _send_bytes(self, data: bytes) -> None:
        os.write(self._req_w, len(data).to_bytes(4, "big"))  # pipes take 64 KiB at once;
        view = memoryview(data)  # the child reads as we write, so a long program is fine
        while view:
            view = view[os.write(self._req_w, view[:65536]):]

    def read(self, deadline: float, *, call_id: str | None = None, hello: bool = False) -> dict | str:
        """A checked reply, or "timeout" / "eof". Raises BadReply."""
        buf, need = b"", 4
        ceiling = reply_ceiling(self.budget) + (65536 if hello else 0)
        while len(buf) < need:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._rep_r], [], [], left)[0]:
                return "timeout"
            chunk = os.read(self._rep_r, min(need - len(buf), 1 << 20))
            if not chunk:
                return "eof"
            buf += chunk
            if need == 4 and len(buf) == 4:
                need = 4 + int.from_bytes(buf, "big")
                if need > ceiling:
                    raise BadReply(f"a reply of {need - 4:,} bytes, more than the {ceiling:,} its budget allows")
        try:
            reply = json.loads(buf[4:].decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise BadReply("a reply that is not JSON") from None
        return self._checked_hello(reply) if hello else self._checked(reply, call_id)

    @staticmethod
    def _checked_hello(reply) -> dict:
        if not (isinstance(reply, dict) and isinstance(reply.get("ready"), bool)
                and isinstance(reply.get("level"), str) and isinstance(reply.get("detail"), str)):
            raise BadReply("a malformed first reply")
        return {"ready": reply["ready"], "level": clip(reply["level"], 2000), "detail": clip(reply["detail"], 4000)}

    def _checked(self, reply, call_id: str | None) -> dict:
        if not isinstance(reply, dict):
            raise BadReply("a reply that is not a JSON object")
        if reply.get("id") != call_id:
            raise BadReply("a reply to another call (forged, or left over from an earlier one)")
        out = {}
        for key in ("stdout", "stderr", "value", "error"):
            value = reply.get(key)
            if value is not None and not isinstance(value, str):
                raise BadReply(f"a reply whose {key} is a {type(value).__name__}, not text")
            if key in ("stdout", "stderr"):
                value = value or ""
            out[key] = None if value is None else clip(value, self.budget)
        return out

    # --- ending it ---------------------------------------------------------------------------

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
        if code == -signal.SIGKILL and self.cgroup is not None and self.cgroup.oom_kills():
            why = f"it was killed: the memory limit of {self.limits.memory_mb} MiB was reached"
        elif code is not None and code < 0:
            why = SIGNAL_REASONS.get(-code, f"it was killed by signal {-code}")
        elif code == WATCHDOG_EXIT:
            why = "it was killed by the sandbox's own watchdog (the call ran past its time limit)"
        else:
            why = f"it exited with code {code}"
        self.raw.seek(0, os.SEEK_END)
        self.raw.seek(max(0, self.raw.tell() - 600))
        tail = self.raw.read().decode("utf-8", "replace").strip()
        return why + (f"; its last output: {tail}" if tail else "")

    def close(self) -> None:
        self.kill()
        for fd in (self._req_w, self._rep_r, self._ctl_w):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._req_w = self._rep_r = self._ctl_w = -1
        self.raw.close()
        shutil.rmtree(self.workdir, ignore_errors=True)
        if self.cgroup is not None:
            self.cgroup.remove()


SIGNAL_REASONS = {
    signal.SIGKILL: "it was killed (wall-clock time limit or memory)",
    signal.SIGXCPU: "it was killed: the CPU time limit was exceeded",
    signal.SIGSEGV: "it crashed (segmentation fault, e.g. recursion too deep for the C stack)",
    signal.SIGSYS: "it was killed for a forbidden system call",
    signal.SIGXFSZ: "it was killed: the file size limit was exceeded",
    signal.SIGABRT: "it aborted (often: out of memory)",
}
