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


def median_ms(fn, runs: int) -> float:
    fn()  # warm the page cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(hardening: bool, runs: int) -> dict[str, float | str]:
    box = Sandbox(hardening=hardening)
    one_shot = median_ms(lambda: box.run("1 + 1"), runs)

    def start_session() -> None:
        with PythonSession(hardening=hardening) as fresh:
            fresh.run("x = 0")  # the first call starts the child

    start_up = median_ms(start_session, max(5, runs // 3))
    with PythonSession(hardening=hardening) as session:
        session.run("x = 0")
        per_call = median_ms(lambda: session.run("x += 1\nx"), runs)
    return {"level": box.level, "one_shot": one_shot, "start_up": start_up, "per_call": per_call}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    for flags in (["-I"], ["-I", "-S"]):
        bare = median_ms(lambda: subprocess.run([sys.executable, *flags, "-c", "pass"], check=True), runs)
        print(f"bare `python {' '.join(flags)} -c pass`: {bare:7.1f} ms")
    rows = {"with the new layers": measure(True, runs), "without them": measure(False, runs)}
    for name, row in rows.items():
        print(f"\n{name}: {row['level']}")
        print(f"  one-shot call (start + run + tear down): {row['one_shot']:7.1f} ms")
        print(f"  session start-up (first call, median):   {row['start_up']:7.1f} ms")
        print(f"  session call:                            {row['per_call']:7.2f} ms")
    new, old = rows["with the new layers"], rows["without them"]
    print(f"\nthe new layers cost {new['one_shot'] - old['one_shot']:+.1f} ms per one-shot call "
          f"({new['one_shot'] / old['one_shot']:.2f}x); target one-shot < 100 ms: "
          f"{'met' if new['one_shot'] < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
