"""Task families of `agora bench agent`: determinism, the dev / held-out split, checkers
(unreadable = wrong), the toolset's schemas and the scoring of tool calls."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from agora.bench import families as F
from agora.bench import toolset
from agora.bench.families.base import BenchItem, generate
from agora.bench.families.calls import canonical, check_calls
from agora.bench.families.checks import check_answer, seen
from agora.errors import ConfigError


def item(gold: str, kind: str = "number", **extra) -> BenchItem:
    return BenchItem(id="t", family="t", question="q", gold=gold, kind=kind, **extra)


# --- generation ----------------------------------------------------------------------------

def test_at_least_ten_families_each_with_items():
    assert len(F.FAMILIES) >= 10
    for split in F.SPLITS:
        for name in F.families_in(split):
            items = F.load(split, [name], limit=3, seed=0)
            assert len(items) == 3, name
            assert all(i.family == name and i.split == split and i.question and i.gold for i in items)


def test_generation_is_deterministic_and_extends_with_the_limit():
    for split in F.SPLITS:
        a = F.load(split, limit=6, seed=3)
        b = F.load(split, limit=6, seed=3)
        assert [i.to_dict() for i in a] == [i.to_dict() for i in b]
        short = F.load(split, limit=3, seed=3)
        by_family = {}
        for i in a:
            by_family.setdefault(i.family, []).append(i.question)
        for i in short:
            assert i.question in by_family[i.family][:3]
    # another seed gives other items for the generated families
    q0 = {i.question for i in F.load("dev", ["arith_paren", "date_diff", "toolcall_a"], limit=8, seed=0)}
    q1 = {i.question for i in F.load("dev", ["arith_paren", "date_diff", "toolcall_a"], limit=8, seed=1)}
    assert len(q0 & q1) < 3


def test_gold_answers_are_right():
    import re

    for i in F.load("dev", ["arith_paren", "arith_negative", "arith_chain", "arith_product3"], limit=20):
        if "product of" in i.question:
            a, b, c = (int(x) for x in re.findall(r"\d+", i.question))
            assert a * b * c == int(i.gold)
            continue
        expr = max(re.findall(r"[-(\d][-\d\s+*/()×]*", i.question), key=len).replace("×", "*")
        assert eval(expr) == int(i.gold), i.question  # noqa: S307 - our own generated text
    for i in F.load("heldout", ["arith_intdiv"], limit=20):
        nums = [int(x) for x in i.question.replace("?", " ").replace(",", " ").split() if x.isdigit()]
        assert nums[0] // nums[1] == int(i.gold)
    for i in F.load("dev", ["date_add"], limit=10):
        n = int(i.question.split()[3])
        assert i.kind == "date" and abs((dt.date.fromisoformat(i.gold) - _question_date(i.question)).days) == n
    for i in F.load("heldout", ["date_weekday"], limit=10):
        assert i.gold == _question_date(i.question).strftime("%A")


def _question_date(text: str) -> dt.date:
    from agora.bench.families.checks import dates_in

    return dates_in(text)[0]


# --- the split -----------------------------------------------------------------------------

def test_split_families_and_items_do_not_overlap():
    only_dev = {n for n in F.DEV_FAMILIES if F.FAMILIES[n].home == "dev"}
    only_held = {n for n in F.HELDOUT_FAMILIES if F.FAMILIES[n].home == "heldout"}
    assert only_dev and only_held and not only_dev & only_held
    assert set(F.DEV_FAMILIES) & set(F.HELDOUT_FAMILIES) == {n for n, f in F.FAMILIES.items() if f.home == "both"}
    # whole arithmetic families are held out (the targets are measured on them)
    assert {"arith_nested", "arith_intdiv", "arith_power", "arith_large"} <= only_held
    for name in F.FAMILIES:
        dev = {i.question for s in range(3) for i in generate(F.FAMILIES[name], "dev", 40, s)}
        held = {i.question for s in range(3) for i in generate(F.FAMILIES[name], "heldout", 40, s)}
        assert not dev & held, name
    # the tool-calling families use disjoint tools
    dev_tools = {i.gold for i in F.load("dev", ["toolcall_a"], limit=60)}
    held_tools = {i.gold for i in F.load("heldout", ["toolcall_b"], limit=60)}
    assert not dev_tools & held_tools
    offered_dev = {t for i in F.load("dev", ["toolcall_a", "nocall"], limit=40) for t in i.tools}
    assert not offered_dev & {c.tool.name for c in toolset.cases("heldout")}


def test_a_family_outside_the_split_is_refused():
    with pytest.raises(ConfigError, match="not in the dev split"):
        F.load("dev", ["arith_power"])
    with pytest.raises(ConfigError, match="unknown family"):
        F.load("dev", ["astrology"])


# --- checkers ------------------------------------------------------------------------------

@pytest.mark.parametrize("answer,ok", [
    ("3058", True), ("The answer is 3,058.", True), ("Answer: 3058.0", True), ("3057", False),
    ("22 + 46 * 66 = 3058", True), ("I don't know", False), ("", False), (None, False),
    ("22 + 46 * 66", False),  # the question restated, no result
])
def test_number_checker(answer, ok):
    v = check_answer(item("3058"), answer)
    assert v.correct is ok
    if answer in ("I don't know", "", None, "22 + 46 * 66"):
        assert v.parsed is None  # unreadable, and so wrong


def test_numbers_compare_with_the_items_tolerance_and_sign():
    rounded = item("8.39", abs_tol=0.0101, rel_tol=1e-4)
    assert check_answer(rounded, "about 8.39 miles").correct
    assert check_answer(rounded, "8.388576").correct
    assert not check_answer(rounded, "8.41").correct
    assert check_answer(item("-1985"), "The result is −1985.").correct
    assert not check_answer(item("-1985"), "1985").correct


def test_text_checker_refuses_an_answer_naming_a_rival():
    it = item("Rhea Sorensen", "text", distractors=("Petra Kowalczyk", "Rhea Sorensen"))
    assert check_answer(it, "It was founded by rhea sorensen.").correct
    assert not check_answer(it, "Rhea Sorensen or Petra Kowalczyk").correct
    assert not check_answer(it, "Rhea").correct
    assert check_answer(it, "   ").parsed is None


def test_weekday_and_date_checkers():
    day = item("Sunday", "weekday")
    assert check_answer(day, "It was a Sunday.").correct
    assert not check_answer(day, "Sunday or Monday").correct  # a hedge names two days
    assert check_answer(day, "no idea").parsed is None
    d = item("2003-12-03", "date")
    for text in ("2003-12-03", "The date is December 3, 2003.", "3 December 2003",
                 "399 days before 2005-01-05 is 2003-12-03"):
        assert check_answer(d, text).correct, text
    assert not check_answer(d, "2003-12-04").correct
    assert check_answer(d, "early December").parsed is None


def test_seen_finds_the_gold_in_observations():
    assert seen(item("3058"), ["Result: 3,058"]) and not seen(item("3058"), ["30580", "305.8"])
    assert seen(item("8.39", abs_tol=0.0101), ["8.388576"])
    assert seen(item("Rhea Sorensen", "text"), ["... when Rhea Sorensen started it."])
    assert seen(item("2003-12-03", "date"), ["2003-12-03"]) and not seen(item("Sunday", "weekday"), ["Monday"])


# --- the toolset ---------------------------------------------------------------------------

def _features(schema: dict) -> set[str]:
    found = set()
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        text = json.dumps(prop)
        if name not in required:
            found.add("optional")
        if '"enum"' in text or '"const"' in text:
            found.add("enum")
        if prop.get("type") == "array" or '"array"' in text:
            found.add("array")
        if "$ref" in text or prop.get("type") == "object":
            found.add("object")
    return found


def test_toolset_has_fifty_typed_tools_with_varied_schemas():
    assert len(toolset.TOOLS) >= 50
    counts: dict[str, int] = {}
    for t in toolset.TOOLS.values():
        spec = t.spec()
        assert spec.description and spec.parameters["properties"]
        for f in _features(spec.parameters):
            counts[f] = counts.get(f, 0) + 1
    for feature in ("optional", "enum", "array", "object"):
        assert counts.get(feature, 0) >= 5, (feature, counts)
    # nested objects two levels deep exist (an object inside an object)
    nested = [n for n, t in toolset.TOOLS.items()
              if any("$ref" in json.dumps(d) for d in t.spec().parameters.get("$defs", {}).values())]
    assert nested
    # each split has every kind of schema
    for split in F.SPLITS:
        kinds = set().union(*(_features(c.tool.spec().parameters) for c in toolset.cases(split)))
        assert kinds == {"optional", "enum", "array", "object"}, split


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def test_every_gold_call_validates_and_is_copied_from_the_question():
    for split, family in (("dev", "toolcall_a"), ("heldout", "toolcall_b")):
        items = F.load(split, [family], limit=150, seed=0)
        assert {i.gold for i in items} == {c.tool.name for c in toolset.cases(split)}  # every tool asked
        for i in items:
            assert i.gold_call["name"] in i.tools and len(i.tools) == 4
            assert canonical(i.gold_call["name"], i.gold_call["arguments"]) is not None, i.question
            for leaf in _leaves(i.gold_call["arguments"]):
                if isinstance(leaf, bool):
                    continue
                assert str(leaf).casefold() in i.question.casefold(), (leaf, i.question)


# --- scoring tool calls --------------------------------------------------------------------

def _call_item() -> BenchItem:
    return BenchItem(id="c", family="toolcall_a", question="q", gold="book_flight", kind="call",
                     toolkind="toolset", tools=("book_flight", "get_weather"),
                     gold_call={"name": "book_flight", "arguments": {
                         "origin": "Lisbon", "destination": "Osaka", "date": "2026-03-04", "passengers": 2,
                         "cabin": "business"}})


def test_exact_arguments_score_and_wrong_ones_do_not():
    it = _call_item()
    gold = dict(it.gold_call["arguments"])
    assert check_calls(it, [("book_flight", gold)], "ok").correct
    # numbers numerically, strings case- and space-blind, the rest of the run does not matter
    assert check_calls(it, [("book_flight", {**gold, "passengers": 2.0, "origin": " lisbon"}),
                            ("get_weather", {"city": "x"})], None).correct
    for wrong in ({**gold, "passengers": 3}, {**gold, "destination": "Osaka, Japan"},
                  {**gold, "cabin": "economy"}, {k: v for k, v in gold.items() if k != "cabin"},
                  {**gold, "seat": "12A"}, {**gold, "cabin": "first"}, "not a dict"):
        v = check_calls(it, [("book_flight", wrong)], "ok")
        assert not v.correct and v.right_tool, wrong
    v = check_calls(it, [("get_weather", {"city": "Osaka"}), ("book_flight", gold)], "ok")
    assert not v.correct and v.right_tool is False  # the FIRST call counts
    assert not check_calls(it, [], "I booked it").correct


def test_optional_arguments_default_and_lists_keep_their_order():
    it = BenchItem(id="r", family="toolcall_a", question="q", gold="plan_route", kind="call",
                   gold_call={"name": "plan_route", "arguments": {"start": "A", "stops": ["B", "C"],
                                                                  "mode": "walking"}})
    assert check_calls(it, [("plan_route", {"start": "a", "stops": ["b", "c"], "mode": "walking"})], "").correct
    assert not check_calls(it, [("plan_route", {"start": "A", "stops": ["C", "B"], "mode": "walking"})], "").correct
    alarm = BenchItem(id="a", family="toolcall_a", question="q", gold="set_alarm", kind="call",
                      gold_call={"name": "set_alarm", "arguments": {"time": "07:30"}})
    assert check_calls(alarm, [("set_alarm", {"time": "07:30", "label": None, "repeat_days": []})], "").correct
    assert not check_calls(alarm, [("set_alarm", {"time": "07:30", "label": "gym"})], "").correct


def test_no_call_items_want_no_call_and_an_answer():
    it = F.load("dev", ["nocall"], limit=1)[0]
    assert check_calls(it, [], "Hello! How can I help?").correct
    assert not check_calls(it, [], "").correct
    assert not check_calls(it, [("get_weather", {"city": "Lisbon"})], "Hi").correct


def test_shared_shapes_finds_items_of_a_family_shape():
    from agora.bench.families.shapes import expression_shape, shared_shapes

    assert expression_shape("Compute 3*(4 + 5) - 2.") == expression_shape("What is 80 * (1+2) - 9?") == "n*(n+n)-n"
    hits = shared_shapes(["What is 22 + 46 * (91 - 25)?", "Hello!", "What is the result of 1+2*3+4-5*6?",
                          "Name a famous bridge in a city of your choice."], per_family=60, seeds=(0,))
    assert hits == {"What is 22 + 46 * (91 - 25)?": ["arith_paren"], "Hello!": ["nocall"],
                    "What is the result of 1+2*3+4-5*6?": ["du_arith"]}


def test_no_built_in_worked_example_shares_the_shape_of_an_evaluation_item():
    from agora.agent.examples import BUILTIN_EXAMPLES, DIRECT_EXAMPLES
    from agora.bench.families.shapes import shared_shapes

    questions = [ex["question"] for examples in BUILTIN_EXAMPLES.values() for ex in examples]
    questions += [ex["question"] for ex in DIRECT_EXAMPLES]
    assert len(questions) >= 8
    assert shared_shapes(questions, per_family=100) == {}
