"""A memory cgroup per sandbox child (parent side): a limit that counts every page the child
holds (heap, memfd, tmpfs and page cache), which RLIMIT_AS does not.

cgroup v2 (``memory.max``, swap off) where this process may create a child cgroup with the
memory controller; else cgroup v1's memory controller when its hierarchy is nested
(``memory.use_hierarchy`` = 1, so the child's pages still count against our own limit). The
cgroup is made under this process's own cgroup, never above it. Where neither works,
:func:`create` says why, and the isolation level shows it.
"""

from __future__ import annotations

import os
import secrets
import time

PREFIX = "agora-py-"


def _mounts() -> dict[str, str]:
    """{"v2": mount point, "v1": memory controller's mount point} as far as they exist."""
    found: dict[str, str] = {}
    try:
        with open("/proc/self/mountinfo") as f:
            for line in f:
                left, _, right = line.partition(" - ")
                fstype, _, options = (right.split() + ["", "", ""])[:3]
                point = left.split()[4]
                if fstype == "cgroup2" and "v2" not in found:
                    found["v2"] = point
                elif fstype == "cgroup" and "memory" in options.split(",") and "v1" not in found:
                    found["v1"] = point
    except OSError:
        pass
    return found


def _own_paths() -> dict[str, str]:
    paths: dict[str, str] = {}
    try:
        with open("/proc/self/cgroup") as f:
            for line in f:
                _, controllers, path = line.rstrip("\n").split(":", 2)
                if controllers == "":
                    paths["v2"] = path
                elif "memory" in controllers.split(","):
                    paths["v1"] = path
    except OSError:
        pass
    return paths


def _write(path: str, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


class MemoryCgroup:
    def __init__(self, path: str, version: str):
        self.path, self.version = path, version
        self.procs = os.path.join(path, "cgroup.procs")
        self.name = f"cgroup-memory({version})"

    def oom_kills(self) -> int:
        """How many processes the kernel killed here for memory."""
        name = "memory.events" if self.version == "v2" else "memory.oom_control"
        try:
            with open(os.path.join(self.path, name)) as f:
                for line in f:
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def remove(self) -> None:
        for _ in range(50):  # the last processes may take a moment to leave after a kill
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.005)


def create(limit_bytes: int) -> tuple[MemoryCgroup | None, str]:
    """A fresh memory cgroup limited to ``limit_bytes`` (no swap), or (None, why not)."""
    mounts, own = _mounts(), _own_paths()
    reasons = []
    for version in ("v2", "v1"):
        if version not in mounts or version not in own:
            continue
        base = os.path.join(mounts[version], own[version].lstrip("/"))
        try:
            if version == "v1":
                with open(os.path.join(base, "memory.use_hierarchy")) as f:
                    if f.read().strip() != "1":
                        raise PermissionError("memory.use_hierarchy is 0")
            _sweep(base)
            path = os.path.join(base, PREFIX + secrets.token_hex(6))
            os.mkdir(path, 0o755)
        except OSError as err:
            reasons.append(f"{version}: {err.strerror or err}")
            continue
        try:
            if version == "v2":
                if not os.path.exists(os.path.join(path, "memory.max")):
                    raise PermissionError("the memory controller is not delegated here")
                _write(os.path.join(path, "memory.max"), str(limit_bytes))
                if os.path.exists(os.path.join(path, "memory.swap.max")):
                    _write(os.path.join(path, "memory.swap.max"), "0")
                if os.path.exists(os.path.join(path, "memory.oom.group")):  # kernels >= 4.19
                    _write(os.path.join(path, "memory.oom.group"), "1")
            else:
                _write(os.path.join(path, "memory.limit_in_bytes"), str(limit_bytes))
                if os.path.exists(os.path.join(path, "memory.memsw.limit_in_bytes")):
                    _write(os.path.join(path, "memory.memsw.limit_in_bytes"), str(limit_bytes))
            return MemoryCgroup(path, version), ""
        except OSError as err:
            reasons.append(f"{version}: {err.strerror or err}")
            try:
                os.rmdir(path)
            except OSError:
                pass
    why = "; ".join(reasons) or "no cgroup memory controller is mounted"
    return None, f"no memory cgroup ({why}): memory outside the address space (memfd, tmpfs) is not counted"


def _sweep(base: str) -> None:
    """Remove empty cgroups an earlier process left behind (it was killed before its cleanup)."""
    try:
        entries = os.listdir(base)
    except OSError:
        return
    for name in entries:
        if name.startswith(PREFIX):
            path = os.path.join(base, name)
            try:
                if time.time() - os.stat(path).st_mtime > 60:
                    os.rmdir(path)  # refused while a process is still inside
            except OSError:
                pass
