"""The README's first command, ``agora ask "What is 17 * 23 + 4?" --debate 3``, over seeds.

Runs the command itself (its default panel: the calculator persona, which computes with the
calculator tool, a skeptic and an expert; two rounds; the judge) once per seed and prints the
answers and how many were 395. Target (issue 16): 395 on at least 9 of 10 seeds.

    python examples/bench_debate_readme.py --seeds 10
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from agora.bench.scoring import score


def main() -> None:
    ap = argparse.ArgumentParser(description="The README's debate command over seeds.")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--question", default="What is 17 * 23 + 4?")
    ap.add_argument("--expected", default="395")
    ap.add_argument("extra", nargs="*", help="more flags for agora ask (after --)")
    args = ap.parse_args()
    right = 0
    for seed in range(args.seeds):
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "agora", "ask", args.question, "--debate", "3", "--seed",
                               str(seed), "--json", *args.extra], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        try:
            data = json.loads(proc.stdout)
        except json.JSONDecodeError:
            print(f"  seed {seed}: no answer ({proc.stderr.strip()[-200:]})", flush=True)
            continue
        ok = score(data["answer"], args.expected).correct  # "395." reads as 395; prose around it too
        right += ok
        print(f"  seed {seed}: {data['answer']!r} [{data['method']}] {'+' if ok else '-'}  pool {data['pool']}; "
              f"{data['usage']['calls']} calls, {seconds:.0f} s", flush=True)
    print(f"\n{args.question!r} --debate 3: {right}/{args.seeds} seeds answered {args.expected} "
          f"(target >= 9/10: {'MET' if right * 10 >= 9 * args.seeds else 'NOT MET'})")


if __name__ == "__main__":
    main()
