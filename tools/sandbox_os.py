"""Operating-system layers of the python sandbox, child side (standard library and ctypes only;
see tools/sandbox_runner.py for the order they are put on in).

Namespaces (net, mount, pid, ipc, uts; user when not root), a read-only filesystem with private
directories hidden, a fresh session keyring, resource limits, the uid drop, the watchdog init
that kills the worker on its own, and loading the seccomp program compiled by the parent.
"""

import os
import resource
import select
import signal
import time

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 1, 38, 22, 2
KEYCTL_JOIN_SESSION_KEYRING = 1
SYS_KEYCTL = {"x86_64": 250, "aarch64": 219, "riscv64": 219, "i686": 288, "i386": 288, "armv7l": 311,
              "ppc64le": 271, "s390x": 280}
SESSION_CPU_CALLS = 50
WATCHDOG_EXIT = 124  # the init killed the worker at its own deadline (the parent was too slow or gone)
WATCHDOG_MARGIN = 1.0
NS_FLAGS = {"user": CLONE_NEWUSER, "net": CLONE_NEWNET, "mount": CLONE_NEWNS, "pid": CLONE_NEWPID,
            "ipc": CLONE_NEWIPC, "uts": CLONE_NEWUTS}
NEVER_HIDE = {"/", "/usr", "/etc", "/bin", "/sbin", "/lib", "/lib64", "/proc", "/dev", "/sys", "/var", "/opt"}


def load_libc():
    """libc through ctypes, without ``ctypes.util`` (its find_library imports subprocess and runs
    ldconfig): the interpreter's own symbols include libc's."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        return libc, ctypes
    except Exception:
        return None, None


def die_with_parent(libc, parent):
    """PR_SET_PDEATHSIG, then make sure the parent did not die before it took effect. (It is
    cleared by a uid change, so the worker calls this again after the drop.)"""
    if libc is not None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(WATCHDOG_EXIT)


def join_fresh_keyring(libc, ctypes):
    """A new anonymous session keyring: the parent's keys (and its session keyring) are out of
    reach, and whatever the child adds dies with it."""
    number = SYS_KEYCTL.get(os.uname().machine)
    if libc is None or number is None:
        return False
    return libc.syscall(ctypes.c_long(number), ctypes.c_long(KEYCTL_JOIN_SESSION_KEYRING), None) >= 0


def read_line(fd):
    """One line from the parent's control pipe, byte by byte (the rest is the watchdog's)."""
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte:
            os._exit(WATCHDOG_EXIT)  # the parent is gone
        line += byte
    return line[:-1]


def load_seccomp(libc, ctypes, bpf):
    """Install the BPF program (compiled by libseccomp in the parent). Needs no_new_privs."""
    if not bpf or len(bpf) % 8:
        raise OSError(22, "malformed seccomp program")

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = ctypes.create_string_buffer(bpf, len(bpf))
    prog = SockFprog(len(bpf) // 8, ctypes.cast(program, ctypes.c_void_p))
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"seccomp: {os.strerror(err)}")


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



# --- processes: the init, the watchdog, the worker ----------------------------------------------

def close_extra_fds(keep=()):
    """Close every descriptor above 2 but ``keep`` (all of them, not only those below 256)."""
    keep = sorted(set(keep))
    low = 3
    for fd in keep + [None]:
        high = fd if fd is not None else 1 << 30
        if high > low:
            try:
                os.closerange(low, min(high, resource.getrlimit(resource.RLIMIT_NOFILE)[1] + 1)
                              if fd is None else high)
            except OSError:
                pass
        if fd is not None:
            low = fd + 1


def end_like(status, inside):
    """End the way a child with wait ``status`` ended. An init cannot be killed by a signal sent
    from inside its namespace, so inside the namespace a signal travels as exit code 128+N."""
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    code = os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1
    if not sig and 128 < code < 128 + 65 and not inside:
        sig = code - 128
    if sig and inside:
        os._exit(128 + sig)
    if sig:
        if sig not in (signal.SIGKILL, signal.SIGSTOP):  # their disposition cannot be changed
            try:
                signal.signal(sig, signal.SIG_DFL)
            except (OSError, ValueError):
                sig = signal.SIGKILL
        os.kill(os.getpid(), sig)
        os.kill(os.getpid(), signal.SIGKILL)  # a signal that did not end us (e.g. SIGCHLD)
    os._exit(code)


def mirror(pid, inside):
    """The outer process: wait for ``pid`` and end the same way."""
    close_extra_fds()
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    end_like(status, inside)


def watchdog(pid, ctl, inside):
    """The init: wait for the worker ``pid``, and kill it on its own when a call runs past its
    deadline plus a margin, or when the parent is gone (its control pipe ``ctl`` closes). The
    parent writes ``s<seconds>`` when a call starts and ``e`` when its reply came."""
    close_extra_fds(keep=(ctl,))
    try:
        waiter = os.pidfd_open(pid)
    except (AttributeError, OSError):
        waiter = None  # old kernel: poll the worker instead
    deadline, pending = None, b""
    while True:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        if waiter is None:
            wait = 0.05 if wait is None else min(wait, 0.05)
        ready = select.select([ctl] + ([waiter] if waiter is not None else []), [], [], wait)[0]
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            end_like(status, inside)
        if ctl in ready:
            data = os.read(ctl, 256)
            if not data:  # the parent died or closed the sandbox
                break
            pending += data
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if line.startswith(b"s"):
                    deadline = time.monotonic() + float(line[1:] or 0) + WATCHDOG_MARGIN
                elif line == b"e":
                    deadline = None
        if deadline is not None and time.monotonic() >= deadline:
            break
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os._exit(WATCHDOG_EXIT)


def fork_worker(libc, ctypes, ctl, pid_namespace):
    """Fork the init (with a pid namespace: the namespace's first process; when it dies every
    process in it dies) and the worker that runs the code. The init keeps the control pipe; the
    worker closes it. Returns (whether a private /proc was mounted, the init's pid)."""
    mounted = False
    if pid_namespace:
        pid = os.fork()
        if pid:
            mirror(pid, inside=False)
        die_with_parent(libc, None)  # (the parent of a namespace's init is invisible: ppid 0)
        try:  # a /proc that shows only this namespace's processes
            mount(libc, ctypes, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
            mounted = True
        except OSError:
            pass
    init = os.getpid()
    pid = os.fork()
    if pid:
        watchdog(pid, ctl, inside=pid_namespace)
    os.close(ctl)
    die_with_parent(libc, init)
    return mounted, init


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

