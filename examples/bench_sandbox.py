"""Python sandbox overhead: median milliseconds of a one-shot call (start a locked-down child,
run `1 + 1`, tear it down) and of a call in a running session, with and without namespaces,
next to a bare `python -I -c pass` for reference.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    bare = median_ms(lambda: subprocess.run([sys.executable, "-I", "-c", "pass"], check=True), runs)
    print(f"bare `python -I -c pass`: {bare:7.1f} ms")
    for namespaces in (True, False):
        box = Sandbox(namespaces=namespaces)
        one_shot = median_ms(lambda: box.run("1 + 1"), runs)

        def start_session() -> None:
            with PythonSession(namespaces=namespaces) as fresh:
                fresh.run("x = 0")  # the first call starts the child

        start_up = median_ms(start_session, max(5, runs // 3))
        with PythonSession(namespaces=namespaces) as session:
            session.run("x = 0")
            per_call = median_ms(lambda: session.run("x += 1\nx"), runs)
        print(f"\nisolation: {box.level}")
        print(f"  one-shot call (start + run + tear down): {one_shot:7.1f} ms")
        print(f"  session start-up (first call, median):   {start_up:7.1f} ms")
        print(f"  session call:                            {per_call:7.2f} ms")


if __name__ == "__main__":
    main()
