"""Python sandbox overhead, side by side in one run: median milliseconds of a one-shot call
(start a locked-down child, run `1 + 1`, tear it down), of a session's start-up (its first
call) and of a call in a running session; each with the new layers (seccomp, Landlock,
memory cgroup, fresh keyring) and without them, next to a bare `python -I -c pass` and
`python -I -S -c pass` for reference. Target: a one-shot call under 100 ms.

    python examples/bench_sandbox.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from agora.tools.python import PythonSession, Sandbox


def medians_ms(fns: dict, runs: int) -> dict[str, float]:
    """Median milliseconds of each function, the functions taking turns run by run (so a
    burst of load from other programs falls on all of them alike)."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()  # warm the page cache
    for _ in range(runs):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


def start_session(hardening: bool):
    def start() -> None:
        with PythonSession(hardening=hardening) as fresh:
            fresh.run("x = 0")  # the first call starts the child
    return start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    bare = medians_ms({f"python {' '.join(flags)} -c pass": (
        lambda flags=flags: subprocess.run([sys.executable, *flags, "-c", "pass"], check=True))
        for flags in (["-I"], ["-I", "-S"])}, runs)
    for name, ms in bare.items():
        print(f"bare `{name}`: {ms:7.1f} ms")
    new, old = Sandbox(), Sandbox(hardening=False)
    one_shot = medians_ms({"new": lambda: new.run("1 + 1"), "old": lambda: old.run("1 + 1")}, runs)
    start_up = medians_ms({"new": start_session(True), "old": start_session(False)}, max(5, runs // 2))
    per_call = {}
    for key, hardening in (("new", True), ("old", False)):
        with PythonSession(hardening=hardening) as session:
            session.run("x = 0")
            per_call[key] = medians_ms({key: lambda: session.run("x += 1\nx")}, runs)[key]
    for key, title, box in (("new", "with the new layers", new), ("old", "without them", old)):
        print(f"\n{title}: {box.level}")
        print(f"  one-shot call (start + run + tear down): {one_shot[key]:7.1f} ms")
        print(f"  session start-up (first call, median):   {start_up[key]:7.1f} ms")
        print(f"  session call:                            {per_call[key]:7.2f} ms")
    print(f"\nthe new layers cost {one_shot['new'] - one_shot['old']:+.1f} ms per one-shot call "
          f"({one_shot['new'] / one_shot['old']:.2f}x); target one-shot < 100 ms: "
          f"{'met' if one_shot['new'] < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
