"""Is a debate worth its cost? An equal-compute comparison on the same (paired) items:

* ``cot``          one chain-of-thought answer;
* ``sc``           self-consistency: as many samples as THIS item's debate made calls
                   (judge included), majority vote;
* ``refine``       self-refine: draft, critique, revise;
* ``debate-vote``  the debate's majority vote (its cost: the debaters' calls);
* ``debate-judge`` the same debate's judge verdict (its cost: the debaters' calls + the judge).

One debate run gives both debate answers (vote and judge are both recorded), so the two are
paired on exactly the same transcripts. Tasks: Du et al.'s arithmetic ("a+b*c+d-e*f", from a
seed) and the shipped GSM8K sample (MIT licence, see agora/data/GSM8K_LICENSE).

    python examples/bench_debate.py --model local:smollm2 --limit 5
    python examples/bench_debate.py --tasks arithmetic --limit 20 --debaters 3 --rounds 2

Prints accuracy with Wilson 95% intervals, McNemar p against cot, and calls, tokens and
seconds per item. Unreadable answers count as wrong.
"""

from __future__ import annotations

import argparse
import signal
import time
from collections import defaultdict

from agora.backends import load_backend
from agora.bench.methods import MethodConfig, run_cot, run_refine, run_sc
from agora.bench.scoring import score
from agora.bench.stats import accuracy, compare_paired
from agora.bench.tasks import load_items
from agora.debate.debate import Debate
from agora.messages import Usage

METHODS = ("cot", "sc", "refine", "debate-vote", "debate-judge")


def run_item(question: str, backend, cfg: MethodConfig) -> dict[str, tuple[str | None, Usage, float]]:
    """answer, usage and seconds of every method on one question."""
    out = {}
    started = time.perf_counter()
    debate = Debate(cfg.debaters, model=backend, rounds=cfg.rounds, judge=backend, aggregate="judge",
                    seed=cfg.seed, max_tokens=cfg.max_tokens, max_seconds=cfg.max_seconds).run(question)
    seconds = time.perf_counter() - started
    judge = debate.judge_usage or Usage()
    debaters = Usage(prompt_tokens=debate.usage.prompt_tokens - judge.prompt_tokens,
                     completion_tokens=debate.usage.completion_tokens - judge.completion_tokens,
                     calls=debate.usage.calls - judge.calls)
    judge_share = seconds * judge.calls / max(1, debate.usage.calls)  # rough: calls cost alike
    out["debate-vote"] = (debate.vote_answer, debaters, seconds - judge_share)
    out["debate-judge"] = (debate.verdict.answer if debate.verdict else debate.vote_answer, debate.usage, seconds)
    out["_debate"] = debate  # for agreement and prefix-reuse figures
    for name, runner, c in (("cot", run_cot, cfg),
                            ("sc", run_sc, MethodConfig(**{**cfg.__dict__, "sc_samples": debate.usage.calls})),
                            ("refine", run_refine, cfg)):
        run = runner(question, backend, c)
        out[name] = (run.answer, run.usage, run.seconds)
    return out


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    ap = argparse.ArgumentParser(description="Debate vs single-agent methods at equal compute.")
    ap.add_argument("--model", default="local:smollm2")
    ap.add_argument("--tasks", default="arithmetic,gsm8k")
    ap.add_argument("--limit", type=int, default=5, help="items per task")
    ap.add_argument("--debaters", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--max-tokens", type=int, default=256)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    stopped: list[bool] = []
    signal.signal(signal.SIGTERM, _interrupt)  # a `timeout` still gets the partial figures
    backend = load_backend(args.model)
    cfg = MethodConfig(debaters=args.debaters, rounds=args.rounds, max_tokens=args.max_tokens, seed=args.seed)
    print(f"model {args.model}; {args.debaters} debaters x {args.rounds} rounds (early stop on consensus); "
          f"{args.limit} items per task; max {args.max_tokens} tokens per call")
    for task in args.tasks.split(","):
        items = load_items(task, args.limit, args.seed)
        right: dict[str, list[bool]] = defaultdict(list)
        cost: dict[str, list[tuple[Usage, float]]] = defaultdict(list)
        agree, debate_usage = [], Usage()
        for n, item in enumerate(items, 1):
            if stopped:
                break
            try:
                results = run_item(item.question, backend, cfg)
            except KeyboardInterrupt:  # Ctrl-C / SIGTERM: report the items finished so far
                stopped.append(True)
                break
            debate = results.pop("_debate")
            debate_usage = debate_usage + debate.usage
            if debate.judge_agrees_with_vote is not None:
                agree.append(debate.judge_agrees_with_vote)
            for m in METHODS:
                answer, usage, seconds = results[m]
                right[m].append(score(answer, item.gold).correct)
                cost[m].append((usage, seconds))
            marks = " ".join(f"{m}={'+' if right[m][-1] else '-'}" for m in METHODS)
            print(f"  [{task} {n}/{len(items)}] gold {item.gold}: {marks}", flush=True)
        done = len(right["cot"])
        if not done:
            continue
        print(f"\n{task} ({done} items{'' if done == len(items) else f' of {len(items)}: stopped early'})")
        print(f"  {'method':<13} {'acc':>5}  {'95% CI (Wilson)':<15} {'p vs cot':>8} {'calls':>6} "
              f"{'prompt tok':>10} {'compl tok':>9} {'s/item':>7}")
        for m in METHODS:
            a = accuracy(right[m])
            p = compare_paired(right["cot"], right[m])["p_value"] if m != "cot" else float("nan")
            k = max(1, len(cost[m]))
            calls = sum(u.calls for u, _ in cost[m]) / k
            prompt = sum(u.prompt_tokens for u, _ in cost[m]) / k
            compl = sum(u.completion_tokens for u, _ in cost[m]) / k
            secs = sum(s for _, s in cost[m]) / k
            print(f"  {m:<13} {a['accuracy']:>5.0%}  [{a['ci_low']:.2f}, {a['ci_high']:.2f}]    {p:>8.2f} "
                  f"{calls:>6.1f} {prompt:>10.0f} {compl:>9.0f} {secs:>7.1f}")
        if agree:
            print(f"  judge agreed with the majority vote on {sum(agree)} of {len(agree)} debates")
        evaluated = debate_usage.prompt_tokens_evaluated
        if evaluated is not None and debate_usage.prompt_tokens:
            print(f"  debate prompt tokens evaluated {evaluated} of {debate_usage.prompt_tokens} sent "
                  f"({1 - evaluated / debate_usage.prompt_tokens:.0%} reused from the KV cache)")


if __name__ == "__main__":
    main()
