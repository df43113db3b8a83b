"""How much do concurrent calls to an API backend overlap?

A loopback OpenAI-compatible stub (agora.testing.server.FakeOpenAIServer) answers every request
after a fixed delay, like a remote model. N calls through one OpenAIBackend are timed one after
another, then from N threads at once, then with asyncio (acomplete). With perfect overlap the
concurrent wall time is about one delay and the speed-up about N.

    python examples/bench_concurrency.py --calls 8 --delay 0.5
"""

from __future__ import annotations

import argparse
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from agora.backends import load_backend
from agora.messages import Message
from agora.testing.server import FakeOpenAIServer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=8, help="calls per run (default 8)")
    parser.add_argument("--delay", type=float, default=0.5, help="server seconds per request (default 0.5)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind; the median is shown")
    args = parser.parse_args()

    with FakeOpenAIServer("ok", delay=args.delay) as server:
        backend = load_backend(f"openai:stub@{server.url}")
        messages = [Message.user("hello")]
        backend.complete(messages)  # warm up: imports, connection pool

        def sequential() -> None:
            for _ in range(args.calls):
                backend.complete(messages)

        def threads() -> None:
            with ThreadPoolExecutor(max_workers=args.calls) as pool:
                list(pool.map(lambda _: backend.complete(messages), range(args.calls)))

        def with_asyncio() -> None:
            async def run() -> None:
                await asyncio.gather(*(backend.acomplete(messages) for _ in range(args.calls)))

            asyncio.run(run())

        results = {}
        for name, fn in (("sequential", sequential), ("threads", threads), ("asyncio", with_asyncio)):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                fn()
                times.append(time.perf_counter() - started)
            results[name] = sorted(times)[len(times) // 2]
        backend.close()
        peak = server.max_in_flight

    seq = results["sequential"]
    print(f"{args.calls} calls, server delay {args.delay:.2f} s, median of {args.repeat} runs")
    print(f"  ideal sequential   {args.calls * args.delay:7.2f} s   ideal concurrent {args.delay:.2f} s")
    for name, seconds in results.items():
        print(f"  {name:<18} {seconds:7.2f} s   speed-up x{seq / seconds:5.2f}")
    print(f"  most requests in flight at the server: {peak}")


if __name__ == "__main__":
    main()
