"""The python sandbox's attack suite: named attacks, each judged from OUTSIDE the sandbox.

Every attack runs in three modes: with every layer; with the audit hook switched off
(``audit=False``), so the operating-system layers are what is tested; and with the hook off
and no namespaces either, so seccomp, Landlock, the rlimits and the uid drop hold alone. An
attack's code may use anything (ctypes included, where the hook is off).

The judge does not believe the sandbox's own word. After each attack it checks the world:
the marker files an attack tries to create do not exist (one under the test's tmp_path, one in
a directory the sandbox does NOT hide), the canary secrets (a file in that visible
directory, a key in a fake home, an environment variable of this process) appear nowhere in
what came back, the loopback TCP, UDP, unix-socket (hidden and visible directory) and
abstract-socket servers recorded no connection, the victim process lives, and this process
still starts processes and runs a fresh sandbox. Some attacks add their own expectation
(e.g. a memory attack must end in a failed call).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

import pytest

from agora.tools.python import PythonSession, Sandbox, isolation_level

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the OS layers are Linux's")

FAST = dict(timeout=3.0, cpu=2, memory_mb=256, file_mb=4, processes=16, workdir_mb=32, output_chars=2000)
LEVEL = isolation_level()
MODES = {"all-layers": dict(), "hook-off": dict(audit=False),
         "hook-off-no-namespaces": dict(audit=False, namespaces=False)}
CANARY_ENV = "AGORA_ATTACK_CANARY"

# Code every attack may start with (where the hook is on, `import ctypes` fails: then the
# attack has failed already, which the judge still checks).
PRELUDE = """
import os, sys
try:
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    def sc(n, *a):
        r = libc.syscall(ctypes.c_long(n), *[ctypes.c_long(x) if isinstance(x, int) else x for x in a])
        return r, ctypes.get_errno()
except Exception as e:
    print('no ctypes:', type(e).__name__)
"""


def _visible_dir() -> str:
    """A directory the sandbox does not hide (only Landlock and read-only mounts guard it)."""
    for base in ("/var/lib", "/opt", os.path.dirname(os.getcwd())):
        try:
            path = tempfile.mkdtemp(prefix="agora-attack-", dir=base)
            os.chmod(path, 0o755)
            return path
        except OSError:
            continue
    pytest.skip("no writable directory outside the sandbox's hidden ones")


class Recorder:
    """Servers on loopback / unix sockets that record every connection or datagram."""

    def __init__(self):
        self.hits: list[str] = []
        self.socks: list[socket.socket] = []
        self.stop = threading.Event()

    def listen(self, family, address, kind=socket.SOCK_STREAM, label=""):
        s = socket.socket(family, kind)
        s.bind(address)
        if kind == socket.SOCK_STREAM:
            s.listen(8)
        s.settimeout(0.1)
        self.socks.append(s)
        threading.Thread(target=self._serve, args=(s, kind, label), daemon=True).start()
        return s

    def _serve(self, s, kind, label):
        while not self.stop.is_set():
            try:
                if kind == socket.SOCK_STREAM:
                    conn, _ = s.accept()
                    self.hits.append(label)
                    conn.close()
                else:
                    s.recvfrom(4096)
                    self.hits.append(label)
            except (socket.timeout, OSError):
                continue

    def close(self):
        self.stop.set()
        for s in self.socks:
            s.close()


@dataclass
class World:
    tmp: str
    visible: str
    marker: str
    visible_marker: str
    canary: str
    canary_text: str
    ssh_key: str
    key_text: str
    env_text: str
    tcp_port: int
    tcp6_port: int
    udp_port: int
    hidden_sock: str
    visible_sock: str
    abstract: str
    victim: subprocess.Popen
    recorder: Recorder
    extras: dict = field(default_factory=dict)

    def fields(self) -> dict:
        return {k: getattr(self, k) for k in ("marker", "visible_marker", "canary", "ssh_key", "tcp_port",
                                              "tcp6_port", "udp_port", "hidden_sock", "visible_sock", "abstract",
                                              "visible", "tmp")} | {"victim": self.victim.pid,
                                                                    "parent": os.getpid(), "env": CANARY_ENV}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = str(tmp_path_factory.mktemp("attacks"))
    visible = _visible_dir()
    canary_text = "canary-" + secrets.token_hex(8)
    canary = os.path.join(visible, "canary.txt")
    with open(canary, "w") as f:
        f.write(canary_text)
    os.chmod(canary, 0o644)  # world-readable: the uid drop alone would not protect it
    home = os.path.join(tmp, "home", ".ssh")
    os.makedirs(home)
    key_text = "keymaterial-" + secrets.token_hex(8)
    ssh_key = os.path.join(home, "id_rsa")
    with open(ssh_key, "w") as f:
        f.write(key_text)
    rec = Recorder()
    tcp = rec.listen(socket.AF_INET, ("127.0.0.1", 0), label="tcp")
    try:
        tcp6_port = rec.listen(socket.AF_INET6, ("::1", 0), label="tcp6").getsockname()[1]
    except OSError:
        tcp6_port = 9  # no IPv6 loopback here: the attack still tries
    udp = rec.listen(socket.AF_INET, ("127.0.0.1", 0), socket.SOCK_DGRAM, label="udp")
    hidden_sock = os.path.join(tmp, "hidden.sock")
    visible_sock = os.path.join(visible, "service.sock")
    rec.listen(socket.AF_UNIX, hidden_sock, label="unix-hidden")
    rec.listen(socket.AF_UNIX, visible_sock, label="unix-visible")
    os.chmod(visible_sock, 0o777)  # anyone may connect: only the sandbox's layers stop it
    os.chmod(hidden_sock, 0o777)
    abstract = "agora-attack-" + secrets.token_hex(4)
    rec.listen(socket.AF_UNIX, "\0" + abstract, label="abstract")
    victim = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    w = World(tmp, visible, os.path.join(tmp, "pwned"), os.path.join(visible, "pwned"), canary, canary_text,
              ssh_key, key_text, "envsecret-" + secrets.token_hex(8), tcp.getsockname()[1], tcp6_port,
              udp.getsockname()[1], hidden_sock, visible_sock, abstract, victim, rec)
    yield w
    victim.kill()
    victim.wait()
    rec.close()
    import shutil

    shutil.rmtree(visible, ignore_errors=True)


def judge(world: World, text: str) -> None:
    """The outside checks every attack must pass."""
    time.sleep(0.05)  # let a connection that did get through be recorded
    assert not world.recorder.hits, f"a server recorded a connection: {world.recorder.hits}"
    for path in (world.marker, world.visible_marker, "/etc/agora-pwned"):
        assert not os.path.exists(path), f"the attack created {path}"
    for secret in (world.canary_text, world.key_text, world.env_text):
        assert secret not in text, "a secret came back"
    assert world.victim.poll() is None, "the victim process was killed"
    with open(f"/proc/{world.victim.pid}/status") as f:
        assert "TracerPid:\t0" in f.read(), "the victim is being traced"
    assert subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True,
                          timeout=30).stdout.strip() == "42"


@pytest.fixture(params=list(MODES), ids=list(MODES))
def mode(request):
    options = MODES[request.param]
    if not options.get("namespaces", True) and "seccomp" not in LEVEL:
        pytest.skip("without namespaces the network is seccomp's: this machine has no seccomp")
    return options


@pytest.fixture
def attack_env(world, monkeypatch):
    monkeypatch.setenv(CANARY_ENV, world.env_text)
    monkeypatch.setenv("HOME", os.path.dirname(os.path.dirname(world.ssh_key)))
    world.recorder.hits.clear()
    yield
    for path in (world.marker, world.visible_marker, "/etc/agora-pwned"):
        if os.path.lexists(path):
            os.remove(path)  # (judge already failed the attack that made it)


def run_attack(world, mode, code, **limits):
    r = Sandbox(**{**FAST, **limits, **mode}).run(PRELUDE + code.format(**world.fields()))
    text = r.as_text()
    judge(world, text)
    return r


# --- the attacks ------------------------------------------------------------------------------
# name -> (code, expectation); code is formatted with World.fields(). "fails": the call must
# not succeed; "any": the world checks alone decide.

ATTACKS = {
    # processes
    "os-system": ("os.system('touch {marker} {visible_marker}')", "any"),
    "subprocess-run": ("import subprocess\nsubprocess.run(['touch', '{marker}'])", "fails"),
    "os-execv": ("os.execv('/usr/bin/touch', ['touch', '{marker}'])", "fails"),
    "os-posix-spawn": ("os.posix_spawn('/usr/bin/touch', ['touch', '{marker}'], {{}})", "fails"),
    "fork-then-write": ("pid = os.fork()\nif pid == 0:\n    open('{marker}', 'w')\n    os._exit(0)", "fails"),
    "fork-bomb": ("while True:\n    os.fork()", "fails"),
    "multiprocessing": ("import multiprocessing as m\nm.Process(target=open, args=('{marker}', 'w')).start()",
                        "fails"),
    "ctypes-libc-system": ("libc.system(b'touch {marker} {visible_marker}')", "any"),
    "raw-execve": ("sc(59, b'/usr/bin/touch', (ctypes.c_char_p * 3)(b'touch', b'{marker}', None), None)", "any"),
    "raw-clone-fork": ("r, e = sc(56, 17, 0, 0, 0, 0)\nif r == 0:\n    open('{marker}', 'w'); os._exit(0)", "any"),
    "posixsubprocess-fork-exec": (  # no audit event of its own: only the import is seen
        "import _posixsubprocess as p\nr, w = os.pipe()\np.fork_exec([b'/usr/bin/touch', b'{marker}'], "
        "[b'/usr/bin/touch'], True, (w,), None, None, -1, -1, -1, -1, -1, -1, r, w, False, False, -1, None, "
        "None, None, -1, None, False)\nimport time; time.sleep(0.3)", "any"),
    "subclasses-popen": ("import subprocess\n[c for c in object.__subclasses__() if c.__name__ == 'Popen'][0]"
                         "(['touch', '{marker}'])", "fails"),
    "wrap-close-globals": ("[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close'][0]"
                           ".__init__.__globals__['system']('touch {marker}')", "any"),
    "ctypes-util-leftovers": ("left = [n for n in ('subprocess', '_posixsubprocess', 'ctypes.util') if n in sys.modules]"
                              "\nprint('left:', left)\nsys.modules['subprocess'].Popen(['touch', '{marker}'])",
                              "fails"),
    "frame-walk-runner": ("f = sys._getframe()\nwhile f.f_back: f = f.f_back\n"
                          "osl = f.f_globals['sibling']('sandbox_os')\nosl.load_libc()[0].system(b'touch {marker}')",
                          "fails"),
    # network
    "tcp-loopback": ("import socket\ns = socket.create_connection(('127.0.0.1', {tcp_port}), timeout=1)\n"
                     "s.sendall(b'leak')", "fails"),
    "tcp6-loopback": ("import socket\ns = socket.create_connection(('::1', {tcp6_port}), timeout=1)", "fails"),
    "udp-loopback": ("import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                     "s.sendto(b'leak', ('127.0.0.1', {udp_port}))", "fails"),
    "http-urllib": ("import urllib.request\nurllib.request.urlopen('http://127.0.0.1:{tcp_port}/', timeout=1)",
                    "fails"),
    "unix-socket-hidden-dir": ("import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect('{hidden_sock}')",
                               "fails"),
    "unix-socket-visible-dir": ("import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect('{visible_sock}')",
                                "fails"),  # escape 1 of the issue
    "abstract-unix-socket": ("import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect('\\0{abstract}')",
                             "fails"),
    "raw-socket-syscall": (
        "r, e = sc(41, 1, 1, 0)\nprint('socket', r, e)\naddr = ctypes.create_string_buffer(b'\\x01\\x00' + "
        "b'{visible_sock}'.ljust(108, b'\\0'))\nif r >= 0:\n    print(sc(42, r, addr, 110))", "any"),
    "x32-abi-socket": ("r, e = sc(0x40000000 | 41, 1, 1, 0)\nprint('x32 socket', r, e)\nif r >= 0:\n"
                       "    addr = ctypes.create_string_buffer(b'\\x01\\x00' + b'{visible_sock}'.ljust(108, b'\\0'))\n"
                       "    sc(0x40000000 | 42, r, addr, 110)", "any"),
    "int80-i386-socketcall": ("code = bytes([0xb8, 0x66, 0, 0, 0, 0xcd, 0x80, 0xc3])\nimport mmap\n"
                              "m = mmap.mmap(-1, 4096, prot=7)\nm.write(code)\n"
                              "f = ctypes.CFUNCTYPE(ctypes.c_long)(ctypes.addressof(ctypes.c_char.from_buffer(m)))\n"
                              "print(f())", "any"),
    # files and secrets
    "read-canary-visible-dir": ("print(open('{canary}').read())", "fails"),
    "list-visible-dir": ("print(os.listdir('{visible}'))\nprint(open('{visible}/canary.txt').read())", "fails"),
    "read-ssh-key": ("print(open(os.path.expanduser('~/.ssh/id_rsa')).read())\nprint(open('{ssh_key}').read())",
                     "fails"),
    "symlink-to-canary": ("os.symlink('{canary}', 'k')\nprint(open('k').read())", "fails"),
    "hardlink-to-canary": ("os.link('{canary}', 'k')\nprint(open('k').read())", "fails"),
    "dotdot-walk": ("os.chdir('/')\nfor p in '{canary}'.split('/')[1:-1]:\n    os.chdir(p)\n"
                    "print(open('canary.txt').read())", "fails"),
    "proc-root-of-parent": ("print(open('/proc/{parent}/root{canary}').read())", "fails"),
    "proc-self-root": ("print(open('/proc/self/root{canary}').read())\n"
                       "print(open('/proc/self/cwd/../../../..{canary}').read())", "fails"),
    "proc-parent-environ": ("print(open('/proc/{parent}/environ', 'rb').read())", "fails"),
    "environment-secret": ("print(dict(os.environ))\nprint(open('/proc/self/environ', 'rb').read())", "any"),
    "write-visible-dir": ("open('{visible_marker}', 'w').write('x')", "fails"),
    "write-tmp": ("open('{marker}', 'w').write('x')", "fails"),
    "write-etc": ("open('/etc/agora-pwned', 'w').write('x')", "fails"),
    "raw-mount-tmpfs": ("r = libc.mount(b'none', b'{visible}', b'tmpfs', 0, None)\nprint('mount', r)\n"
                        "open('{visible_marker}', 'w')", "fails"),
    "unshare-user-then-mount": ("print('unshare', libc.unshare(0x10000000 | 0x20000))\n"
                                "print(libc.mount(b'none', b'{visible}', b'tmpfs', 0, None))\n"
                                "open('{visible_marker}', 'w')", "fails"),
    "pathlib-read-canary": ("import pathlib\nprint(pathlib.Path('{canary}').read_text())", "fails"),
    # signals and other processes
    "kill-parent-and-victim": ("import signal\nfor pid in ({parent}, {victim}, os.getppid()):\n"
                               "    try:\n        os.kill(pid, signal.SIGKILL)\n"
                               "    except Exception as e:\n        print(type(e).__name__)", "any"),
    "kill-minus-one": ("print(libc.kill(-1, 9), ctypes.get_errno())", "any"),
    "ptrace-attach-victim": ("print(libc.ptrace(16, {victim}, 0, 0), ctypes.get_errno())\n"
                             "print(libc.ptrace(16, os.getppid(), 0, 0), ctypes.get_errno())", "any"),
    "process-vm-readv-parent": ("buf = ctypes.create_string_buffer(64)\nprint(sc(310, {parent}, 0, 0, 0, 0, 0))",
                                "any"),
    # kernel attack surface (errno from the real system call; 1 = EPERM)
    # bpf, io_uring_setup, userfaultfd, perf_event_open, kexec_load, pivot_root, unshare, setns,
    # add_key, keyctl, ptrace, mount, umount2, execveat, fork (x86_64 numbers)
    "kernel-surface": ("calls = (321, 425, 323, 298, 246, 155, 272, 308, 248, 250, 101, 165, 166, 322, 57)\n"
                       "errs = [sc(n, 0, 0, 0, 0, 0) for n in calls]\nprint(errs)\n"
                       "print('SURFACE-OK' if all(r < 0 and e == 1 for r, e in errs) else 'SURFACE-OPEN')", "any"),
    # resources
    "memory-bytearray": ("x = bytearray(4 * 1024 ** 3)", "fails"),
    "memory-memfd": ("fds = [os.memfd_create('m') for _ in range(40)]\nfor fd in fds:\n    for _ in range(15):\n"
                     "        os.write(fd, b'x' * 1024 * 1024)\nprint('held', 40 * 15, 'MiB')",
                     "fails"),  # 600 MiB in memfd pages, which RLIMIT_AS misses: the cgroup counts them
    "fill-work-directory": ("with open('big', 'wb') as f:\n    for _ in range(200):\n"
                            "        f.write(b'0' * 1024 * 1024)", "fails"),
    "infinite-loop-ignoring-signals": (
        "import signal\nfor s in (signal.SIGXCPU, signal.SIGTERM, signal.SIGINT):\n"
        "    signal.signal(s, signal.SIG_IGN)\nwhile True: pass", "fails"),
    "fd-output-flood": ("for _ in range(50):\n    os.write(1, b'z' * 1024 * 1024)", "fails"),
    # the audit hook itself
    "hook-policy-in-main": ("m = sys.modules['__main__']\nfor k in list(vars(m)):\n"
                            "    if k.isupper(): setattr(m, k, ())\nos.system('touch {marker}')", "any"),
    "hook-str-subclass": ("class S(str):\n    def startswith(self, *a): return True\n"
                          "    def __eq__(self, o): return True\n    __hash__ = str.__hash__\n"
                          "    def split(self, *a): return ['ok']\n    def __str__(self): return '/dev/null'\n"
                          "print(open(S('{canary}')).read())", "fails"),
    "hook-code-swap": ("import posixpath\nposixpath.realpath.__code__ = (lambda p, *, strict=False: p).__code__\n"
                       "print(open('{canary}').read())", "fails"),
    "hook-traceback-frames": (
        "try:\n    open('{canary}')\nexcept PermissionError as e:\n    tb = e.__traceback__\n"
        "    while tb.tb_next: tb = tb.tb_next\n    f = tb.tb_frame\n    print(sorted(f.f_locals))\n"
        "    for v in f.f_locals.values():\n        if isinstance(v, list): v.clear()\n"
        "print(open('{canary}').read())", "fails"),
    "time-bomb-del-atexit": ("import atexit\nclass Bomb:\n    def __del__(self):\n"
                             "        os.system('touch {marker}')\nbomb = Bomb()\n"
                             "atexit.register(os.system, 'touch {marker}')\nraise SystemExit", "fails"),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack(name, world, mode, attack_env):
    code, expect = ATTACKS[name]
    if name == "memory-memfd" and "cgroup-memory" not in LEVEL:
        pytest.skip("no memory cgroup here: memfd pages are not counted (the level says so)")
    r = run_attack(world, mode, code, **({"file_mb": 16} if name == "memory-memfd" else {}))
    if expect == "fails":
        assert not r.ok, f"{name} succeeded: {r.as_text()[:400]}"
    if name.startswith("memory-"):
        assert "memory" in (r.error or "").lower() or "MemoryError" in (r.error or "")
    if name == "kernel-surface" and mode.get("audit") is False and "seccomp" in LEVEL and os.uname().machine == "x86_64":
        assert "SURFACE-OK" in r.stdout, r.stdout


def test_attack_count():
    # the issue asks for at least 40 named attacks; the special ones are below
    assert len(ATTACKS) + len(SPECIAL) >= 40


# --- attacks that need more than one call, or a helper process -------------------------------

SPECIAL = ["forged-reply-too-long", "forged-reply-not-json", "forged-reply-wrong-types",
           "forged-reply-out-of-step", "close-reply-pipe", "self-kill-is-reported-as-kill",
           "keyring-read-and-plant", "outlive-parent-sigkill", "watchdog-when-parent-stalls"]

FIND_REPLY_FD = """
import stat
def reply_fd():
    f = sys._getframe()
    while f:
        cfg = f.f_locals.get('cfg')
        if isinstance(cfg, dict) and 'fd_out' in cfg:
            return cfg['fd_out']
        f = f.f_back
    for fd in range(3, 64):  # the hook-off way: the one pipe open for writing
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and os.get_blocking(fd) is not None and fd != 0:
                import fcntl
                if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_WRONLY:
                    return fd
        except OSError:
            pass
def call_id():
    f = sys._getframe()
    while f:
        req = f.f_locals.get('request')
        if isinstance(req, dict) and 'id' in req:
            return req['id']
        f = f.f_back
def forge(body):
    body = body.replace(b'ID', (call_id() or '').encode())
    fd = reply_fd()
    data = len(body).to_bytes(4, 'big') + body
    while data:
        data = data[os.write(fd, data):]
"""


def test_forged_reply_too_long(world, mode, attack_env):  # escape 3 of the issue
    r = run_attack(world, mode, FIND_REPLY_FD + "forge(b'{{\"stdout\": \"' + b'A' * 3000000 + b'\"}}')")
    assert not r.ok and len(r.as_text()) < 3 * FAST["output_chars"] + 500


def test_forged_reply_not_json(world, mode, attack_env):  # escape 4 of the issue
    with PythonSession(**{**FAST, **mode}) as s:
        assert s.run("x = 1").ok
        r = s.run(PRELUDE + FIND_REPLY_FD + "forge(b'this is not json')\nimport time; time.sleep(0.2)")
        assert not r.ok and "not JSON" in r.error and "session was reset" in r.error
        assert s.run("41 + 1").value == "42"  # in step: the next call gets its own answer
    judge(world, r.as_text())


def test_forged_reply_wrong_types(world, mode, attack_env):
    r = run_attack(world, mode, FIND_REPLY_FD + "forge(b'{{\"id\": \"ID\", \"stdout\": 5, \"value\": [1]}}')")
    assert not r.ok and "not text" in r.error


def test_forged_reply_out_of_step(world, mode, attack_env):
    """A well-formed reply forged for the NEXT call must not be taken as its answer."""
    with PythonSession(**{**FAST, **mode}) as s:
        s.run(PRELUDE + FIND_REPLY_FD + "forge(b'{{\"id\": \"guess\", \"stdout\": \"forged\"}}')")
        r = s.run("6 * 7")
        assert "forged" not in r.as_text()
        if r.ok:
            assert r.value == "42"
        assert s.run("6 * 7").value == "42"
    judge(world, r.as_text())


def test_close_reply_pipe(world, mode, attack_env):
    r = run_attack(world, mode, FIND_REPLY_FD + "os.close(reply_fd())\nprint('closed')")
    assert not r.ok and "stopped" in r.error


def test_self_kill_is_reported_as_kill(world, mode, attack_env):
    r = run_attack(world, mode, "import signal\nsignal.raise_signal(signal.SIGKILL)\nlibc.kill(os.getpid(), 9)",
                   timeout=2.0)
    assert not r.ok
    if mode.get("audit", True) is False:
        assert "killed" in r.error and "Traceback" not in r.error and "exited with code" not in r.error


KEYRING_HELPER = r"""
import ctypes, json, os, sys
from agora.tools.python import Sandbox
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
def keyctl(*a):
    return libc.syscall(L(250), *[L(x) if isinstance(x, int) else x for x in a])
assert keyctl(1, b"agora-attack-test") >= 0, "cannot make a session keyring here"
secret = sys.argv[2].encode()
serial = libc.syscall(L(248), b"user", b"agora-canary", secret, L(len(secret)), L(-3))
assert serial > 0
def members():
    buf = ctypes.create_string_buffer(4096)
    n = keyctl(11, -3, buf, 4096)
    return sorted(int.from_bytes(buf.raw[i:i + 4], "little") for i in range(0, max(n, 0), 4))
before = members()
code = sys.argv[3].replace("SERIAL", str(serial))
r = Sandbox(audit=sys.argv[1] == "1", timeout=5).run(code)
print(json.dumps({"text": r.as_text(), "before": before, "after": members()}))
"""

KEYRING_ATTACK = """
buf = ctypes.create_string_buffer(256)
print('read', sc(250, 11, SERIAL, buf, 256), buf.raw[:40])
print('session', sc(250, 0, -3, 0))
print('read @s', sc(250, 11, -3, buf, 256))
print('plant', libc.syscall(ctypes.c_long(248), b'user', b'planted', b'x', ctypes.c_long(1), ctypes.c_long(-3)))
print('join parent', sc(250, 1, b'agora-attack-test'))
print('read again', sc(250, 11, SERIAL, buf, 256), buf.raw[:40])
"""


def test_keyring_read_and_plant(world, mode, tmp_path, attack_env):  # escape 2 of the issue
    import json

    if os.uname().machine != "x86_64":
        pytest.skip("the helper uses x86_64 system call numbers")
    helper = tmp_path / "keyring_helper.py"
    helper.write_text(KEYRING_HELPER)
    secret = "keysecret-" + secrets.token_hex(8)
    audit = "0" if mode.get("audit", True) is False else "1"
    out = subprocess.run([sys.executable, str(helper), audit, secret, PRELUDE + KEYRING_ATTACK],
                         capture_output=True, text=True, timeout=60)
    if "cannot make a session keyring" in out.stderr:
        pytest.skip("this machine has no usable keyrings")
    assert out.returncode == 0, out.stderr[-800:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert secret not in report["text"]
    assert report["after"] == report["before"], "the sandbox planted a key in the parent's keyring"
    judge(world, report["text"])


PARENT_HELPER = r"""
import sys, time
from agora.tools.python import PythonSession
s = PythonSession(audit=sys.argv[1] == "1", namespaces=sys.argv[2] == "1", timeout=float(sys.argv[3]))
assert s.run("x = 1").ok
print(s._box["child"].proc.pid, s._box["child"].workdir, flush=True)
s.run(sys.argv[4])
"""


def _group_alive(pgid: int) -> list[int]:
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[2]) == pgid and fields[0] != "Z":
                    alive.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return alive


def _start_parent(tmp_path, mode, timeout, code):
    helper = tmp_path / "parent_helper.py"
    helper.write_text(PARENT_HELPER)
    audit = "0" if mode.get("audit", True) is False else "1"
    ns = "0" if mode.get("namespaces", True) is False else "1"
    proc = subprocess.Popen([sys.executable, str(helper), audit, ns, str(timeout), code],
                            stdout=subprocess.PIPE, text=True)
    pid, workdir = proc.stdout.readline().split()
    pgid = int(pid)
    time.sleep(0.5)  # the call is under way
    assert _group_alive(pgid), "the sandbox should be running now"
    return proc, pgid, workdir


def _wait_gone(pgid: int, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _group_alive(pgid):
            return []
        time.sleep(0.1)
    return _group_alive(pgid)


SLEEPER = ("import signal, time\nfor s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):\n"
           "    signal.signal(s, signal.SIG_IGN)\ntime.sleep(120)")


def test_outlive_parent_sigkill(world, mode, tmp_path, attack_env):  # escape 5 of the issue
    proc, pgid, workdir = _start_parent(tmp_path, mode, 60, SLEEPER)
    proc.kill()  # SIGKILL in the middle of a call: no cleanup code runs in the parent
    proc.wait()
    left = _wait_gone(pgid, 5)
    for pid in left:
        os.kill(pid, 9)
    import shutil

    shutil.rmtree(workdir, ignore_errors=True)  # a SIGKILLed parent cannot clean up after itself
    assert not left, f"sandbox processes outlived their parent: {left}"
    judge(world, "")


def test_watchdog_when_parent_stalls(world, mode, tmp_path, attack_env):
    """A stopped parent cannot enforce the wall clock: the child's init does, on its own."""
    import signal

    proc, pgid, workdir = _start_parent(tmp_path, mode, 1.0, "while True: pass")
    os.kill(proc.pid, signal.SIGSTOP)
    try:
        left = _wait_gone(pgid, 1.0 + 1.0 + 4)  # timeout + the watchdog's margin + slack
        for pid in left:
            os.kill(pid, 9)
        assert not left, f"the worker ran past its deadline: {left}"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    judge(world, "")
