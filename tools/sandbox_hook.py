"""The sandbox's audit hook (child side): defence in depth only.

A hook in the same interpreter can be bypassed by code that already controls memory; the
operating-system layers (seccomp, Landlock, namespaces, rlimits, uid drop) are what hold.
Still, the hook must not be switchable off from Python, so:

- its policy lives in the closure of one function, as tuples, frozensets and strings (nothing
  mutable, nothing in module globals that ``sys.modules["__main__"]`` would reach);
- it calls no Python function: every name it uses is bound at install time to a C builtin
  (a Python helper could have its ``__code__`` replaced), and paths are resolved inline with
  ``os.lstat``/``os.readlink``; there is no re-entrancy flag to flip from a traceback frame;
- it calls no method of the objects it is given: a ``str`` or ``bytes`` subclass is copied to
  a plain one in C first; any other path object (``pathlib``) is refused unless the kernel
  confines the filesystem anyway (then the OS decides, as it would without the hook).

Audit hooks are not traced (CPython disables tracing inside them), so a trace function cannot
rewrite the closure either. ``tests/test_sandbox_hook.py`` checks the code for global lookups.
"""

import os
import sys

BLOCKED_EVENTS = ("os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.forkpty",
                  "subprocess.", "pty.", "os.kill", "os.killpg", "signal.pthread_kill", "socket.",
                  "ctypes.", "resource.prlimit", "sys.addaudithook", "_posixsubprocess.",
                  "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames",
                  "webbrowser.", "urllib.", "http.", "ftplib.", "smtplib.", "poplib.", "imaplib.",
                  "nntplib.", "telnetlib.", "os.setuid", "os.chroot", "fcntl.ioctl", "_winapi.")
# (subprocess needs _posixsubprocess; multiprocessing may be imported, its processes cannot start)
BLOCKED_IMPORTS = ("ctypes", "_ctypes", "_posixsubprocess", "subprocess", "cffi", "_cffi_backend", "pty",
                   "_ssl", "_xxsubinterpreters", "_testcapi", "_testinternalcapi")
WRITE_EVENTS = ("os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.link",
                "os.symlink", "os.truncate", "os.utime", "os.chflags", "os.lchflags", "os.setxattr",
                "os.removexattr", "shutil.copyfile", "shutil.copymode", "shutil.copystat",
                "shutil.copytree", "shutil.rmtree", "shutil.move", "shutil.make_archive",
                "shutil.unpack_archive", "os.mkfifo", "os.mknod")
LIST_EVENTS = ("os.listdir", "os.scandir", "glob.glob", "os.listxattr", "os.getxattr")
READ_FILES = ("/dev/null", "/dev/urandom", "/dev/zero", "/etc/localtime")
GUARDED_ATTRIBUTES = ("__code__",)  # a function of the runner or the stdlib given new code


def install(workdir, read_roots, confined):
    """Add the hook. ``confined``: the kernel already confines file access (Landlock or a mount
    namespace), so path objects the hook cannot read without running their code are left to it."""
    policy = _policy(workdir, read_roots)
    sys.addaudithook(_make_hook(*policy, bool(confined)))


def _policy(workdir, read_roots):
    writable = (os.path.realpath(workdir),)
    readable = writable + tuple(os.path.realpath(r) for r in read_roots)
    return (frozenset(writable + ("/dev/null",)), tuple(r.rstrip("/") + "/" for r in writable),
            frozenset(readable + READ_FILES), tuple(r.rstrip("/") + "/" for r in readable))


def _make_hook(write_roots, write_prefixes, read_roots, read_prefixes, confined):
    # Every name below is a local of this function, so the hook's code has no global lookups.
    _str, _bytes, _int, _float, _tuple, _type, _issubclass, _len = str, bytes, int, float, tuple, type, issubclass, len
    _list, _reversed, _bool = list, reversed, bool
    _str_copy, _bytes_copy, _decode = str.__str__, bytes.__bytes__, bytes.decode
    _PermissionError, _ImportError, _OSError, _ValueError = PermissionError, ImportError, OSError, ValueError
    _lstat, _readlink, _getcwd = os.lstat, os.readlink, os.getcwd
    blocked_events, blocked_imports = BLOCKED_EVENTS, frozenset(BLOCKED_IMPORTS)
    write_events, list_events = frozenset(WRITE_EVENTS), frozenset(LIST_EVENTS)
    guarded = frozenset(GUARDED_ATTRIBUTES)
    write_bits = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    _none_type = _type(None)

    def hook(event, args):
        # which paths to check: (path, roots, prefixes) triples
        checks = []
        if event == "import":
            name = args[0] if _len(args) else None
            if _type(name) is not _str:
                name = _str_copy(name) if _issubclass(_type(name), _str) else ""
            if name.partition(".")[0] in blocked_imports:
                raise _ImportError("import of " + name + " is blocked in the sandbox")
            return
        if event.startswith(blocked_events):
            raise _PermissionError(event + " is not allowed in the sandbox")
        if event == "object.__setattr__" and _len(args) > 1 and _type(args[1]) is _str and args[1] in guarded:
            raise _PermissionError("setting " + args[1] + " is not allowed in the sandbox")
        if event == "open" and _len(args) == 3:
            path, mode, flags = args
            if _type(mode) is _str:
                writing = "w" in mode or "a" in mode or "x" in mode or "+" in mode
            elif mode is None and _type(flags) is _int:
                writing = (flags & write_bits) != 0
            else:
                writing = True
            checks.append(path)
        elif event in write_events:
            writing = True
            for a in args:
                kind = _type(a)  # compared by identity: `in` would call a metaclass's __eq__
                if not (kind is _int or kind is _float or kind is _tuple or kind is _none_type or kind is _bool):
                    checks.append(a)
        elif event in list_events and _len(args):
            writing = False
            kind = _type(args[0])
            if not (kind is _int or kind is _none_type or kind is _bool):
                checks.append(args[0])
        else:
            return
        roots, prefixes = (write_roots, write_prefixes) if writing else (read_roots, read_prefixes)
        for path in checks:
            kind = _type(path)
            if kind is _int or kind is _bool or (kind is not _str and _issubclass(kind, _int)):
                continue  # an open descriptor
            if kind is _str:
                text = path
            elif _issubclass(kind, _str):
                text = _str_copy(path)
            elif _issubclass(kind, _bytes):
                text = _decode(_bytes_copy(path), "utf-8", "surrogateescape")
            elif confined:
                continue  # a path object: reading it would run its code; the kernel decides
            else:
                raise _PermissionError(event + ": the sandbox checks only str or bytes paths (use str(path))")
            # resolve symbolic links, "." and ".." inline (no Python helper: see the docstring)
            if not text.startswith("/"):
                text = _getcwd() + "/" + text
            todo, parts, hops, real = _list(_reversed(text.split("/"))), [], 0, None
            while todo:
                part = todo.pop()
                if part == "" or part == ".":
                    continue
                if part == "..":
                    if parts:
                        parts.pop()
                    continue
                candidate = "/" + "/".join(parts) + ("/" if parts else "") + part
                try:
                    mode_bits = _lstat(candidate).st_mode
                except _ValueError:
                    hops = 99  # a NUL byte: refuse
                    break
                except _OSError:
                    parts.append(part)
                    continue
                if mode_bits & 0o170000 == 0o120000:
                    hops += 1
                    if hops > 40:
                        break
                    try:
                        target = _readlink(candidate)
                    except (_OSError, _ValueError):
                        hops = 99
                        break
                    if target.startswith("/"):
                        parts = []
                    todo.extend(_reversed(target.split("/")))
                    continue
                parts.append(part)
            else:
                real = "/" + "/".join(parts)
            if real is None or not (real in roots or real.startswith(prefixes)):
                raise _PermissionError("access to " + text + " is not allowed in the sandbox "
                                       "(only the work directory)")

    return hook
