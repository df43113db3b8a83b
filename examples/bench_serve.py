"""Overhead of `agora serve` per request against calling the same backend in-process.

The backend is an OpenAI-compatible fake model on loopback that answers after a fixed delay
(agora.testing.server.FakeOpenAIServer). The same profile runs two ways, side by side:

* in-process: ``run_profile(profile, question)`` in this process;
* served: the openai client -> ``agora serve`` (a subprocess) -> the same profile.

Both reach the fake model over HTTP, so the difference is what the server adds: the HTTP
hop, request checks, the run pool, the worker thread, transcript writing and the response.
Printed: median and p99 latency of each, and of the difference, with 1 and 32 concurrent
clients.

    python examples/bench_serve.py [--delay 0.05] [--requests 40] [--per-client 8]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def timed(fn, clients: int, per_client: int) -> list[float]:
    def client(_: int) -> list[float]:
        out = []
        for _ in range(per_client):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return out

    with ThreadPoolExecutor(clients) as pool:
        return [x for chunk in pool.map(client, range(clients)) for x in chunk]


def start_server(folder: Path, url: str) -> tuple[subprocess.Popen, str]:
    (folder / "agora.toml").write_text(f'[serve.models.remote]\nmodel = "openai:fake-model@{url}"\n')
    proc = subprocess.Popen([sys.executable, "-m", "agora", "serve", "--port", "0", "--max-runs", "64",
                             "--max-queue", "64", "--runs-dir", str(folder / "runs")], cwd=folder,
                            env={**os.environ, "OPENAI_API_KEY": "x"}, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        found = re.search(r"listening on (http://\S+)", line)
        if found:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
            return proc, found.group(1) + "/v1"
    raise SystemExit("agora serve did not start")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--delay", type=float, default=0.05, help="the fake model's delay per call (s)")
    ap.add_argument("--requests", type=int, default=40, help="sequential requests with 1 client")
    ap.add_argument("--per-client", type=int, default=8, help="requests per client with 32 clients")
    args = ap.parse_args()

    import openai

    from agora.backends import load_backend
    from agora.profiles import load_profiles, run_profile
    from agora.testing.server import FakeOpenAIServer

    os.environ.setdefault("OPENAI_API_KEY", "x")
    # the fake model's listen backlog (5 by default) would drop connections of 32 clients
    # and add 1 s SYN retries to both paths alike; the benchmark is about agora, not that
    from http.server import ThreadingHTTPServer
    ThreadingHTTPServer.request_queue_size = 256
    with FakeOpenAIServer(reply="Answer: 12", delay=args.delay) as fake, tempfile.TemporaryDirectory() as tmp:
        spec = f"openai:fake-model@{fake.url}"
        profile = load_profiles({"remote": {"model": spec}})["remote"]
        backend = load_backend(spec)
        proc, url = start_server(Path(tmp), fake.url)
        try:
            client = openai.OpenAI(base_url=url, api_key="x", max_retries=0, timeout=60)

            def in_process():
                assert run_profile(profile, "7+5?", load=lambda s: backend).answer == "12"

            def served():
                out = client.chat.completions.create(model="remote", messages=[{"role": "user", "content": "7+5?"}])
                assert out.choices[0].message.content == "12"

            for fn in (in_process, served):  # warm up: connections, imports
                timed(fn, 4, 2)
            print(f"fake model delay {args.delay * 1000:.0f} ms; times in ms "
                  "(this machine is shared with other work: absolute figures are inflated)")
            print(f"{'clients':>7} {'path':>10} {'median':>8} {'p99':>8}")
            for clients, per in ((1, args.requests), (32, args.per_client)):
                rows = {}
                for name, fn in (("in-process", in_process), ("served", served)):
                    rows[name] = timed(fn, clients, per)
                    print(f"{clients:>7} {name:>10} {statistics.median(rows[name]) * 1000:8.1f} "
                          f"{pct(rows[name], 0.99) * 1000:8.1f}")
                over_med = statistics.median(rows["served"]) - statistics.median(rows["in-process"])
                over_p99 = pct(rows["served"], 0.99) - pct(rows["in-process"], 0.99)
                print(f"{clients:>7} {'overhead':>10} {over_med * 1000:8.1f} {over_p99 * 1000:8.1f}")
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
