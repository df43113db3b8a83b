"""Landlock for the python sandbox (child side; standard library and ctypes only).

A small ctypes wrapper over the three Landlock system calls rather than a binding: the one on
PyPI (``landlock``, a 2025 dev release) decides failure from a stale ``errno`` instead of the
return value, and knows neither the network rules (ABI 4) nor the scopes (ABI 6) used here.
The system call numbers (444-446) are the same on every architecture.

The worker may read the Python installation, the shared libraries it links to, a few files
every process reads (ld.so.cache, localtime, /dev/urandom ...) and its own /proc entry; it
may write only its work directory (and /dev/null). Where the ABI has them: no TCP bind or
connect at all, no abstract unix sockets and no signals outside its own domain.
"""

import os
import stat

CREATE_RULESET_VERSION, RULE_PATH_BENEATH = 1, 1
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1, 2, 4, 8
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR, MAKE_REG = 16, 32, 64, 128, 256
MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM, REFER, TRUNCATE, IOCTL_DEV = (
    512, 1024, 2048, 4096, 1 << 13, 1 << 14, 1 << 15)
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2
SYSTEM_READ = ("/usr/lib", "/lib", "/lib64", "/usr/lib64", "/usr/share/zoneinfo", "/etc/ld.so.cache",
               "/etc/localtime", "/dev/urandom", "/dev/random", "/dev/zero", "/sys/devices/system/cpu",
               "/proc/self")


def syscall(libc, ctypes, number, *args):
    """A raw system call with every argument widened to a long (variadic ints are 32 bits)."""
    return libc.syscall(ctypes.c_long(number), *[ctypes.c_long(a) if isinstance(a, int) else a
                                                  for a in args])


def abi(libc, ctypes):
    """The Landlock ABI version, or 0 when the kernel lacks it (or it is disabled at boot)."""
    return max(0, syscall(libc, ctypes, 444, None, 0, CREATE_RULESET_VERSION))


def handled_fs(version):
    rights = (1 << 13) - 1  # ABI 1: EXECUTE .. MAKE_SYM
    if version >= 2:
        rights |= REFER
    if version >= 3:
        rights |= TRUNCATE
    if version >= 5:
        rights |= IOCTL_DEV
    return rights


def restrict(libc, ctypes, read, write):
    """Allow reading ``read`` and writing ``write`` (paths; missing ones are skipped), nothing
    else. Returns the ABI version used. Needs no_new_privs; applies to the calling thread and
    what it starts."""
    version = abi(libc, ctypes)
    if version < 1:
        raise OSError(38, "the kernel has no Landlock")

    class RulesetAttr(ctypes.Structure):
        _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("allowed", ctypes.c_uint64), ("fd", ctypes.c_int32)]

    fs = handled_fs(version)
    attr = RulesetAttr(fs, NET_BIND_TCP | NET_CONNECT_TCP if version >= 4 else 0,
                       SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if version >= 6 else 0)
    size = 24 if version >= 6 else 16 if version >= 4 else 8
    ruleset = syscall(libc, ctypes, 444, ctypes.byref(attr), size, 0)
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    reading = READ_FILE | READ_DIR
    writing = fs & ~(EXECUTE | MAKE_CHAR | MAKE_BLOCK)
    try:
        rules = [(p, reading) for p in read] + [(p, writing) for p in write]
        rules.append(("/dev/null", READ_FILE | WRITE_FILE | (fs & (TRUNCATE | IOCTL_DEV))))
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not stat.S_ISDIR(os.fstat(fd).st_mode):
                    rights &= FILE_RIGHTS  # a file takes file rights only
                rule = PathBeneath(rights & fs, fd)
                if syscall(libc, ctypes, 445, ruleset, RULE_PATH_BENEATH, ctypes.byref(rule), 0) != 0:
                    raise OSError(ctypes.get_errno(), f"landlock_add_rule {path} failed")
            finally:
                os.close(fd)
        if syscall(libc, ctypes, 446, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    return version
