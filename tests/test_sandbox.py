"""Adversarial tests of the python sandbox. Each attack must fail AND leave the parent unharmed.

Many attacks run twice: with every layer, and with the audit hook switched off (``audit=False``)
to show that the operating-system layers (namespaces, read-only filesystem, rlimits, uid drop)
hold on their own; those variants are skipped where this machine lacks the layer in question.
Several come from published escapes of other agent sandboxes: class-hierarchy traversal to
subprocess.Popen (smolagents CVE-2025-9959), ctypes -> libc.system (smolagents #2094),
__del__ "time bombs" (smolagents #2395), frame walking to the executor's globals.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from agora.errors import ToolError
from agora.tools.python import PythonSession, Sandbox, build, isolation_level

pytestmark = pytest.mark.skipif(not sys.platform.startswith(("linux", "darwin")), reason="POSIX only")

FAST = dict(timeout=4.0, cpu=2, memory_mb=256, file_mb=1, processes=16, workdir_mb=8, output_chars=2000)
LEVEL = isolation_level()
NAMESPACES = next((p for p in LEVEL.split("+") if p.startswith("namespaces(")), "")
HAS = {
    "net": "net" in NAMESPACES,
    "mount": "mount" in NAMESPACES,
    "nproc": "uid-drop" in LEVEL or os.geteuid() != 0,
}
LAYERS = [pytest.param(True, id="all-layers"), pytest.param(False, id="os-layers-only")]


def run(code: str, audit: bool = True, **limits):
    return Sandbox(audit=audit, **{**FAST, **limits}).run(code)


def need(layer: str, audit: bool) -> None:
    if not audit and not HAS[layer]:
        pytest.skip(f"this machine gives the sandbox no {layer} isolation ({LEVEL})")


@pytest.fixture
def marker(tmp_path):
    """A path outside the work directory that an attack tries to create."""
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "the attack created a file outside the sandbox"


@pytest.fixture(autouse=True)
def parent_unharmed():
    """After every attack: this process still starts processes and the sandbox still works
    (nothing was killed, exhausted or left locked; test_parent_process_is_unharmed checks the
    environment)."""
    yield
    assert subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True,
                          timeout=30).stdout.strip() == "42"
    assert Sandbox(**FAST).run("6 * 7").value == "42"


# --- normal use --------------------------------------------------------------------------------

def test_prints_value_and_errors():
    r = run("print('hello')\nimport sys; print('warn', file=sys.stderr)\nx = 6\nx * 7")
    assert r.stdout == "hello\n" and r.stderr == "warn\n" and r.value == "42" and r.ok
    r = run("def f():\n    return 1 / 0\nf()")
    assert not r.ok and "ZeroDivisionError" in r.error and "return 1 / 0" in r.error
    assert "SyntaxError" in run("def (").error
    assert run("x = 1").as_text() == "[value] 1"  # a program ending in an assignment shows it
    assert run("import os").as_text().startswith("(no output")


def test_work_directory_is_fresh_private_and_removed():
    r = run("import os\nopen('a.txt', 'w').write('hi')\nprint(os.getcwd())\nsorted(os.listdir('.'))")
    assert r.ok and r.value == "['a.txt']"
    workdir = r.stdout.strip()
    assert not os.path.exists(workdir)
    assert run("import os\nos.listdir('.')").value == "[]"  # nothing left from the last call


def test_level_is_reported_and_strict_mode_refuses_without_seccomp_and_landlock():
    assert "rlimits" in LEVEL and "watchdog" in LEVEL
    plain = Sandbox(namespaces=False, **FAST)
    assert plain.run("1").ok and "namespaces" not in plain.level
    soft = Sandbox(hardening=False, **FAST)
    assert soft.run("1").ok and "seccomp" not in soft.level and "landlock" not in soft.level
    with pytest.raises(ToolError, match="seccomp, landlock not available.*strict mode refuses"):
        Sandbox(strict=True, hardening=False, **FAST).run("1")
    if "seccomp" in LEVEL and "landlock" in LEVEL:
        assert Sandbox(strict=True, namespaces=False, **FAST).run("1 + 1").value == "2"


def test_tool_wraps_the_sandbox():
    (t,) = build(**FAST)
    assert t.name == "python" and "code" in t.spec().parameters["properties"]
    result = t.run({"code": "print(2 + 2)"})
    assert result.ok and result.content.strip() == "4"
    assert "ZeroDivisionError" in t.run({"code": "1/0"}).content


def test_session_keeps_variables_and_recovers_after_a_limit():
    with PythonSession(**FAST) as s:
        assert s.run("x = 20").ok
        assert s.run("x + 22").value == "42"
        assert s.run("import os\nos.getpid()").value == s.run("os.getpid()").value  # one process
        s.limits.timeout = 2.0
        r = s.run("while True: pass")
        assert not r.ok and "session was reset" in r.error
        r = s.run("'x' in globals()")
        assert r.value == "False" and "fresh session" in r.stderr
        assert s.run("1 + 1").value == "2"


# --- processes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [
    "import os\nos.system('touch {p}')",
    "import subprocess\nsubprocess.run(['touch', '{p}'])",
    "import os\nos.execv('/usr/bin/touch', ['touch', '{p}'])",
    "import os\nos.posix_spawn('/usr/bin/touch', ['touch', '{p}'], {{}})",
    "import os\nif os.fork() == 0:\n    open('{p}', 'w')",
    "import multiprocessing\nmultiprocessing.Process(target=open, args=('{p}', 'w')).start()",
    "import pty\npty.spawn(['touch', '{p}'])",
])
def test_cannot_start_processes(code, marker):
    r = run(code.format(p=marker))
    assert not r.ok


@pytest.mark.parametrize("audit", LAYERS)
def test_ctypes_libc_system(audit, marker):  # smolagents #2094
    need("mount", audit)
    r = run(f"import ctypes\nctypes.CDLL(None).system(b'touch {marker}')", audit=audit)
    assert not audit or "blocked" in r.error


@pytest.mark.parametrize("audit", LAYERS)
def test_fork_bomb(audit):
    need("nproc", audit)
    started = time.monotonic()
    r = run("import os\nwhile True:\n    os.fork()", audit=audit)
    assert not r.ok and time.monotonic() - started < FAST["timeout"] + 3


def test_killing_the_parent_or_other_processes():
    victim = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for audit in (True, False):
            code = (f"import os, signal\nfor pid in ({os.getpid()}, {victim.pid}, os.getppid()):\n"
                    "    try:\n        os.kill(pid, signal.SIGKILL)\n    except Exception as e:\n"
                    "        print(type(e).__name__)")
            r = run(code, audit=audit)
            assert "PermissionError" in r.stdout or "ProcessLookupError" in r.stdout
        time.sleep(0.2)
        assert victim.poll() is None  # still alive, and so are we
    finally:
        victim.kill()
        victim.wait()


# --- secrets and files -------------------------------------------------------------------------

def test_environment_secret_is_not_inherited(monkeypatch):
    monkeypatch.setenv("AGORA_TEST_SECRET", "hunter2-secret")
    for audit in (True, False):
        r = run("import os\nprint(dict(os.environ))\nprint(open('/proc/self/environ', 'rb').read())", audit=audit)
        assert "hunter2" not in r.as_text()
    r = run(f"open('/proc/{os.getpid()}/environ', 'rb').read()", audit=False)
    assert not r.ok and "hunter2" not in r.as_text()


@pytest.fixture
def ssh_key(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    key = home / ".ssh" / "id_rsa"
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nsecretkeymaterial\n")
    key.chmod(0o600)
    monkeypatch.setenv("HOME", str(home))
    return key


@pytest.mark.parametrize("audit", LAYERS)
def test_cannot_read_a_key_in_home(ssh_key, audit):
    need("mount", audit)
    for code in (f"open({str(ssh_key)!r}).read()", "import os\nopen(os.path.expanduser('~/.ssh/id_rsa')).read()",
                 f"import os\nos.symlink({str(ssh_key)!r}, 'k')\nopen('k').read()",
                 f"import os\nos.listdir({str(ssh_key.parent)!r})"):
        r = run(code, audit=audit)
        assert not r.ok and "secretkeymaterial" not in r.as_text() and "id_rsa'" not in (r.value or "")


@pytest.mark.parametrize("audit", LAYERS)
def test_cannot_write_outside_the_work_directory(audit, marker):
    need("mount", audit)
    for code in (f"open({str(marker)!r}, 'w').write('x')", f"import os\nos.mkdir({str(marker)!r})",
                 f"import os\nos.symlink({str(marker)!r}, 'l')\nopen('l', 'w').write('x')",
                 "open('/etc/agora-pwned', 'w')"):
        assert not run(code, audit=audit).ok
    assert not os.path.exists("/etc/agora-pwned")


def test_proc_self_mem_is_blocked():
    r = run("f = open('/proc/self/mem', 'r+b')")
    assert not r.ok and "not allowed" in r.error


# --- network -----------------------------------------------------------------------------------

@pytest.mark.parametrize("audit", LAYERS)
def test_cannot_connect_to_a_loopback_listener(audit):
    need("net", audit)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.3)
    port = server.getsockname()[1]
    try:
        r = run(f"import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=1)\n"
                "s.sendall(b'leak')", audit=audit)
        assert not r.ok
        with pytest.raises(socket.timeout):
            server.accept()  # nobody ever connected
    finally:
        server.close()


@pytest.mark.parametrize("audit", LAYERS)
def test_cannot_reach_a_unix_socket_of_the_host(audit, tmp_path):
    """Local services listen on unix sockets (docker, dbus, X11): hidden with /tmp and /run."""
    need("mount", audit)
    path = str(tmp_path / "service.sock")
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen(1)
    server.settimeout(0.3)
    try:
        r = run(f"import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect({path!r})", audit=audit)
        assert not r.ok
        with pytest.raises(socket.timeout):
            server.accept()
    finally:
        server.close()


# --- resources ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["x = bytearray(4 * 1024 ** 3)",
                                  "a = []\nwhile True:\n    a.append(' ' * 10 ** 6)"])
def test_memory_bomb(code):
    r = run(code)
    assert not r.ok and ("MemoryError" in r.error or "stopped" in r.error)


@pytest.mark.parametrize("code", [
    "while True: pass",
    # signal-handler trick: ignore the CPU-limit and termination signals
    "import signal\nsignal.signal(signal.SIGXCPU, lambda *a: None)\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "while True: pass",
])
def test_infinite_loop_is_stopped(code):
    started = time.monotonic()
    r = run(code, timeout=2.0, cpu=1)
    assert not r.ok and "stopped" in r.error and time.monotonic() - started < 5


def test_huge_file_and_output_flood():
    r = run("with open('big', 'wb') as f:\n    for _ in range(100):\n        f.write(b'0' * 1024 * 1024)")
    assert not r.ok and ("File too large" in r.error or "No space" in r.error)
    r = run("for i in range(10 ** 5):\n    print(i)")
    assert r.ok and len(r.stdout) < FAST["output_chars"] + 100 and "more characters not shown" in r.stdout
    r = run("'y' * 10 ** 7")
    assert len(r.value) < FAST["output_chars"] + 100
    r = run("import os\nfor _ in range(50):\n    os.write(1, b'z' * 1024 * 1024)")  # below Python's print
    assert not r.ok


def test_deep_recursion():
    assert "RecursionError" in run("def f(n):\n    return f(n + 1)\nf(0)").error
    r = run("import sys\nsys.setrecursionlimit(10 ** 8)\ndef f(n):\n    return f(n + 1)\nf(0)", cpu=1)
    assert not r.ok


# --- introspection tricks ----------------------------------------------------------------------

@pytest.mark.parametrize("code", [
    # the classic: reach os through a class defined in a module that imported it
    "[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close'][0]"
    ".__init__.__globals__['system']('touch {p}')",
    # smolagents CVE-2025-9959: class-hierarchy traversal to subprocess.Popen
    "import subprocess\n[c for c in object.__subclasses__() if c.__name__ == 'Popen'][0](['touch', '{p}'])",
    "__import__('os').system('touch {p}')",
    "__builtins__.__import__('os').popen('touch {p}')",
    "getattr(__import__('os'), 'sy' + 'stem')('touch {p}')",  # CVE-2025-5120 style getattr leakage
    # frame walking to the runner's globals, then its helpers
    "import sys\nf = sys._getframe()\nwhile f.f_back: f = f.f_back\nlibc, ct = f.f_globals['load_libc']()\n"
    "libc.system(b'touch {p}')",
    "import sys\nsys.modules['__main__'].load_libc()[0].system(b'touch {p}')",
    "import gc\n[o for o in gc.get_objects() if type(o).__name__ == 'CDLL']",
    "import os, sys\nsys.addaudithook(lambda *a: None)\nos.system('touch {p}')",  # hooks only add up
    "import resource\nresource.setrlimit(resource.RLIMIT_CPU, (10 ** 6, 10 ** 6))",
    # smolagents #2395: a __del__ / atexit "time bomb" that fires after the hooks are gone
    "import os, atexit\nclass Bomb:\n    def __del__(self):\n        os.system('touch {p}')\n"
    "bomb = Bomb()\natexit.register(os.system, 'touch {p}')\nraise SystemExit",
])
def test_introspection_tricks(code, marker):
    r = run(code.format(p=marker))
    assert not r.ok


def test_parent_process_is_unharmed():
    before = set(os.environ)
    run("import os\nos.kill(os.getppid(), 9)")
    run("import os\nos.killpg(0, 9)", audit=False)
    assert set(os.environ) == before and os.getpid() > 0
    assert signal.getsignal(signal.SIGINT) is not None


def test_session_child_dies_with_the_session():
    import gc

    session = PythonSession(**FAST)
    assert session.run("z = 1").ok
    child = session._box["child"].proc
    del session
    gc.collect()
    assert child.poll() is not None  # killed by the finalizer, not left running
    (t,) = build(session=True, **FAST)
    assert t.run({"code": "y = 5"}).ok and t.run({"code": "y"}).content == "[value] 5"
    t.close()
    assert "NameError" in t.run({"code": "y"}).content  # closed: the next call starts afresh
    t.close()


def test_a_session_lives_for_one_agent_run():
    from agora import Agent
    from agora.messages import ToolCall
    from agora.testing.fakes import ScriptedBackend

    def python(code: str) -> ToolCall:
        return ToolCall(name="python", arguments={"code": code})

    backend = ScriptedBackend([python("x = 21"), python("x * 2"), {"thought": "t", "answer": "42"},
                               python("x"), {"thought": "t", "answer": "gone"}])
    agent = Agent(model=backend, tools=["python"], tool_options={"session": True, **FAST})
    first = agent.run("q1")
    assert first.answer == "42" and first.tool_steps()[1].observation == "[value] 42"
    second = agent.run("q2")  # same agent, a new run: the variables of the first are gone
    assert "NameError" in second.tool_steps()[0].observation
    backend.assert_done()
    assert agent.registry().get("python").sandbox._box["child"] is None  # closed after the run


def test_open_files_limit():
    r = run("fs = []\nfor i in range(500):\n    fs.append(open(f'f{i}', 'w'))", open_files=32)
    assert not r.ok and ("Too many open files" in r.error or "OSError" in r.error)

