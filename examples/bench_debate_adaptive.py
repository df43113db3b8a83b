"""Adaptive debate against the fixed 3 x 2 debate, and the judge's consistency under swap.

One run of ``agora bench quality`` (same items, paired) with the fixed debate read four ways
(vote, judge, judge-swap, confidence-weighted vote: one transcript per item) and the adaptive
debate (round 0 independent; a second round only when fewer than ``--consensus`` agree).
Prints the issue-16 targets side by side:

* adaptive accuracy >= the fixed debate's, with <= 60% of its tokens;
* the judge's consistency when the answers are read in reversed order, for every judged method;
* how often the right answer was in the final pool but lost.

    python examples/bench_debate_adaptive.py --model local:smollm2 --limit 10
"""

from __future__ import annotations

import argparse

from agora.bench.methods import MethodConfig
from agora.backends import shared_backend
from agora.bench.quality import run_quality

METHODS = ["debate-vote", "debate-judge", "judge-swap", "debate-weighted", "debate-adaptive"]


def main() -> None:
    ap = argparse.ArgumentParser(description="Adaptive vs fixed debate; judge consistency under swap.")
    ap.add_argument("--model", default="local:smollm2")
    ap.add_argument("--tasks", default="arithmetic")
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--consensus", type=float, default=2 / 3)
    ap.add_argument("--max-tokens", type=int, default=256)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="bench-results/debate-adaptive")
    ap.add_argument("--methods", default=",".join(METHODS))
    args = ap.parse_args()
    backend = shared_backend(args.model)
    cfg = MethodConfig(debaters=3, rounds=2, max_tokens=args.max_tokens, seed=args.seed, consensus=args.consensus)

    def progress(r, done, total):
        print(f"  [{done}/{total}] {r.task} {r.item_id} {r.method}: {'+' if r.correct else '-'} "
              f"({r.answer!r}, {r.calls} calls)", flush=True)

    summary = run_quality([backend], args.tasks.split(","), args.methods.split(","), limit=args.limit, seed=args.seed,
                          out_dir=args.out, config=cfg, chart=False, on_result=progress, resume=True)
    print(f"\nmodel {args.model}; 3 debaters x 2 rounds; adaptive consensus {args.consensus:.2f}; "
          f"{args.limit} items per task")
    print(f"  {'task':<11} {'method':<16} {'n':>3} {'acc':>5} {'95% CI':>13} {'calls':>6} {'tokens':>7} "
          f"{'consistent':>10} {'truth lost':>10}")
    for r in summary["rows"]:
        rounds = r.get("rounds") or {}
        cons = rounds.get("judge_consistent") if r["method"] in ("debate-judge", "judge-swap") else None
        lost = rounds.get("truth_lost")
        print(f"  {r['task']:<11} {r['method']:<16} {r['n']:>3} {r['accuracy']:>5.0%} "
              f"[{r['ci_low']:.2f}, {r['ci_high']:.2f}] {r['calls_per_item']:>6.1f} {r['tokens_per_item']:>7.0f} "
              f"{'-' if cons is None else f'{cons:.0%}':>10} {'-' if lost is None else f'{lost:.0%}':>10}")
    for task in dict.fromkeys(r["task"] for r in summary["rows"]):
        rows = {r["method"]: r for r in summary["rows"] if r["task"] == task}
        fixed, adaptive = rows.get("debate-vote"), rows.get("debate-adaptive")
        if fixed and adaptive and fixed["tokens_per_item"]:
            ratio = adaptive["tokens_per_item"] / fixed["tokens_per_item"]
            ok = adaptive["accuracy"] >= fixed["accuracy"] and ratio <= 0.6
            print(f"  target ({task}): adaptive {adaptive['accuracy']:.0%} vs fixed {fixed['accuracy']:.0%} accuracy, "
                  f"{ratio:.0%} of its tokens -> {'MET' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
