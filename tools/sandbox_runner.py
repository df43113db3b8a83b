"""The child side of the python sandbox (see tools/python.py for the parent side).

Started as ``python -I -X utf8 sandbox_runner.py CONFIG_JSON`` with an empty environment.
It uses the standard library only (it runs before, and apart from, any agora import) and
locks itself down BEFORE it reads a line of model code:

1. namespaces (Linux): network (no interfaces but a downed loopback), mount, pid, ipc, uts,
   and a user namespace when not root. Whatever the kernel refuses is left out and reported.
2. filesystem (with a mount namespace): every mount read-only; /tmp, /home, /root, /run ...
   hidden under empty tmpfs (the Python installation re-exposed read-only); the work
   directory is a small private tmpfs.
3. resource limits: CPU, address space, processes, file size, open files, no core dumps.
4. privileges: as root, drop to an unused uid/gid (RLIMIT_NPROC is not enforced for root);
   no_new_privs so setuid binaries cannot give them back.
5. an audit hook (sys.addaudithook) that refuses process creation, signals, sockets, ctypes,
   and file access outside the work directory. Defence in depth only: hooks in the same
   interpreter can be bypassed by code that already controls memory, which is why 1-4 exist.

Protocol: requests arrive on fd ``cfg["fd_in"]``, replies leave on ``cfg["fd_out"]``, each a
4-byte big-endian length then UTF-8 JSON. The first reply says whether the sandbox is ready
and which isolation level is active.
"""

import ast
import json
import os
import resource
import signal
import struct
import sys
import traceback

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
SESSION_CPU_CALLS = 50
NS_FLAGS = {"user": CLONE_NEWUSER, "net": CLONE_NEWNET, "mount": CLONE_NEWNS, "pid": CLONE_NEWPID,
            "ipc": CLONE_NEWIPC, "uts": CLONE_NEWUTS}
NEVER_HIDE = {"/", "/usr", "/etc", "/bin", "/sbin", "/lib", "/lib64", "/proc", "/dev", "/sys", "/var", "/opt"}


# --- messages --------------------------------------------------------------------------------

def send(fd, obj):
    data = json.dumps(obj, ensure_ascii=False, default=repr).encode("utf-8", "replace")
    data = struct.pack(">I", len(data)) + data
    while data:
        data = data[os.write(fd, data):]


def receive(fd):
    def exactly(n):
        buf = b""
        while len(buf) < n:
            chunk = os.read(fd, n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    head = exactly(4)
    if head is None:
        return None
    body = exactly(struct.unpack(">I", head)[0])
    return None if body is None else json.loads(body.decode("utf-8"))


# --- namespaces and filesystem (Linux, through libc) -------------------------------------------

def load_libc():
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc, ctypes
    except Exception:
        return None, None


def unshare(libc, ctypes, names):
    flags = 0
    for name in names:
        flags |= NS_FLAGS[name]
    if libc.unshare(flags) != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))


def write_file(path, text):
    with open(path, "w") as f:
        f.write(text)


def map_ids(uid, gid, inner=0):
    """Inside a fresh user namespace: make ``inner`` stand for our outer uid/gid."""
    try:
        write_file("/proc/self/setgroups", "deny")
    except OSError:
        pass
    write_file("/proc/self/uid_map", f"{inner} {uid} 1")
    write_file("/proc/self/gid_map", f"{inner} {gid} 1")


def enter_namespaces(libc, ctypes, is_root):
    """Try the full set, then smaller ones. Returns the names of the namespaces entered."""
    base = [] if is_root else ["user"]
    for extra in (["net", "mount", "pid", "ipc", "uts"], ["net", "mount", "pid"], ["net", "mount"],
                  ["net"], ["mount"]):
        names = base + extra
        try:
            uid, gid = os.getuid(), os.getgid()
            unshare(libc, ctypes, names)
            if "user" in names:
                map_ids(uid, gid)
            return names
        except OSError:
            continue
    return []


def mount(libc, ctypes, source, target, fstype, flags, data):
    def b(s):
        return None if s is None else os.fsencode(s)

    if libc.mount(b(source), b(target), b(fstype), flags, b(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {target}: {os.strerror(err)}")


def mount_points():
    points = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            raw = line.split()[4]
            points.append(raw.encode().decode("unicode_escape"))  # \040 -> space
    return points


def remount_flags(path):
    f = os.statvfs(path).f_flag
    flags = MS_REMOUNT | MS_BIND | MS_RDONLY
    for st, ms in ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
                   (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME),
                   (os.ST_RELATIME, MS_RELATIME)):
        if f & st:
            flags |= ms
    return flags


def under(path, root):
    return path == root or path.startswith(root.rstrip("/") + "/")


def isolate_filesystem(libc, ctypes, cfg, owner):
    """Read-only everything, hide private directories, private tmpfs work directory."""
    notes = []
    mount(libc, ctypes, None, "/", None, MS_REC | MS_PRIVATE, None)
    for point in mount_points():
        if under(point, "/proc") or under(point, "/dev"):
            continue
        try:
            mount(libc, ctypes, None, point, None, remount_flags(point), None)
        except OSError:
            pass  # stacked or vanished mounts: the layers below still hold
    keep = sorted({os.path.realpath(p) for p in cfg["keep"] if os.path.isdir(p)})
    fds = {p: os.open(p, os.O_RDONLY | os.O_DIRECTORY) for p in keep}
    hidden, work = [], cfg["workdir"]
    for d in sorted({os.path.realpath(p) for p in cfg["hide"]}, key=len):
        if d in NEVER_HIDE or not os.path.isdir(d) or any(under(d, h) for h in hidden):
            continue
        if any(under(d, k) and d != k for k in keep):
            continue  # hiding d would hide part of the Python installation
        mount(libc, ctypes, "tmpfs", d, "tmpfs", MS_NOSUID | MS_NODEV, "size=256k,mode=0755")
        for k in keep:  # re-expose the Python installation (read-only) where it lives under d
            if under(k, d):
                os.makedirs(k, exist_ok=True)
                mount(libc, ctypes, f"/proc/self/fd/{fds[k]}", k, None, MS_BIND | MS_REC, None)
                mount(libc, ctypes, None, k, None, remount_flags(k), None)
        if under(work, d):
            os.makedirs(work, exist_ok=True)  # the mount point of the private work tmpfs
        mount(libc, ctypes, None, d, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
        hidden.append(d)
    for fd in fds.values():
        os.close(fd)
    mount(libc, ctypes, "tmpfs", work, "tmpfs", MS_NOSUID | MS_NODEV,
          f"size={int(cfg['workdir_mb'])}m,mode=0700,uid={owner[0]},gid={owner[1]}")
    notes.append("hidden:" + ",".join(sorted(hidden)))
    return notes


def close_extra_fds():
    for fd in range(3, 256):
        try:
            os.close(fd)
        except OSError:
            pass


def wait_and_mirror(pid, inside):
    """Wait for ``pid`` and end the same way. An init process cannot be killed by a signal
    sent from inside its namespace, so inside the namespace a signal travels as 128+N."""
    close_extra_fds()
    _, status = os.waitpid(pid, 0)
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    code = os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1
    if not sig and 128 < code < 128 + 65 and not inside:
        sig = code - 128
    if sig and inside:
        os._exit(128 + sig)
    if sig:
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(code)


def become_pid_one(libc, ctypes):
    """After unshare(CLONE_NEWPID) only children enter the new namespace. Fork its init (when
    it dies every process in it dies); init forks the worker that runs the code, because init
    itself ignores the CPU-limit signals. Returns whether a private /proc was mounted."""
    pid = os.fork()
    if pid:
        wait_and_mirror(pid, inside=False)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    try:  # a /proc that shows only this namespace's processes
        mount(libc, ctypes, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
        mounted = True
    except OSError:
        mounted = False
    pid = os.fork()
    if pid:
        wait_and_mirror(pid, inside=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    return mounted


# --- limits and privileges ---------------------------------------------------------------------

def set_limits(lim, session):
    mb = 1024 * 1024
    cpu = max(1, int(lim["cpu"] + 0.999))
    pairs = [
        # a session's hard limit is a budget for all its calls; serve() moves the soft limit
        (resource.RLIMIT_CPU, (cpu, cpu * SESSION_CPU_CALLS if session else cpu + 1)),
        (resource.RLIMIT_AS, (lim["memory_mb"] * mb,) * 2),
        (resource.RLIMIT_FSIZE, (lim["file_mb"] * mb,) * 2),
        (resource.RLIMIT_NOFILE, (lim["open_files"],) * 2),
        (resource.RLIMIT_CORE, (0, 0)),
    ]
    if hasattr(resource, "RLIMIT_NPROC"):
        pairs.append((resource.RLIMIT_NPROC, (lim["processes"],) * 2))
    done = []
    for which, value in pairs:
        try:
            resource.setrlimit(which, value)
            done.append(which)
        except (ValueError, OSError):
            pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # too-big writes raise OSError instead of killing
    return len(done) == len(pairs)


def drop_privileges(uid, gid, stdlib):
    """Root only: become an unused uid so NPROC counts and root's files are out of reach.
    Skipped when that uid could not even read the Python installation."""
    path = stdlib
    while path not in ("/", ""):
        if not os.stat(path).st_mode & 0o001:
            return False
        path = os.path.dirname(path)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    return True


# --- the audit hook ----------------------------------------------------------------------------

BLOCKED_EVENTS = ("os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.forkpty",
                  "subprocess.", "pty.", "os.kill", "os.killpg", "signal.pthread_kill", "socket.",
                  "ctypes.", "resource.prlimit", "sys.addaudithook",
                  "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames",
                  "webbrowser.", "urllib.", "http.", "ftplib.", "smtplib.", "poplib.", "imaplib.",
                  "nntplib.", "telnetlib.", "os.setuid", "os.chroot", "fcntl.ioctl", "_winapi.")
BLOCKED_IMPORTS = {"ctypes", "_ctypes", "_posixsubprocess", "cffi", "_cffi_backend", "pty", "_ssl"}
WRITE_EVENTS = {"os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.link",
                "os.symlink", "os.truncate", "os.utime", "os.chflags", "os.lchflags", "os.setxattr",
                "os.removexattr", "shutil.copyfile", "shutil.copymode", "shutil.copystat",
                "shutil.copytree", "shutil.rmtree", "shutil.move", "shutil.make_archive",
                "shutil.unpack_archive", "os.mkfifo", "os.mknod"}
LIST_EVENTS = {"os.listdir", "os.scandir", "glob.glob", "os.listxattr", "os.getxattr"}
READ_FILES = {"/dev/null", "/dev/urandom", "/dev/zero", "/etc/localtime"}


def install_audit_hook(workdir, read_roots):
    import threading

    state = threading.local()
    writable = (os.path.realpath(workdir),)
    readable = writable + tuple(os.path.realpath(r) for r in read_roots)
    write_bits = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def inside(path, roots):
        if isinstance(path, int):
            return True  # an already open descriptor
        try:
            real = os.path.realpath(os.fsdecode(path))
        except Exception:
            return False
        return real in READ_FILES and roots is readable or any(under(real, r) for r in roots)

    def check(event, args):
        if event == "import":
            if args[0].split(".")[0] in BLOCKED_IMPORTS:
                raise ImportError(f"import of {args[0]} is blocked in the sandbox")
            return
        if event.startswith(BLOCKED_EVENTS):
            raise PermissionError(f"{event} is not allowed in the sandbox")
        if event == "open":
            path, mode, flags = args
            writing = (mode is not None and any(c in mode for c in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & write_bits)
            if not inside(path, writable if writing else readable):
                raise PermissionError(f"access to {path!r} is not allowed in the sandbox "
                                      "(only the work directory)")
        elif event in WRITE_EVENTS:
            for a in args:
                if isinstance(a, (str, bytes, os.PathLike)) and not inside(a, writable):
                    raise PermissionError(f"{event} outside the work directory is not allowed")
        elif event in LIST_EVENTS:
            if args and isinstance(args[0], (str, bytes, os.PathLike)) and not inside(args[0], readable):
                raise PermissionError(f"{event} outside the work directory is not allowed")

    def hook(event, args):
        if getattr(state, "busy", False):
            return  # events raised by our own checks (realpath)
        state.busy = True
        try:
            check(event, args)
        finally:
            state.busy = False

    sys.addaudithook(hook)


# --- running code ------------------------------------------------------------------------------

class Capture:
    """A stdout/stderr that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit):
        self.limit, self.parts, self.size, self.dropped = limit, [], 0, 0
        self.encoding, self.errors = "utf-8", "replace"

    def write(self, s):
        s = str(s)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def text(self):
        tail = f"\n...[{self.dropped} more characters not shown]" if self.dropped else ""
        return "".join(self.parts) + tail

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True


def run_code(code, namespace, budget):
    import linecache

    out, err = Capture(budget), Capture(budget)
    sys.stdout, sys.stderr = out, err
    value = error = None
    try:
        linecache.cache["<sandbox>"] = (len(code), None, code.splitlines(True), "<sandbox>")
        tree = ast.parse(code, "<sandbox>", "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, "<sandbox>", "exec"), namespace)
        if last is not None:
            result = eval(compile(last, "<sandbox>", "eval"), namespace)
            if result is not None:
                value = repr(result)
                if len(value) > budget:
                    value = value[:budget] + f"...[{len(value) - budget} more characters not shown]"
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the session survives
        report = traceback.TracebackException(type(exc), exc, exc.__traceback__)
        here = os.path.abspath(__file__)  # the runner's own frames (audit hook, run_code) are noise
        report.stack = traceback.StackSummary.from_list(
            [f for f in report.stack if os.path.abspath(f.filename) != here])
        lines = "".join(report.format()).splitlines()
        error = "\n".join(lines[-12:])[-budget:]
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    return {"stdout": out.text(), "stderr": err.text(), "value": value, "error": error}


def serve(cfg, fd_in, fd_out, session):
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    while True:
        request = receive(fd_in)
        if request is None:
            return
        if session:  # the CPU limit is per call: allow this call its own seconds. (setrlimit
            # is not blocked by the audit hook: an unprivileged process cannot raise a hard
            # limit, so the model can at most move its soft limit up to the session budget.)
            used = resource.getrusage(resource.RUSAGE_SELF)
            spent = used.ru_utime + used.ru_stime
            hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
            resource.setrlimit(resource.RLIMIT_CPU, (min(hard, int(spent + cfg["limits"]["cpu"]) + 1), hard))
        send(fd_out, run_code(request["code"], namespace, cfg["budget"]))
        if not session:
            return


def prepare(cfg):
    """Steps 1-4 of the module docstring. Returns (ready, level, detail)."""
    is_root = os.geteuid() == 0
    uid, gid = os.getuid(), os.getgid()
    layers, detail = [], []
    libc = ctypes = None
    if cfg["namespaces"] and sys.platform.startswith("linux"):
        libc, ctypes = load_libc()
    names = enter_namespaces(libc, ctypes, is_root) if libc else []
    if cfg["strict"] and "net" not in names:
        return False, "", "network isolation is not available on this machine (strict mode refuses to run)"
    drop = is_root and cfg["drop_uid"] is not None
    owner = (cfg["drop_uid"], cfg["drop_gid"]) if drop else (0, 0) if "user" in names else (uid, gid)
    if "mount" in names:
        try:
            detail += isolate_filesystem(libc, ctypes, cfg, owner)
        except OSError as err:
            names.remove("mount")
            detail.append(f"filesystem isolation failed: {err}")
    if "pid" in names:
        if not become_pid_one(libc, ctypes):
            detail.append("no private /proc")
    if names:
        layers.append("namespaces(" + ",".join(names) + ")")
    if "user" in names and "mount" in names:
        try:  # lock the mounts: a less privileged user namespace cannot undo them
            unshare(libc, ctypes, ["user", "mount"])
            map_ids(0, 0)
        except OSError:
            pass
    layers.append("rlimits" if set_limits(cfg["limits"], cfg["session"]) else "some-rlimits")
    if drop:
        if drop_privileges(cfg["drop_uid"], cfg["drop_gid"], cfg["read_roots"][0]):
            layers.append("uid-drop")
        else:
            detail.append("uid drop skipped: the Python installation is not world-readable")
    if libc is not None:
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    os.chdir(cfg["workdir"])
    if cfg["audit"]:
        layers.append("audit-hook")
    return True, "+".join(layers), "; ".join(detail)


def main():
    cfg = json.loads(sys.argv[1])
    fd_in, fd_out = cfg["fd_in"], cfg["fd_out"]
    try:
        ready, level, detail = prepare(cfg)
    except Exception as err:  # report, never run code half-isolated
        ready, level, detail = False, "", f"sandbox setup failed: {type(err).__name__}: {err}"
    os.environ.clear()
    os.environ.update({"HOME": cfg["workdir"], "TMPDIR": cfg["workdir"], "LANG": "C.UTF-8",
                       "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
    for name in [m for m in sys.modules if m.split(".")[0] in ("ctypes", "_ctypes")]:
        del sys.modules[name]  # a cached module would skip the import audit event
    sys.argv = ["<sandbox>"]
    send(fd_out, {"ready": ready, "level": level, "detail": detail})
    if not ready:
        sys.exit(3)
    if cfg["audit"]:
        install_audit_hook(cfg["workdir"], cfg["read_roots"])
    serve(cfg, fd_in, fd_out, cfg["session"])
    # Leave without interpreter finalization: it clears the audit hooks and would then run
    # __del__ methods and atexit callbacks the model planted ("time bombs").
    os._exit(0)


if __name__ == "__main__":
    main()
