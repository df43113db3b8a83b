"""The sandbox's layers one by one: the level names them, strict mode refuses without them, a
kernel that lacks one still runs code (and says so), the parent checks every reply, the hook
has nothing to subvert, and a failed run is a failed tool call."""

from __future__ import annotations

import dis
import os
import subprocess
import sys
import threading

import pytest

from agora.errors import ToolError
from agora.tools import sandbox_child, sandbox_hook
from agora.tools.python import PythonSession, Sandbox, build, isolation_level
from agora.tools.sandbox_child import BadReply, Child, clip, reply_ceiling

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the OS layers are Linux's")

FAST = dict(timeout=4.0, cpu=2, memory_mb=256, file_mb=4, processes=16, workdir_mb=16, output_chars=500)
LEVEL = isolation_level()


def test_level_names_every_layer_this_machine_has():
    layers = LEVEL.split(" (")[0].split("+")
    assert {"watchdog", "rlimits", "audit-hook"} <= set(layers)
    for name in ("seccomp", "landlock", "keyring", "cgroup-memory"):
        # a layer is either on, or the detail in parentheses says why not
        assert any(p.startswith(name) for p in layers) or f"no {name.split('-')[0]}" in LEVEL.replace("memory cgroup", "cgroup")


def test_without_the_new_layers_the_level_says_so_and_strict_refuses():
    soft = Sandbox(hardening=False, **FAST)
    assert soft.run("2 + 2").value == "4"
    assert "seccomp" not in soft.level and "landlock" not in soft.level and "keyring" not in soft.level
    with pytest.raises(ToolError, match="strict mode refuses"):
        Sandbox(hardening=False, strict=True, **FAST).run("1")


def test_no_libseccomp_binding(monkeypatch):
    """pyseccomp or libseccomp missing: the level says so, strict refuses, the rest runs."""
    monkeypatch.setattr(sandbox_child, "filter_bpf", lambda: (None, "no seccomp filter (install pyseccomp)"))
    box = Sandbox(**FAST)
    assert box.run("6 * 7").value == "42"
    assert "no seccomp filter" in box.level and "+seccomp" not in box.level
    with pytest.raises(ToolError, match="seccomp.*not available.*strict mode refuses"):
        Sandbox(strict=True, **FAST).run("1")


KERNEL_WITHOUT = r"""
import errno, json, sys
import pyseccomp as s
f = s.SyscallFilter(s.ALLOW)  # this process's "kernel" has neither Landlock nor seccomp filters
for name in ("landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self", "seccomp"):
    f.add_rule(s.ERRNO(errno.ENOSYS), name)
f.add_rule(s.ERRNO(errno.EINVAL), "prctl", s.Arg(0, s.EQ, 22))  # PR_SET_SECCOMP
f.load()
from agora.errors import ToolError
from agora.tools.python import Sandbox
box = Sandbox(timeout=5)
r = box.run("6 * 7")
try:
    Sandbox(strict=True, timeout=5).run("1")
    strict = "ran"
except ToolError as err:
    strict = str(err)
print(json.dumps({"value": r.value, "level": box.level, "strict": strict}))
"""


def test_kernel_without_seccomp_or_landlock(tmp_path):
    pytest.importorskip("pyseccomp")
    if "seccomp" not in LEVEL:
        pytest.skip("no seccomp here to take away")
    import json

    script = tmp_path / "kernel_without.py"
    script.write_text(KERNEL_WITHOUT)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-800:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["value"] == "42"  # the rest runs
    assert "no landlock" in report["level"] and "no seccomp" in report["level"]
    assert "+seccomp" not in report["level"] and "landlock(v" not in report["level"]
    assert "strict mode refuses" in report["strict"]


# --- the distrustful parent --------------------------------------------------------------------

def _checker():
    child = Child.__new__(Child)
    child.budget = 100
    return child


@pytest.mark.parametrize("reply, problem", [
    ([1, 2], "not a JSON object"),
    ({"id": "other", "stdout": "x"}, "another call"),
    ({"id": "c1", "stdout": 5}, "not text"),
    ({"id": "c1", "value": {"a": 1}}, "not text"),
])
def test_bad_replies_are_refused(reply, problem):
    with pytest.raises(BadReply, match=problem):
        _checker()._checked(reply, "c1")


def test_every_field_is_cut_to_its_budget_by_the_parent():
    out = _checker()._checked({"id": "c1", "stdout": "a" * 5000, "error": "e" * 300, "value": None}, "c1")
    assert len(out["stdout"]) < 100 + 40 and "4900 more characters" in out["stdout"]
    assert len(out["error"]) < 140 and out["value"] is None and out["stderr"] == ""
    assert clip("short", 100) == "short"
    assert reply_ceiling(100) < 100_000


def test_a_session_started_in_a_short_lived_thread_survives_it():
    """The child's parent-death signal follows the thread that started it: agent tools run
    in short-lived threads, so children are started from one long-lived spawner thread."""
    with PythonSession(**FAST) as s:
        worker = threading.Thread(target=lambda: s.run("x = 41"))
        worker.start()
        worker.join()
        assert s.run("x + 1").value == "42"


# --- the hook ----------------------------------------------------------------------------------

def test_hook_has_no_global_lookups_and_no_helpers():
    """Everything the hook uses is bound in its closure at install time: a global (or builtin)
    lookup could be redirected from sandboxed code, and a Python helper re-coded."""
    hook = sandbox_hook._make_hook(frozenset(), (), frozenset(), (), False)
    ops = {i.opname for i in dis.get_instructions(hook)}
    assert not ops & {"LOAD_GLOBAL", "LOAD_NAME", "STORE_GLOBAL"}, ops
    import types

    for cell in hook.__closure__:
        value = cell.cell_contents
        assert not isinstance(value, (types.FunctionType, list, dict, set)), value


def test_hook_copies_str_subclasses_without_calling_them(tmp_path):
    calls = []

    class Evil(str):
        def startswith(self, *a):
            calls.append("startswith")
            return True

        def split(self, *a):
            calls.append("split")
            return []

        def __eq__(self, other):
            calls.append("eq")
            return True

        __hash__ = str.__hash__

    work = tmp_path / "work"
    work.mkdir()
    hook = sandbox_hook._make_hook(*sandbox_hook._policy(str(work), []), False)
    with pytest.raises(PermissionError):
        hook("open", (Evil("/etc/shadow"), "r", 0))
    with pytest.raises(ImportError):
        hook("import", (Evil("ctypes"), None, None, None, None))
    hook("open", (Evil(str(work / "ok.txt")), "w", 0))  # inside the work directory

    class Meta(type):
        def __eq__(cls, other):
            calls.append("meta-eq")
            return True

        __hash__ = type.__hash__

    class Odd(metaclass=Meta):
        pass

    with pytest.raises(PermissionError, match="only str or bytes"):
        hook("os.mkdir", (Odd(), 0o777, -1))  # an unknown path object is refused, its class unasked
    assert not calls
    with pytest.raises(PermissionError, match="only str or bytes"):
        hook("open", (__import__("pathlib").Path("/etc/passwd"), "r", 0))


# --- a failed run is a failed tool call ----------------------------------------------------------

@pytest.mark.parametrize("code, words", [
    ("1 / 0", "ZeroDivisionError"),
    ("raise SystemExit(3)", "SystemExit"),
    ("while True: pass", "time limit"),
])
def test_python_tool_reports_failures_as_not_ok(code, words):
    (t,) = build(**{**FAST, "timeout": 1.5, "cpu": 1})
    result = t.run({"code": code})
    assert result.ok is False and words in result.content
    assert t.run({"code": "print(1)"}).ok is True


def test_a_kill_is_reported_as_a_kill_not_a_traceback():
    r = Sandbox(audit=False, **FAST).run("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    assert not r.ok and "killed" in r.error
    assert "Traceback" not in r.error and "exited with code" not in r.error


def test_close_extra_fds_closes_descriptors_above_255():
    code = ("import os, sys\nsys.path.insert(0, sys.argv[1])\nimport sandbox_os\n"
            "fd = os.open('/dev/null', os.O_RDONLY)\nfor n in (7, 300, 1000):\n    os.dup2(fd, n)\n"
            "sandbox_os.close_extra_fds(keep=(7,))\nprint(sorted(int(f) for f in os.listdir('/proc/self/fd')))")
    import resource

    if resource.getrlimit(resource.RLIMIT_NOFILE)[1] < 1100:
        pytest.skip("descriptor limit too low here")
    tools = os.path.dirname(sandbox_hook.__file__)
    out = subprocess.run([sys.executable, "-c", code, tools], capture_output=True, text=True, timeout=30)
    fds = eval(out.stdout)  # noqa: S307 (a list printed by the line above)
    assert 7 in fds and 300 not in fds and 1000 not in fds, (fds, out.stderr)


def test_the_memory_cgroup_counts_memfd_pages_and_is_removed_afterwards():
    from agora.tools.sandbox_cgroup import PREFIX, create

    group, why = create(64 * 1024 * 1024)
    if group is None:
        assert "no memory cgroup" in why and why in Sandbox(**FAST).run("1").level
        pytest.skip(why)
    base = os.path.dirname(group.path)
    group.remove()
    assert not os.path.exists(group.path)
    before = {n for n in os.listdir(base) if n.startswith(PREFIX)}
    r = Sandbox(**{**FAST, "memory_mb": 128, "file_mb": 64}).run(
        "import os\nfor _ in range(4):  # 240 MiB in memfd pages, none of it in the address space\n"
        "    fd = os.memfd_create('m')\n    for _ in range(60):\n        os.write(fd, b'x' * 1024 * 1024)")
    assert not r.ok and "memory limit of 128 MiB" in r.error
    assert {n for n in os.listdir(base) if n.startswith(PREFIX)} <= before  # its cgroup is gone
