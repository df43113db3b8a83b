"""Tool-calling families and their scoring.

``toolcall_a`` and ``toolcall_c`` (dev) and ``toolcall_b`` (held-out) ask for one call of a tool from the
bench toolset (:mod:`agora.bench.toolset`; dev and held-out tools are disjoint). The agent
is given that tool and three distractors from the same split, in a shuffled order.

``nocall`` asks things no offered tool serves: greetings, facts any model knows, and
requests for a tool the agent does not have. The right move is to answer with no call.

Scoring reads the FIRST tool call of the run (or its absence):

* a call item is right when the first call names the gold tool and its arguments, validated
  by the tool's own schema (defaults filled in), equal the gold arguments: numbers
  numerically, strings case- and space-blind, lists in order. Arguments the schema refuses
  are wrong.
* a no-call item is right when the run called no tool at all and gave a non-empty answer.
"""

from __future__ import annotations

import math
import random
import zlib
from typing import Any

from pydantic import ValidationError

from agora.bench.families.base import BenchItem, Candidate, Family
from agora.bench.families.checks import Verdict

#: tools offered per item: the gold one and this many distractors
DISTRACTORS = 3
NOCALL_HELDOUT_SHARE = 0.3


def _draw_call(split: str):
    def draw(rng: random.Random) -> Candidate:
        from agora.bench import toolset

        pool = toolset.cases(split)
        chosen = rng.choice(pool)
        question, arguments = chosen.draw(rng)
        others = rng.sample([c.tool.name for c in pool if c is not chosen], DISTRACTORS)
        offered = others + [chosen.tool.name]
        rng.shuffle(offered)
        return question, chosen.tool.name, {
            "kind": "call", "toolkind": "toolset", "tools": tuple(offered),
            "gold_call": {"name": chosen.tool.name, "arguments": arguments}}
    return draw


GREETINGS = ["Hello!", "Hi there, how are you today?", "Good morning!", "Thanks a lot for your help.",
             "Who are you?", "Hey, nice to meet you.", "Good night, talk tomorrow.", "How is your day going?",
             "Can you hear me?", "Thank you, that was all.", "What can you do?", "Hello, I am new here.",
             "Cheers!", "Have a nice weekend!", "Sorry, wrong window.", "Bye for now."]

FACTS = [("What is the capital of France?", "Paris"), ("What color is the sky on a clear day?", "blue"),
         ("How many days are there in a week?", "7"), ("What is the opposite of hot?", "cold"),
         ("What do bees make?", "honey"), ("Which planet do we live on?", "Earth"),
         ("How many legs does a dog have?", "4"), ("What is frozen water called?", "ice"),
         ("What is the largest ocean on Earth?", "Pacific"), ("What language is spoken in Brazil?", "Portuguese"),
         ("How many hours are in a day?", "24"), ("What gas do plants take in from the air?", "carbon dioxide"),
         ("What is the capital of Japan?", "Tokyo"), ("Which animal is known as the king of the jungle?", "lion"),
         ("What is the first letter of the English alphabet?", "A"), ("How many months are in a year?", "12"),
         ("What is the boiling point of water in Celsius at sea level?", "100"),
         ("Who wrote Romeo and Juliet?", "Shakespeare"), ("What shape has three sides?", "triangle"),
         ("What is the color of grass?", "green")]

MISSING = ["Please call my mother on the phone.", "Take a photo with my camera.",
           "Print this page on the office printer.", "Post a message on my social media saying hello.",
           "Start the dishwasher.", "Open the car's sunroof.", "Scan the QR code on my desk.",
           "Record a voice memo for me.", "Feed the cat with the automatic feeder.",
           "Turn the TV to channel 5.", "Charge my electric car.", "Ring the doorbell.",
           "Order a taxi to the airport.", "Send a text message to Lukas.", "Change my bank PIN.",
           "Wake up my computer in the study."]


def _nocall_pool() -> list[Candidate]:
    from agora.bench import toolset
    from agora.bench.families.base import hash_split

    out: list[Candidate] = []
    rows = ([(q, "greeting", None) for q in GREETINGS] + [(q, "fact", a) for q, a in FACTS]
            + [(q, "missing tool", None) for q in MISSING])
    for question, why, answer in rows:
        # the offered tools depend on the question alone, whatever the seed, and come from
        # the question's own split: dev prompts never show a held-out tool
        split = hash_split("nocall", question, NOCALL_HELDOUT_SHARE)
        names = sorted(c.tool.name for c in toolset.cases(split))
        rng = random.Random(zlib.crc32(question.encode()))
        offered = tuple(rng.sample(names, DISTRACTORS + 1))
        out.append((question, "(no call)", {
            "id": f"nocall-{zlib.crc32(question.encode()):08x}", "kind": "nocall", "toolkind": "toolset",
            "tools": offered, "meta": {"why": why, **({"known_answer": answer} if answer else {})}}))
    return out


def _same(a: Any, b: Any) -> bool:
    """Equal as arguments: numbers numerically, strings case- and space-blind, containers
    element by element (lists in order)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a is None and b is None


def canonical(tool_name: str, arguments: Any) -> dict[str, Any] | None:
    """The arguments as the tool's schema reads them (defaults filled in), None if refused."""
    from agora.bench import toolset

    tool = toolset.TOOLS.get(tool_name)
    if tool is None or not isinstance(arguments, dict):
        return None
    try:
        return tool.args_model.model_validate(arguments).model_dump(mode="json")
    except ValidationError:
        return None


def check_calls(item: BenchItem, calls: list[tuple[str, Any]], answer: str | None) -> Verdict:
    """Score the run's tool calls ((name, arguments) in order) against the item."""
    if item.kind == "nocall":
        if calls:
            return Verdict(False, f"called {calls[0][0]}", right_tool=False)
        ok = bool(answer and answer.strip())
        return Verdict(ok, "(no call)" if ok else None, right_tool=True)
    if item.kind != "call" or item.gold_call is None:
        raise ValueError(f"{item.id}: not a tool-calling item")
    if not calls:
        return Verdict(False, None, right_tool=False)
    name, arguments = calls[0]
    if name != item.gold_call["name"]:
        return Verdict(False, f"called {name}", right_tool=False)
    got = canonical(name, arguments)
    want = canonical(name, item.gold_call["arguments"])
    if want is None:
        raise ValueError(f"{item.id}: the gold arguments do not validate against {name}")
    return Verdict(got is not None and _same(got, want), f"{name} {arguments}", right_tool=True)


FAMILIES = [
    Family("toolcall_a", "one exact call of a dev-split toolset tool (4 tools offered)", draw=_draw_call("dev"),
           home="dev", group="tools"),
    Family("toolcall_c", "one exact call of a tool from the second dev toolset (4 tools offered)",
           draw=_draw_call("dev2"), home="dev", group="tools"),
    Family("toolcall_b", "one exact call of a held-out toolset tool (4 tools offered)",
           draw=_draw_call("heldout"), home="heldout", group="tools"),
    Family("nocall", "greetings, known facts, missing tools: answer without a call", pool=_nocall_pool,
           heldout_share=NOCALL_HELDOUT_SHARE, group="tools"),
]
