"""How far the word-problem rules reach, without a model: for each item, every program the
rules offer (each line chosen among its sensible options, ``agora.agent.lines``) is written
out and run, and the item counts as

- ``reach``: some offered program prints the gold answer (the ceiling of any chooser);
- ``first``: the program of the first option at every line (a chooser with no model);
- ``vote``: the answer most offered programs print (self-consistency with no model).

    python examples/bench_word_reach.py [--split dev] [--families word_j,word_k] [--limit 40]

The model (``agora bench agent``) only chooses among these options, so where ``reach`` is low
the rules, not the model's choices, are what miss. Items whose programs exceed ``--cap`` are
scored on the first ``--cap`` programs. Deterministic; about 5 s an item on one core.
"""

from __future__ import annotations

import argparse
import collections
import io
import sys
from contextlib import redirect_stdout

from agora.agent.program import write_program
from agora.bench.families import FAMILIES, families_in, load

class FreeLine(Exception):
    """A line written under the open grammar (no list of options): not enumerated."""


def printed(code: str) -> float | None:
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            exec(code, {"__builtins__": {"print": print}})  # arithmetic lines the rules wrote
        return round(float(out.getvalue().strip()), 6)
    except (ArithmeticError, ValueError, NameError, SyntaxError, TypeError):
        return None


def programs(question: str, cap: int) -> list[float | None]:
    """What each offered program prints, depth first, the first-option program first. The
    lines come from :func:`write_program`'s own lists (its ``score`` callback, which picks one
    by a score of 1); each name is ``n1``, ``n2``, ... so no two lines share one."""
    answers: list[float | None] = []
    todo: list[list[int]] = [[]]
    while todo and len(answers) < cap:
        prefix = todo.pop()
        taken: list[int] = []  # the number of options at each choice past the prefix
        choices, names = iter(range(10_000)), iter(range(1, 10_000))

        def name(reply: str, grammar: str) -> str:
            if not grammar.endswith('" ="'):  # the open grammar: no list to walk
                raise FreeLine(grammar)
            return f"n{next(names)} ="

        def pick(reply: str, offered: list[str]) -> list[float]:
            at = next(choices)
            if at >= len(prefix):
                taken.append(len(offered))
            chosen = prefix[at] if at < len(prefix) else 0
            return [float(k == chosen) for k in range(len(offered))]

        answers.append(printed(write_program(question, name, pick)))
        path = prefix + [0] * len(taken)
        for j in reversed(range(len(taken))):
            todo.extend(path[:len(prefix) + j] + [k] for k in range(taken[j] - 1, 0, -1))
    return answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "heldout"))
    parser.add_argument("--families", help="comma-separated (default: every word family of the split)")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--cap", type=int, default=3000, help="programs tried per item at most")
    args = parser.parse_args(argv)
    names = args.families.split(",") if args.families else \
        [n for n in families_in(args.split) if FAMILIES[n].group == "word"]
    print(f"{'family':8} {'n':>3} {'reach':>6} {'first':>6} {'vote':>6} {'free':>5} {'programs':>9}")
    total: collections.Counter[str] = collections.Counter()
    for name in names:
        row: collections.Counter[str] = collections.Counter()
        for item in load(args.split, [name], limit=args.limit):
            row["n"] += 1
            gold = round(float(item.gold), 6)
            try:
                answers = programs(item.question, args.cap)
            except FreeLine:
                row["free"] += 1  # counted in n, never right here
                continue
            votes = collections.Counter(a for a in answers if a is not None).most_common(1)
            row["reach"] += gold in answers
            row["first"] += answers[0] == gold
            row["vote"] += bool(votes) and votes[0][0] == gold
            row["programs"] += len(answers)
        total.update(row)
        print(f"{name:8} {row['n']:>3} {row['reach']:>6} {row['first']:>6} {row['vote']:>6} {row['free']:>5} "
              f"{row['programs']:>9}", flush=True)
    print(f"{'all':8} {total['n']:>3} {total['reach']:>6} {total['first']:>6} {total['vote']:>6} "
          f"{total['free']:>5} {total['programs']:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
