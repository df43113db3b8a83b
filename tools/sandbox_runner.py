"""The child side of the python sandbox (see tools/python.py for the parent side).

Started as ``python -I -S -B -X utf8 -c BOOT CONFIG`` with an empty environment: BOOT (in
tools/sandbox_child.py) reads this module and its siblings, compiled by the parent, from the
request pipe and runs this one.
It uses the standard library only (it runs before, and apart from, any agora import) and
locks itself down BEFORE it reads a line of model code, in this order:

1. dies with its parent (PR_SET_PDEATHSIG, then a getppid() check); joins the memory cgroup
   the parent made (every page counts: heap, memfd, tmpfs) and a fresh session keyring.
2. namespaces (Linux): network, mount, pid, ipc, uts, and a user namespace when not root;
   whatever the kernel refuses is left out and reported. Every mount read-only, private
   directories hidden, the work directory a small private tmpfs (tools/sandbox_os.py).
3. an init (pid 1 of the namespace) that watches the worker: it kills it at the call's
   deadline plus a margin on its own, and when the parent's control pipe closes.
4. in the worker: rlimits, the uid drop (as root), no_new_privs, Landlock (read the Python
   installation, write the work directory: tools/sandbox_landlock.py), then the seccomp
   program the parent compiled with libseccomp (tools/sandbox_seccomp.py).
5. the audit hook (tools/sandbox_hook.py): defence in depth only.

Protocol: requests arrive on fd ``cfg["fd_in"]``, replies leave on ``cfg["fd_out"]``, each a
4-byte big-endian length then UTF-8 JSON; each reply carries the id of its request. The
first reply says whether the sandbox is ready and which isolation level is active. The
parent trusts none of it beyond a checked size, shape and budget.
"""

import _ast
import binascii
import gc
import marshal
import os
import resource
import sys

gc.freeze()  # what exists now is the runner's; a collection after set-up scans only the rest
PRELOADED = frozenset(sys.modules)  # what the runner needs; everything set-up adds is purged
PURGE = ("ctypes", "_ctypes", "subprocess", "_posixsubprocess", "pyseccomp", "seccomp")
HERE = os.path.dirname(os.path.abspath(__file__))
PyCF_ONLY_AST = 0x400


def sibling(name):
    """A module of the sandbox, from the code the parent sent (BUNDLE, see BOOT in
    tools/sandbox_child.py); never importable by name from the sandboxed code."""
    module = type(sys)(f"_agora_{name}")
    module.__file__ = os.path.join(HERE, name + ".py")
    exec(BUNDLE[name], module.__dict__)  # noqa: F821 (BUNDLE is defined by the boot code)
    return module


# --- messages (no json module: importing it, and re with it, costs more than the rest) ---------

ESCAPES = {i: f"\\u{i:04x}" for i in range(32)} | {ord("\\"): "\\\\", ord('"'): '\\"'}


def to_json(value):
    """JSON for what a reply holds: dicts, str, bool, int, None."""
    if value is None or value is True or value is False:
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, str):
        return '"' + str.translate(value, ESCAPES) + '"'
    if isinstance(value, dict):
        return "{" + ",".join(to_json(str(k)) + ":" + to_json(v) for k, v in value.items()) + "}"
    return to_json(repr(value))


def send(fd, obj):
    data = to_json(obj).encode("utf-8", "replace")
    data = len(data).to_bytes(4, "big") + data
    while data:
        data = data[os.write(fd, data):]


def receive(fd):
    """A request from the parent (marshal: the parent is trusted, the child is not)."""
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
    body = exactly(int.from_bytes(head, "big"))
    return None if body is None else marshal.loads(body)


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


def assigned_name(node):
    """The one plain name a last statement assigns (``x = ...``, ``x += ...``, ``x: int = ...``), or None."""
    if isinstance(node, _ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
    elif isinstance(node, (_ast.AugAssign, _ast.AnnAssign)):
        target = node.target
    else:
        return None
    return target.id if isinstance(target, _ast.Name) else None


def run_code(code, namespace, budget):
    out, err = Capture(budget), Capture(budget)
    sys.stdout, sys.stderr = out, err
    value = error = None
    try:
        tree = compile(code, "<sandbox>", "exec", PyCF_ONLY_AST)  # the ast module is not needed
        last = None
        assigned = assigned_name(tree.body[-1]) if tree.body else None
        if tree.body and isinstance(tree.body[-1], _ast.Expr):
            last = _ast.Expression(tree.body.pop().value)
        exec(compile(tree, "<sandbox>", "exec"), namespace)
        result = None
        if last is not None:
            result = eval(compile(last, "<sandbox>", "eval"), namespace)
        elif assigned is not None and not out.text():
            # a program that ends by assigning its result ("total = 11 * 8 * 4") and prints
            # nothing shows that value, as a notebook shows a last expression: small models
            # writing program of thought often forget the print
            result = namespace.get(assigned)
        if result is not None:
            value = repr(result)
            if len(value) > budget:
                value = value[:budget] + f"...[{len(value) - budget} more characters not shown]"
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the session survives
        error = describe(exc, code, budget)
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    return {"stdout": out.text(), "stderr": err.text(), "value": value, "error": error}


def describe(exc, code, budget):
    """The last lines of the traceback, without the sandbox's own frames (run_code, the hook)."""
    try:
        import linecache
        import traceback

        linecache.cache["<sandbox>"] = (len(code), None, code.splitlines(True), "<sandbox>")
        report = traceback.TracebackException(type(exc), exc, exc.__traceback__)
        report.stack = traceback.StackSummary.from_list(
            [f for f in report.stack if os.path.dirname(os.path.abspath(f.filename)) != HERE])
        lines = "".join(report.format()).splitlines()
        return "\n".join(lines[-12:])[-budget:]
    except BaseException:  # e.g. no descriptor left to read the source: still a failed call
        try:
            return f"{type(exc).__name__}: {exc}"[-budget:]
        except BaseException:
            return f"{type(exc).__name__} (its message could not be formatted)"



def serve(cfg, fd_in, fd_out, session):
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    while True:
        request = receive(fd_in)
        if request is None:
            return
        if session:  # the CPU limit is per call: allow this call its own seconds. (An
            # unprivileged process cannot raise a hard limit, so the model can at most move its
            # soft limit up to the session budget.)
            used = resource.getrusage(resource.RUSAGE_SELF)
            spent = used.ru_utime + used.ru_stime
            hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
            resource.setrlimit(resource.RLIMIT_CPU, (min(hard, int(spent + cfg["limits"]["cpu"]) + 1), hard))
        reply = run_code(request["code"], namespace, cfg["budget"])
        reply["id"] = request.get("id")
        send(fd_out, reply)
        if not session:
            return


# --- putting the layers on ---------------------------------------------------------------------

def prepare(cfg, osl, lands):
    """Steps 1-4 of the module docstring. Returns (ready, level, detail, confined)."""
    linux = sys.platform.startswith("linux")
    libc, ctypes = osl.load_libc() if linux else (None, None)
    osl.die_with_parent(libc, cfg["parent"])  # first: a child must never outlive its parent
    is_root = os.geteuid() == 0
    uid, gid = os.getuid(), os.getgid()
    layers, detail = [], []
    joined = osl.read_line(cfg["fd_ctl"])  # the parent moves us into the cgroup before any fork
    if cfg["cgroup"] and joined == b"c1":
        layers.append(cfg["cgroup"])
    elif cfg["cgroup"]:
        detail.append("no memory cgroup (the move into it failed)")
    elif cfg["cgroup_note"]:
        detail.append(cfg["cgroup_note"])
    if linux and cfg["keyring"]:
        if osl.join_fresh_keyring(libc, ctypes):
            layers.append("keyring")
        else:
            detail.append("no fresh session keyring")
    names = osl.enter_namespaces(libc, ctypes, is_root) if libc and cfg["namespaces"] else []
    drop = is_root and cfg["drop_uid"] is not None
    owner = (cfg["drop_uid"], cfg["drop_gid"]) if drop else (0, 0) if "user" in names else (uid, gid)
    if "mount" in names:
        try:
            detail += osl.isolate_filesystem(libc, ctypes, cfg, owner)
        except OSError as err:
            names.remove("mount")
            detail.append(f"filesystem isolation failed: {err}")
    mounted, init = osl.fork_worker(libc, ctypes, cfg["fd_ctl"], "pid" in names)
    if "pid" in names and not mounted:
        detail.append("no private /proc")
    if names:
        layers.append("namespaces(" + ",".join(names) + ")")
    layers.append("watchdog")
    if "user" in names and "mount" in names:
        try:  # lock the mounts: a less privileged user namespace cannot undo them
            osl.unshare(libc, ctypes, ["user", "mount"])
            osl.map_ids(0, 0)
        except OSError:
            pass
    layers.append("rlimits" if osl.set_limits(cfg["limits"], cfg["session"]) else "some-rlimits")
    if drop:
        if osl.drop_privileges(cfg["drop_uid"], cfg["drop_gid"], cfg["read_roots"][0]):
            layers.append("uid-drop")
        else:
            detail.append("uid drop skipped: the Python installation is not world-readable")
    if libc is not None:
        libc.prctl(osl.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        osl.die_with_parent(libc, init)  # the uid change cleared the parent-death signal
    os.chdir(cfg["workdir"])
    landlock = False
    if libc is not None and cfg["landlock"]:
        try:
            version = lands.restrict(libc, ctypes, cfg["read_roots"] + cfg["keep"] + list(lands.SYSTEM_READ),
                                     [cfg["workdir"]])
            layers.append(f"landlock(v{version})")
            landlock = True
        except OSError as err:
            detail.append(f"no landlock ({err.strerror or err})")
    if cfg["seccomp"] and libc is not None:
        try:
            osl.load_seccomp(libc, ctypes, binascii.a2b_base64(cfg["seccomp"]))
            layers.append("seccomp")
        except OSError as err:
            detail.append(f"no seccomp ({err.strerror or err})")
    elif cfg.get("seccomp_note"):
        detail.append(cfg["seccomp_note"])
    osl.close_extra_fds(keep=(cfg["fd_in"], cfg["fd_out"]))
    if cfg["audit"]:
        layers.append("audit-hook")
    if cfg["strict"]:
        missing = [name for name, ok in (("seccomp", "seccomp" in layers), ("landlock", landlock),
                                         ("network isolation", "seccomp" in layers or "net" in names)) if not ok]
        if missing:
            return False, "+".join(layers), (", ".join(missing) + " not available on this machine "
                                             "(strict mode refuses to run); " + "; ".join(detail)), False
    return True, "+".join(layers), "; ".join(detail), landlock or "mount" in names


def purge_modules():
    """Forget every module the set-up imported (ctypes, and what it pulls in): a cached module
    would skip the import audit event. The garbage collector then frees their classes, so
    ``object.__subclasses__()`` does not lead back to them either."""
    import gc

    for name in list(sys.modules):
        if name not in PRELOADED or name.split(".")[0] in PURGE or name in PURGE:
            del sys.modules[name]
    gc.collect()


def main():
    cfg = marshal.loads(binascii.a2b_base64(sys.argv[1]))  # noqa (BOOT read it too: a fresh copy)
    fd_in, fd_out = cfg["fd_in"], cfg["fd_out"]
    for path in cfg["read_roots"]:  # started with -S: site-packages are added here
        if path not in sys.path:
            sys.path.append(path)
    # every module the set-up needs is loaded first: the filesystem is hidden from here on
    global BUNDLE
    osl, lands = sibling("sandbox_os"), sibling("sandbox_landlock")
    hook = sibling("sandbox_hook") if cfg["audit"] else None
    BUNDLE = None  # nothing left for sandboxed code to rebuild the set-up helpers from
    try:
        ready, level, detail, confined = prepare(cfg, osl, lands)
    except Exception as err:  # report, never run code half-isolated
        ready, level, detail, confined = False, "", f"sandbox setup failed: {type(err).__name__}: {err}", False
    os.environ.clear()
    os.environ.update({"HOME": cfg["workdir"], "TMPDIR": cfg["workdir"], "LANG": "C.UTF-8",
                       "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
    osl = lands = None
    purge_modules()
    sys.argv = ["<sandbox>"]
    send(fd_out, {"ready": ready, "level": level, "detail": detail})
    if not ready:
        os._exit(3)
    if hook is not None and cfg["audit"]:
        hook.install(cfg["workdir"], cfg["read_roots"], confined)
        hook = None
    serve(cfg, fd_in, fd_out, cfg["session"])
    # Leave without interpreter finalization: it clears the audit hooks and would then run
    # __del__ methods and atexit callbacks the model planted ("time bombs").
    os._exit(0)


if __name__ == "__main__":
    main()
