"""The sandbox's seccomp filter: which system calls the worker may not make.

The filter is compiled by libseccomp through ``pyseccomp`` (ctypes over libseccomp.so.2,
API-compatible with libseccomp's own Python bindings) in the PARENT, once per process, and
handed to the child as BPF bytes; the child only loads them with ``prctl(PR_SET_SECCOMP)``.
So no rule is hand-written BPF, and the child never imports pyseccomp (whose import runs
``ldconfig -p`` through ``subprocess``: a fork+exec per sandbox, and a ``Popen`` class left
reachable from ``object.__subclasses__()``).

Policy: everything CPython needs is allowed (the default action); what follows is denied
with EPERM. Processes: execve/execveat, fork/vfork, clone without CLONE_THREAD or with any
CLONE_NEW* flag (threads stay possible, bounded by RLIMIT_NPROC); clone3 answers ENOSYS so
glibc falls back to the filtered clone. Network: socket and socketpair for every family.
Kernel attack surface and escapes: keyrings, ptrace and process_vm_*, mounts and
namespaces, bpf, perf, userfaultfd, io_uring, modules, kexec, file handles, pidfds. Signals
to a negative pid (a process group other than ours, or every process: kill(-1)) and
changes of the parent-death signal are refused too. A system call of a foreign ABI (i386
``int 0x80``, x32) kills the process.
"""

from __future__ import annotations

import errno
import tempfile
import threading

DENIED = (
    "socket", "socketpair",
    "execve", "execveat", "fork", "vfork",
    "keyctl", "add_key", "request_key",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    "mount", "umount2", "unshare", "setns", "pivot_root", "chroot", "move_mount", "open_tree",
    "fsopen", "fsmount", "fsconfig", "fspick", "mount_setattr",
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "syslog", "uselib", "vhangup", "iopl", "ioperm",
    "open_by_handle_at", "name_to_handle_at", "fanotify_init", "lookup_dcookie",
    "pidfd_open", "pidfd_getfd", "pidfd_send_signal", "tkill",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname", "setdomainname",
    "move_pages", "migrate_pages",
)
CLONE_THREAD = 0x00010000
CLONE_NEW = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000,
             0x00000080)  # NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME
PR_SET_PDEATHSIG, TIOCSTI = 1, 0x5412

_lock = threading.Lock()
_cache: dict[str, object] = {}


def filter_bpf() -> tuple[bytes | None, str]:
    """(BPF program, "") or (None, why there is none). Compiled once per process."""
    with _lock:
        if "bpf" not in _cache:
            try:
                _cache["bpf"], _cache["why"] = _compile(), ""
            except Exception as err:  # no binding, no libseccomp, an unknown architecture
                _cache["bpf"], _cache["why"] = None, f"no seccomp filter ({type(err).__name__}: {err})"
        return _cache["bpf"], _cache["why"]  # type: ignore[return-value]


def _compile() -> bytes:
    try:
        import seccomp  # libseccomp's own bindings, where the system Python has them
    except ImportError:
        try:
            import pyseccomp as seccomp
        except ImportError:
            raise RuntimeError("install pyseccomp (pip install pyseccomp) and libseccomp2") from None
    eperm = seccomp.ERRNO(errno.EPERM)
    f = seccomp.SyscallFilter(seccomp.ALLOW)
    f.set_attr(seccomp.Attr.ACT_BADARCH, seccomp.KILL_PROCESS)
    added = 0
    for name in DENIED:
        try:
            f.add_rule(eperm, name)
            added += 1
        except Exception:  # not a system call on this architecture (e.g. fork on aarch64)
            pass
    if added < len(DENIED) // 2:
        raise RuntimeError("libseccomp resolved too few system calls")
    f.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")  # its flags live in memory: unfilterable
    f.add_rule(eperm, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_THREAD, 0))
    for flag in CLONE_NEW:
        f.add_rule(eperm, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    for name in ("kill", "rt_sigqueueinfo"):  # pid_t is 32 bits: bit 31 set = negative
        f.add_rule(eperm, name, seccomp.Arg(0, seccomp.MASKED_EQ, 0x80000000, 0x80000000))
    f.add_rule(eperm, "prctl", seccomp.Arg(0, seccomp.EQ, PR_SET_PDEATHSIG))
    f.add_rule(eperm, "ioctl", seccomp.Arg(1, seccomp.MASKED_EQ, 0xFFFFFFFF, TIOCSTI))
    with tempfile.TemporaryFile() as out:
        f.export_bpf(out)
        out.seek(0)
        return out.read()
