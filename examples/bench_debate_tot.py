"""Game of 24: Tree of Thoughts against chain of thought and self-consistency at equal calls.

Instances are generated (agora.bench.game24: solvable ones only, checked by an exact solver)
and an answer is right when the expression it states uses the four numbers once each and
makes 24. Per instance ToT runs first; self-consistency then gets as many samples as ToT made
calls on that instance (equal calls); chain of thought is one call.

    python examples/bench_debate_tot.py --model local:smollm2 --limit 20 --breadth 2 --depth 3

Prints accuracy with Wilson 95% intervals, exact McNemar p against cot, calls and tokens per
instance. Whatever wins is reported: Yao et al. (2023) saw GPT-4 go from 4% (CoT) to 74% (ToT);
a 135M model is another matter.
"""

from __future__ import annotations

import argparse
import signal
from collections import Counter, defaultdict

from agora.backends import load_backend
from agora.bench import game24
from agora.bench.methods import MethodConfig, run_cot, run_tot
from agora.bench.stats import accuracy, compare_paired
from agora.messages import Usage

METHODS = ("cot", "sc", "tot")


def run_sc_expressions(question: str, backend, cfg: MethodConfig, k: int) -> tuple[str | None, Usage]:
    """k chain-of-thought samples at temperature > 0 and a plain majority over the
    expressions they state (the checker is never used to pick one: it would be a verifier)."""
    from agora.agent.agent import Agent

    usage, samples = Usage(), []
    for i in range(k):
        result = Agent(model=backend, max_tokens=cfg.max_tokens, temperature=cfg.sample_temperature,
                       seed=cfg.seed * 1000 + i).run(question)
        usage = usage + result.usage
        expression = game24.expression_of(result.answer or "")
        samples.append(expression or "")
    # expressions compare as written (spaces aside): agora.answers would read their last number
    written = [s.replace(" ", "") for s in samples if s]
    if not written:
        return None, usage
    counts = Counter(written)
    return max(written, key=lambda s: (counts[s], -written.index(s))), usage


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    ap = argparse.ArgumentParser(description="Game of 24: ToT vs CoT vs self-consistency at equal calls.")
    ap.add_argument("--model", default="local:smollm2")
    ap.add_argument("--limit", type=int, default=20, help="instances")
    ap.add_argument("--breadth", type=int, default=2)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--max-tokens", type=int, default=192)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, _interrupt)  # a `timeout` still gets the partial figures
    backend = load_backend(args.model)
    cfg = MethodConfig(max_tokens=args.max_tokens, seed=args.seed, tot_breadth=args.breadth, tot_depth=args.depth)
    print(f"model {args.model}; Game of 24, {args.limit} generated instances; ToT breadth {args.breadth}, "
          f"depth {args.depth}; sc gets ToT's calls per instance")
    right: dict[str, list[bool]] = defaultdict(list)
    cost: dict[str, list[Usage]] = defaultdict(list)
    try:
        for n, numbers in enumerate(game24.instances(args.limit, args.seed), 1):
            q = game24.question(numbers)
            tot = run_tot(q, backend, cfg)
            cot = run_cot(q, backend, cfg)
            sc_answer, sc_usage = run_sc_expressions(q, backend, cfg, max(1, tot.usage.calls))
            for m, answer, usage in (("cot", cot.answer, cot.usage), ("sc", sc_answer, sc_usage),
                                     ("tot", tot.answer, tot.usage)):
                right[m].append(game24.check(answer or "", numbers))
                cost[m].append(usage)
            marks = " ".join(f"{m}={'+' if right[m][-1] else '-'}" for m in METHODS)
            print(f"  [{n}/{args.limit}] {numbers}: {marks}  (tot: {tot.answer!r}, {tot.usage.calls} calls)", flush=True)
    except KeyboardInterrupt:
        print("  stopped early: figures for the instances finished")
    done = len(right["tot"])
    if not done:
        return
    print(f"\nGame of 24 ({done} instances)")
    print(f"  {'method':<6} {'acc':>5}  {'95% CI (Wilson)':<15} {'p vs cot':>8} {'calls':>6} {'tokens':>7}")
    for m in METHODS:
        a = accuracy(right[m][:done])
        p = compare_paired(right["cot"][:done], right[m][:done])["p_value"] if m != "cot" else float("nan")
        calls = sum(u.calls for u in cost[m][:done]) / done
        tokens = sum(u.total_tokens for u in cost[m][:done]) / done
        print(f"  {m:<6} {a['accuracy']:>5.0%}  [{a['ci_low']:.2f}, {a['ci_high']:.2f}]    {p:>8.2f} {calls:>6.1f} {tokens:>7.0f}")
    best = max(METHODS, key=lambda m: (sum(right[m][:done]), -sum(u.total_tokens for u in cost[m][:done])))
    if sum(right[best][:done]):
        print(f"  best: {best} ({sum(right[best][:done])}/{done})")
    else:
        print(f"  no method solved an instance ({done} tried)")


if __name__ == "__main__":
    main()
