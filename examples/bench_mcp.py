"""Added latency of an MCP tool call: the same ``add`` function called as a local ``@tool``,
through an MCP server over stdio, and over streamable HTTP on 127.0.0.1, side by side in one
run. Each MCP figure is shown with the default re-check of the pinned tool list before a call
(``recheck=True``, one extra round trip) and without it.

    python examples/bench_mcp.py [--calls 200]

Prints the median (and 90th percentile) of ``Tool.run`` per call, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from mcp_helpers import free_port, start_http, stop, toy_command  # noqa: E402

from agora.mcp import mcp_tools  # noqa: E402
from agora.tools import tool  # noqa: E402


@tool
def add(a: int, b: int) -> int:
    """Add two integers and return the sum."""
    return a + b


def timings(t, calls: int) -> list[float]:
    for _ in range(10):  # warm up
        t.run({"a": 1, "b": 2})
    out = []
    for i in range(calls):
        started = time.perf_counter()
        result = t.run({"a": i, "b": 2})
        out.append((time.perf_counter() - started) * 1000)
        assert result.ok and result.content == str(i + 2), result
    return out


def row(name: str, ms: list[float], base: float) -> str:
    median = statistics.median(ms)
    p90 = statistics.quantiles(ms, n=10)[-1]
    return f"{name:<34} {median:>9.3f} {p90:>9.3f} {median - base:>+10.3f} {median / base:>9.0f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    results: dict[str, list[float]] = {"local @tool": timings(add, args.calls)}
    for recheck in (True, False):
        with mcp_tools(toy_command("--only", "add"), config={}, recheck=recheck) as tools:
            results[f"mcp stdio (recheck={recheck})"] = timings(tools[0], args.calls)
    port = free_port()
    server = start_http([sys.executable, toy_command().split()[-1], "--port", str(port), "--only", "add"], port)
    try:
        for recheck in (True, False):
            with mcp_tools(f"http://127.0.0.1:{port}/mcp", config={}, recheck=recheck) as tools:
                results[f"mcp http (recheck={recheck})"] = timings(tools[0], args.calls)
    finally:
        stop(server)
    base = statistics.median(results["local @tool"])
    print(f"{args.calls} calls each of add(a, b) through Tool.run, milliseconds per call")
    print(f"{'':<34} {'median':>9} {'p90':>9} {'added':>10} {'ratio':>10}")
    for name, ms in results.items():
        print(row(name, ms, base))


if __name__ == "__main__":
    main()
