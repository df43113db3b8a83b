"""Adaptive debate against the fixed 3 x 2 debate, on the arithmetic task families.

Each item is answered by the fixed debate (3 debaters x 2 rounds, everyone revises with the
full turns of the others, majority vote) and by the adaptive one (round 0 independent; a
second round only when fewer than ``--consensus`` agree; in it only the debaters outside the
standing lead revise, reading each peer's answer and reasoning (``--peer-tokens`` clips the
reasoning: an ablation). Same items, same panel, same seeds: paired. Prints per split the issue-16 target:

    adaptive accuracy >= the fixed debate's, with <= 60% of its tokens  -> PASS / FAIL

Tokens are what the bench counts: prompt + completion tokens of every call (the prompt counted
whole, as an API bills it); ``evaluated`` is what llama.cpp actually computed after its prompt
cache, which depends on the order the methods run in (the adaptive debate runs second and finds
the fixed one's round-0 prompts cached), so the target is read on counted tokens.

    python examples/bench_debate_adaptive.py --split dev --limit 5
    python examples/bench_debate_adaptive.py --split heldout --limit 5
    python examples/bench_debate_adaptive.py --split dev --limit 5 --ablation   # what each part saves
    python examples/bench_debate_adaptive.py --split dev --panel-tools calculator  # every debater computes
    python examples/bench_debate_adaptive.py --split dev --panel local:smollm2,local:gemma3-270m
    python examples/bench_debate_adaptive.py --split dev --judge   # + judge, judge-swap consistency
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from agora.backends import shared_backend
from agora.bench.families import FAMILIES, families_in, load
from agora.bench.families.checks import check_answer
from agora.bench.methods import MethodConfig, run_method
from agora.bench.stats import wilson

#: the adaptive design (first: consensus stop + sparse revision, MethodConfig's defaults) and,
#: with --ablation, the variants it was chosen from on the dev split
VARIANTS = {
    "debate-adaptive": {},
    "adaptive-stop-only": {"revise": "all"},  # the design before this change: 99% of the tokens
    "adaptive-dissent-compact": {"peer_tokens": 64},  # + peers' reasoning clipped to 64 tokens
    "adaptive-compact": {"revise": "all", "peer_tokens": 64},
}


def arithmetic(split: str) -> list[str]:
    return [f for f in families_in(split) if FAMILIES[f].group == "arithmetic" or f == "du_arith"]


def main() -> None:
    ap = argparse.ArgumentParser(description="Adaptive vs fixed 3 x 2 debate on the arithmetic families.")
    ap.add_argument("--model", default="local:smollm2")
    ap.add_argument("--split", choices=("dev", "heldout"), default="dev")
    ap.add_argument("--families", help="comma-separated (default: the split's arithmetic families)")
    ap.add_argument("--limit", type=int, default=5, help="items per family")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--consensus", type=float, default=2 / 3)
    ap.add_argument("--peer-tokens", type=int, default=MethodConfig.peer_tokens)
    ap.add_argument("--max-tokens", type=int, default=256)
    ap.add_argument("--panel", default="", help="comma-separated model specs given to the debaters in turn")
    ap.add_argument("--panel-tools", default="", help="tools every debater carries (e.g. calculator)")
    ap.add_argument("--ablation", action="store_true", help="also run the variants the design was chosen from")
    ap.add_argument("--resume", action="store_true", help="keep the results already in the output folder")
    ap.add_argument("--judge", action="store_true", help="also read the fixed debate with a judge (and swapped)")
    ap.add_argument("--out", default="bench-results/debate-adaptive")
    args = ap.parse_args()
    families = args.families.split(",") if args.families else arithmetic(args.split)
    items = load(args.split, families, limit=args.limit, seed=args.seed)
    backend = shared_backend(args.model)
    cfg = MethodConfig(debaters=3, rounds=2, max_tokens=args.max_tokens, seed=args.seed, consensus=args.consensus,
                       judge=args.judge, panel=tuple(s for s in args.panel.split(",") if s),
                       debater_tools=tuple(t for t in args.panel_tools.split(",") if t), peer_tokens=args.peer_tokens)
    methods = ["debate-vote"] + (["debate-judge", "judge-swap"] if args.judge else [])
    variants = list(VARIANTS) if args.ablation else ["debate-adaptive"]
    label = f"{args.split}{'-tools' if cfg.debater_tools else ''}{'-mixed' if cfg.panel else ''}"
    out = Path(args.out) / label
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.jsonl"
    records: list[dict] = ([json.loads(line) for line in path.read_text().splitlines() if line.strip()]
                           if args.resume and path.exists() else [])
    done = {(r["item"], r["method"]) for r in records}
    with path.open("a" if args.resume else "w", encoding="utf-8") as sink:
        for n, item in enumerate(items, 1):
            for method in methods + variants:
                if (item.id, method) in done:
                    continue
                run_cfg = replace(cfg, **VARIANTS[method]) if method in VARIANTS else cfg
                run = run_method(method if method not in VARIANTS else "debate-adaptive", item.question, backend,
                                 run_cfg)
                verdict = check_answer(item, run.answer)
                d = run.detail
                rec = {"family": item.family, "item": item.id, "method": method, "gold": item.gold,
                       "answer": run.answer, "correct": verdict.correct, "calls": run.usage.calls,
                       "prompt": run.usage.prompt_tokens, "completion": run.usage.completion_tokens,
                       "evaluated": run.usage.prompt_tokens_evaluated, "rounds": d.get("rounds_played"),
                       "stood": d.get("stood"), "round_tokens": d.get("round_tokens"),
                       "judge_consistent": d.get("judge_consistent"), "round_answers": d.get("round_answers"),
                       "error": run.error}
                records.append(rec)
                sink.write(json.dumps(rec) + "\n")
                sink.flush()
                print(f"  [{n}/{len(items)}] {item.family} {method}: {'+' if verdict.correct else '-'} "
                      f"{run.answer!r:.40} ({rec['calls']} calls, {rec['prompt'] + rec['completion']} tokens, "
                      f"{rec['rounds']} rounds)", flush=True)
    wanted = {i.id for i in items}
    records = [r for r in records if r["item"] in wanted]
    report(records, methods + [v for v in VARIANTS if any(r["method"] == v for r in records)], args, cfg, label)


def report(records: list[dict], methods: list[str], args: argparse.Namespace, cfg: MethodConfig, label: str) -> None:
    panel = ",".join(cfg.panel) or args.model
    tools = f"; every debater carries {','.join(cfg.debater_tools)}" if cfg.debater_tools else ""
    print(f"\nsplit {args.split}; panel {panel}{tools}; 3 debaters x 2 rounds; consensus {args.consensus:.2f}; "
          f"peer reasoning {cfg.peer_tokens} tokens; {args.limit} items per family, seed {args.seed}")
    main_methods = [m for m in methods if m in ("debate-vote", "debate-judge", "judge-swap", "debate-adaptive")]
    rows = table(records, main_methods)
    fixed = rows.get("debate-vote")
    a = rows.get("debate-adaptive")
    if fixed and a:
        ratio, pratio = a["tokens"] / fixed["tokens"], a["prompt"] / fixed["prompt"]
        ok = a["acc"] >= fixed["acc"] and ratio <= 0.6
        print(f"  TARGET ({label}): adaptive accuracy {a['acc']:.0%} vs fixed {fixed['acc']:.0%}; "
              f"{ratio:.0%} of its tokens ({pratio:.0%} of its prompt tokens) -> {'PASS' if ok else 'FAIL'}")
    others = [m for m in methods if m not in main_methods]
    if others:
        ran = [{r["item"] for r in records if r["method"] == m} for m in ["debate-vote", "debate-adaptive"] + others]
        common = set.intersection(*ran)
        print(f"\n  ablation, on the {len(common)} items every variant ran:")
        paired = table([r for r in records if r["item"] in common], ["debate-vote", "debate-adaptive"] + others)
        for m in ["debate-adaptive"] + others:
            print(f"    {m}: accuracy {paired[m]['acc']:.0%} vs fixed {paired['debate-vote']['acc']:.0%}; "
                  f"{paired[m]['tokens'] / paired['debate-vote']['tokens']:.0%} of its tokens")


def table(records: list[dict], methods: list[str]) -> dict[str, dict]:
    print(f"  {'method':<24} {'n':>3} {'acc':>5} {'95% CI':>11} {'calls':>6} {'prompt':>7} {'compl.':>6} "
          f"{'tokens':>7} {'evaluated':>9} {'rounds':>6} {'stood':>5} {'consistent':>10}")
    rows = {}
    for m in methods:
        rs = [r for r in records if r["method"] == m]
        if not rs:
            continue
        n, k = len(rs), sum(r["correct"] for r in rs)
        lo, hi = wilson(k, n)
        mean = lambda key: sum((r[key] or 0) for r in rs) / n  # noqa: E731
        cons = [r["judge_consistent"] for r in rs if r["judge_consistent"] is not None]
        rows[m] = row = {"acc": k / n, "tokens": mean("prompt") + mean("completion"), "prompt": mean("prompt")}
        print(f"  {m:<24} {n:>3} {k / n:>5.0%} {f'{lo:.0%}-{hi:.0%}':>11} {mean('calls'):>6.1f} {mean('prompt'):>7.0f} "
              f"{mean('completion'):>6.0f} {row['tokens']:>7.0f} {mean('evaluated'):>9.0f} {mean('rounds'):>6.2f} "
              f"{mean('stood'):>5.2f} {f'{sum(cons) / len(cons):.0%}' if cons and m != 'debate-vote' else '-':>10}")
    return rows


if __name__ == "__main__":
    main()
