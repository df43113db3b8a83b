"""Wall time of a 3 x 3 debate against a loopback OpenAI-compatible server that waits a fixed
delay per request: debaters of a round run concurrently, so the debate takes about
(rounds + judge) x delay, not (debaters x rounds + judge) x delay.

    python examples/bench_debate_speed.py [--delay 0.5] [--debaters 3] [--rounds 3]

The same debate is run twice: once as the API backend allows (concurrent), once with the
backend marked one-at-a-time (as a local llama.cpp model is), and the figures are printed.
"""

from __future__ import annotations

import argparse
import json
import re
import time

from agora.backends import load_backend
from agora.debate.debate import Debate, Debater
from agora.testing.server import FakeOpenAIServer

PERSONAS = ["calculator", "skeptic", "expert", "optimist", "teacher", "concise"]


def disagreeing_reply(body: dict) -> str:
    """Debaters keep disagreeing (so every round is played): each persona has its own answer;
    the judge (asked for JSON) gets a verdict."""
    system = next((m.get("content") or "" for m in body["messages"] if m["role"] == "system"), "")
    if "impartial judge" in system:  # side with answer A (the judge must pick a debater's answer)
        first = re.search(r"Answer A: (\S+)", body["messages"][-1]["content"]).group(1)
        return json.dumps({"rationale": "checked", "answer": first, "sided_with": ["A"], "confidence": 0.5})
    return f"Thinking it over.\nAnswer: {sum(map(ord, system)) % 97}"


def run_once(url: str, debaters: int, rounds: int, concurrent: bool) -> tuple[float, int]:
    backend = load_backend(f"openai:fake@{url}", api_key="not-needed", max_retries=0)
    backend.supports_concurrency = concurrent  # False: what a local one-at-a-time model does
    debate = Debate([Debater(model=backend, persona=PERSONAS[i % len(PERSONAS)]) for i in range(debaters)],
                    rounds=rounds, judge=backend, early_stop=False)
    started = time.perf_counter()
    result = debate.run("What is 3 + 4 * 5?")
    return time.perf_counter() - started, result.usage.calls


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--delay", type=float, default=0.5)
    ap.add_argument("--debaters", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    d, r, delay = args.debaters, args.rounds, args.delay
    with FakeOpenAIServer(disagreeing_reply, delay=delay) as server:
        concurrent, calls = run_once(server.url, d, r, True)
        sequential, _ = run_once(server.url, d, r, False)
    print(f"{d} debaters x {r} rounds + judge, server delay {delay:.2f} s per call ({calls} calls)")
    print(f"  concurrent : {concurrent:6.2f} s   (ideal (rounds + 1) x delay = {(r + 1) * delay:.2f} s)")
    print(f"  sequential : {sequential:6.2f} s   (ideal (debaters x rounds + 1) x delay = {(d * r + 1) * delay:.2f} s)")
    print(f"  speed-up   : {sequential / concurrent:6.2f} x")


if __name__ == "__main__":
    main()
