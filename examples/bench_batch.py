"""Throughput of ``agora batch --concurrency 16`` against an OpenAI-compatible model on
loopback that answers after a fixed delay, as a ratio to the ideal.

Ideal: N items, each one model call of ``delay`` seconds, 16 at a time, take
``ceil(N / 16) * delay`` seconds. The ratio is ideal / measured (1.0 = no overhead). Measured
twice: the batch engine's own time (the command's summary line) and the whole command's
wall time (which adds Python's start-up and imports).

    python examples/bench_batch.py [--items 320] [--delay 0.2] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=320)
    ap.add_argument("--delay", type=float, default=0.2)
    ap.add_argument("--concurrency", type=int, default=16)
    args = ap.parse_args()

    from http.server import ThreadingHTTPServer

    from agora.testing.server import FakeOpenAIServer

    ThreadingHTTPServer.request_queue_size = 256  # no dropped connections at the fake model
    with FakeOpenAIServer(reply="Answer: 1", delay=args.delay) as fake, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "agora.toml").write_text(f'[serve.models.remote]\nmodel = "openai:fake-model@{fake.url}"\n')
        (folder / "q.jsonl").write_text("".join(json.dumps({"id": i, "question": f"What is {i}+1?"}) + "\n"
                                                for i in range(args.items)))
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "agora", "batch", "q.jsonl", "--profile", "remote",
                              "--concurrency", str(args.concurrency), "--out", "r.jsonl"], cwd=folder,
                             env={**os.environ, "OPENAI_API_KEY": "x"}, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if out.returncode != 0:
            raise SystemExit(out.stderr[-2000:])
        engine = float(re.search(r"in ([\d.]+) s", out.stderr).group(1))
        rows = [json.loads(line) for line in (folder / "r.jsonl").read_text().splitlines()]
        assert len(rows) == args.items and all(r["ok"] for r in rows)
        ideal = math.ceil(args.items / args.concurrency) * args.delay
        print(f"{args.items} items, model delay {args.delay * 1000:.0f} ms, concurrency {args.concurrency}; "
              f"most requests the model server saw at once: {fake.max_in_flight} "
              "(it counts a request until its handler returns, just after the client has the answer)")
        print("(this machine is shared with other work: the ratios are lower bounds)")
        print(f"ideal            {ideal:6.2f} s")
        print(f"batch engine     {engine:6.2f} s   throughput {args.items / engine:6.1f} items/s   "
              f"ratio to ideal {ideal / engine:.2f}")
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"CPU time of the command: {cpu.ru_utime + cpu.ru_stime:.2f} s on {os.cpu_count()} cores "
              f"(load average {os.getloadavg()[0]:.1f}): per item {(cpu.ru_utime + cpu.ru_stime) / args.items * 1000:.1f} ms")
        print(f"whole command    {wall:6.2f} s   throughput {args.items / wall:6.1f} items/s   "
              f"ratio to ideal {ideal / wall:.2f}")


if __name__ == "__main__":
    main()
