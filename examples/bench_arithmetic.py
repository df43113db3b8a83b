"""Du et al.'s arithmetic task, paired: plain chain-of-thought vs the ReAct agent with the
calculator tool, on the same items and the same model.

    python examples/bench_arithmetic.py                 # 100 items, local:smollm2
    python examples/bench_arithmetic.py --limit 10      # a quick run

Items are "What is the result of a+b*c+d-e*f?" with a..f random integers in 0..29, generated
from a fixed seed (agora.bench.tasks). Answers are read with agora.bench.scoring: an answer
that cannot be read (or that only restates the expression) is wrong. Greedy decoding
(temperature 0) and a fixed seed, so a rerun gives the same figures. Prints per-item lines
to stderr and the summary (accuracy with 95% interval, tokens and seconds per item, paired
McNemar test) to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from agora import Agent
from agora.backends import load_backend
from agora.bench.scoring import score
from agora.bench.stats import accuracy, compare_paired
from agora.bench.tasks import arithmetic_items

METHODS = {
    "cot": {},  # no tools: think step by step, then "Answer: ..."
    "react+calculator": {"tools": ["calculator"]},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="local:smollm2")
    parser.add_argument("--limit", type=int, default=100, help="number of items (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="item seed (default 0)")
    parser.add_argument("--max-tokens", type=int, default=256, help="tokens per model call")
    parser.add_argument("--max-steps", type=int, default=4)
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of: "
                        + ", ".join(METHODS))
    parser.add_argument("--json", help="also write per-item results to this JSON file")
    args = parser.parse_args(argv)
    methods = {m: METHODS[m] for m in args.methods.split(",") if m in METHODS}
    if not methods:
        parser.error(f"--methods: choose from {', '.join(METHODS)}")

    backend = load_backend(args.model, n_ctx=4096) if args.model.startswith(("local:", "gguf:")) \
        else load_backend(args.model)
    items = arithmetic_items(args.limit, seed=args.seed)
    rows = []
    for i, (question, gold) in enumerate(items, 1):
        row = {"question": question, "gold": gold}
        for name, extra in methods.items():
            agent = Agent(model=backend, temperature=0.0, seed=args.seed, max_tokens=args.max_tokens,
                          max_steps=args.max_steps, max_seconds=300.0, **extra)
            started = time.perf_counter()
            result = agent.run(question)
            seconds = time.perf_counter() - started
            verdict = score(result.answer, gold)
            row[name] = {"answer": result.answer, "read": verdict.parsed, "correct": verdict.correct,
                         "tokens": result.usage.total_tokens, "calls": result.usage.calls,
                         "seconds": seconds, "stop_reason": result.stop_reason,
                         "tool_calls": [s.call.arguments for s in result.tool_steps()]}
        rows.append(row)
        marks = "  ".join(f"{n}={'ok ' if row[n]['correct'] else 'BAD'} {row[n]['read']!s:>6}" for n in methods)
        print(f"[{i:3d}/{len(items)}] gold {gold:>6}  {marks}", file=sys.stderr, flush=True)

    print(f"\nDu et al. arithmetic, {len(rows)} items (seed {args.seed}), model {backend.spec}, "
          f"greedy, max {args.max_tokens} tokens per call")
    print(f"{'method':<18} {'accuracy':>9} {'95% CI':>15} {'unreadable':>10} {'tokens/item':>12} "
          f"{'calls/item':>10} {'s/item':>7}")
    correct = {}
    for name in methods:
        results = [r[name] for r in rows]
        correct[name] = [r["correct"] for r in results]
        acc = accuracy(correct[name])
        n = max(1, len(results))
        unreadable = sum(1 for r in results if r["read"] is None)
        interval = f"[{acc['ci_low']:.1%}, {acc['ci_high']:.1%}]"
        print(f"{name:<18} {acc['accuracy']:>8.1%} {interval:>15} "
              f"{unreadable:>10} {sum(r['tokens'] for r in results) / n:>12.0f} "
              f"{sum(r['calls'] for r in results) / n:>10.2f} {sum(r['seconds'] for r in results) / n:>7.2f}")
    stops: dict[str, dict[str, int]] = {}
    for name in methods:
        for r in rows:
            stops.setdefault(name, {}).setdefault(r[name]["stop_reason"], 0)
            stops[name][r[name]["stop_reason"]] += 1
    for name, counts in stops.items():
        print(f"stop reasons, {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if len(methods) == 2:
        first, second = methods
        paired = compare_paired(correct[first], correct[second])
        print(f"paired: {first} right / {second} wrong = {paired['b']}, the reverse = {paired['c']}, "
              f"exact McNemar p = {paired['p_value']:.3g}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
