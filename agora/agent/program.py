"""Program of thought for word problems, written one line of code under each sentence.

Asked for the whole program at once, SmolLM2-135M wrote 0 of 20 dev word problems right (it
copied the worked example's shape). Program-aided reasoning (Gao et al. 2022) writes each
step's code under the words it comes from; here the question itself is the program's
comments: each sentence (cut at ", then" / "and" where each piece keeps a number) becomes a
``# comment`` line, and the model writes the one line of code under it, greedy, under a
grammar (:func:`line_grammar`) that holds the priors of a word problem:

- a line uses each number of its sentence once, and may use one name defined above;
- the last sentence (the question) is ``print(...)`` of every value no later line used,
  each once, with the question's own numbers.

So the model only chooses the operations, their order and the names; the arithmetic is
Python's. Where the backend reads token probabilities (a local model), each line is the
likeliest of the whole lines offered (the model names it first), not the greedy one: greedy
decoding commits to a line's first token alone. On 160 dev stories by four authors (word_j
to word_m, SmolLM2) the programs were right 60 times against 52 greedy. Its choice of
operation stays the weak point (it adds where a story subtracts), and on stories by new
authors the lines offered often hold no right program at all
(``examples/bench_word_reach.py``). The worked examples are stories of other shapes than
the evaluation families'.
"""

from __future__ import annotations

import builtins
import itertools
import keyword
import json
import re
from typing import Callable

from agora.agent.conversions import PART_OF, in_rate_units, part_of_earlier, per_counted, unsaid_factor
from agora.agent.copying import names_arithmetic, number_sequence, writes_arithmetic
from agora.agent.labels import ASKS_AGE, durations, masked
from agora.agent.lines import (Choices, Quantity, evaluate, line_choices, print_choices, render, sequences, value_of,
                               whole)
from agora.agent.operations import (ALL, QUESTION_ADD, QUESTION_SUBTRACT, SELLS, SUBTRACT, Ops, clause_ops,
                                   question_ops, union)
from agora.agent.quantities import RATIO, SCALAR, UNKNOWN, answers, asked, number_words, same_kind, singular, units
from agora.messages import Message

#: worked examples: (question, [(sentence, its line of code)]); operations in other orders
#: than any evaluation family's (a discount then a product; a rate then a product)
EXAMPLES = [
    ("A ticket costs $15. Students get $3 off. How many dollars do 4 students pay?",
     [("A ticket costs $15.", "price = 15"), ("Students get $3 off.", "price -= 3"),
      ("How many dollars do 4 students pay?", "print(price * 4)")]),
    ("A recipe uses 250 grams of flour for 10 pancakes. How many grams of flour do 4 pancakes need?",
     [("A recipe uses 250 grams of flour for 10 pancakes.", "per_pancake = 250 / 10"),
      ("How many grams of flour do 4 pancakes need?", "print(per_pancake * 4)")]),
]
SYSTEM = "Write a Python program that solves the problem. Under each sentence, write one line of code."
OPEN, CLOSE = "```python\n", "```"

#: operands of one line are put in every order (n! orders): more than this and the line is
#: written under a looser grammar (any of them, up to that many terms)
MAX_ORDERED = 4
#: numbers in a question beyond this: not a short word problem
MAX_NUMBERS = 8
#: tokens for one line of code
LINE_TOKENS = 48

#: numbers a story writes as words, and those a word implies ("25%" is 25 of 100, "half" is a
#: division by 2): each is an operand of its clause like a written number ("one" is left out:
#: it is more often a pronoun, "each one")
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "twice": 2, "double": 2, "half": 2, "triple": 3,
                "dozen": 12}
_PERCENT = re.compile(r"%|\bper ?cent\b", re.IGNORECASE)
#: a question asking for a quantity (not "Who is older?" or "Which box is heavier?")
_QUANTITY = re.compile(r"\bhow (?:many|much|old|long|far|tall|fast|heavy|often)\b|\bwhat(?:'s| \w+)? percent"
                       r"|\bwhat\b.*\b(?:total|number|cost|price|sum|amount|average|age|area|difference|profit|"
                       r"value|speed|distance|length|score|weight|time)\b", re.IGNORECASE)
#: a clause that compares with an earlier quantity defines a new one ("2 fewer than Dalia",
#: "twice as many"): it is no update of the old one, which the question may still need
_COMPARES = re.compile(r"\bthan\b|\bas (?:many|much|old|long|tall|far|heavy|big)\b|\btimes as\b|"
                       r"\b(?:double|twice|triple|treble|half|times) (?:that|this)\b", re.IGNORECASE)
_REFERENCE = re.compile(r"\b((?:the|these|those|all|both) )(?:\d+|" + "|".join(NUMBER_WORDS) + r") (?=[a-z])",
                        re.IGNORECASE)
_BUYS = re.compile(r"\b(?:buy|buys|bought|buying|purchas(?:e|es|ed|ing))\b", re.IGNORECASE)
_MORE_THAN = re.compile(r"\bhow (?:many|much) (?:more|fewer|less)\b.*\bthan\b", re.IGNORECASE)
_MORE_FEWER = re.compile(r"\s*\$?\d[\d,.]*\s+(?:more|fewer|less)\s+[a-z]+", re.IGNORECASE)
#: a question for the whole story's total ("How many ... in all?", "together")
TOTAL = re.compile(r"\b(?:in total|altogether|in all|combined|together|both|total|every|all (?:the|of))\b",
                   re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z$\d])")
_CLAUSE = re.compile(r",\s+(?:then\s+|and\s+)?|\s+(?:and then|then|and)\s+")


def operands(text: str) -> list[str]:
    """The numbers of ``text``: written in digits, then in words (:data:`NUMBER_WORDS`)."""
    found = number_sequence(text)
    found += [str(NUMBER_WORDS[m.group(0)]) for m in number_words(text, NUMBER_WORDS)]
    return found + ["100"] * len(_PERCENT.findall(text))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]


def clauses(sentence: str) -> list[str]:
    """The sentence cut at commas and at "and" / "then" where every piece keeps a number
    ("saves $28 every week for 5 weeks, then spends $49" is two steps)."""
    cuts = [(m.start(), m.end()) for m in _CLAUSE.finditer(sentence)]
    spans = [(a[1], b[0]) for a, b in zip([(0, 0), *cuts], [*cuts, (len(sentence), len(sentence))])]
    out: list[tuple[int, int]] = []
    def counts(text: str) -> bool:  # a number, or a fraction in words ("a third of the boxes")
        return bool(operands(text)) or _FRACTION.search(text) is not None
    for start, end in (span for span in spans if span[1] > span[0]):
        if out and (not counts(sentence[start:end]) or not counts(sentence[slice(*out[-1])])):
            out[-1] = (out[-1][0], end)  # joined with the words between them as written
        else:
            out.append((start, end))
    return [sentence[start:end] for start, end in out]


#: "If Ada reads 13 pages a day for 9 days, how many pages are left?": the condition is a step
_CONDITION = re.compile(r"^((?:if|when|since|after)\s+.+?),\s+((?:how|what|then how)\b.*)$", re.IGNORECASE)
#: "How many bows can Idris make if each bow needs 40 cm?": the same, told after the question
_CONDITION_AFTER = re.compile(r"^((?:how|what)\b.*?)\s+if\s+(.+?)\s*\?$", re.IGNORECASE)


def pieces(question: str) -> list[str]:
    """The question as the program's comments: its clauses, then its last sentence whole
    (a condition before its question word a step of its own)."""
    found = sentences(question)
    last = _CONDITION.match(found[-1]) if found else None
    after = _CONDITION_AFTER.match(found[-1]) if found else None
    if last and operands(last.group(1)):
        ending = [last.group(1), last.group(2)]
    elif after and operands(after.group(2)) and not operands(after.group(1)):
        ending = [after.group(2)[0].upper() + after.group(2)[1:] + ".", after.group(1) + "?"]
    else:
        ending = found[-1:]
    return [c for s in found[:-1] for c in clauses(s)] + ending


def word_problem(question: str) -> bool:
    """A story with two numbers or more (up to :data:`MAX_NUMBERS`) told over two sentences
    or more, ending in a question for a quantity ("How many ...?", "What is the total ...?"),
    that writes no arithmetic and names no operation ("the sum of ...": those go to the
    ordinary step, which copies them)."""
    found = sentences(question)
    count = len(operands(question))
    return len(found) >= 2 and found[-1].endswith("?") and _QUANTITY.search(found[-1]) is not None and \
        2 <= count <= MAX_NUMBERS and \
        any(operands(s) for s in found[:-1]) and \
        not writes_arithmetic(question) and not names_arithmetic(question)


def _lit(text: str) -> str:
    return json.dumps(text)


def orders(operands: list[str], op: str = "op") -> str:
    """GBNF alternatives: the operands in every order, each once, joined by the rule ``op``'s
    operators, flat or with one adjacent pair bracketed. More than :data:`MAX_ORDERED`: any
    of them, up to that many terms."""
    sep = f' " " {op} " " '
    if len(operands) > MAX_ORDERED:
        term = "(" + " | ".join(_lit(x) for x in sorted(set(operands))) + ")"
        return f"{term} ({sep} {term}){{0,{len(operands) - 1}}}"
    alts: set[str] = set()
    for order in itertools.permutations(operands):
        lits = [_lit(x) for x in order]
        alts.add(sep.join(lits))
        if len(lits) > 2:
            for i in range(len(lits) - 1):
                alts.add(sep.join(lits[:i] + [f'"(" {lits[i]}{sep}{lits[i + 1]} ")"'] + lits[i + 2:]))
    return " | ".join(sorted(alts))


def _ops(rule: str, allowed: str = ALL) -> str:
    return f"{rule} ::= " + " | ".join(_lit(o) for o in allowed)


_OP = _ops("op")


def line_grammar(numbers: list[str], names: list[str], ops: Ops | None = None) -> str:
    """GBNF of the line under a clause: ``name = <its numbers[, one name]>`` or
    ``name op= <its numbers>``. With a prior from the clause's words (:class:`Ops`), the
    operators are those it allows, an earlier name comes first (``age + 12``, ``total - 49``)
    and a clause that relates to an earlier quantity must use one."""
    if ops is not None and not ops.free:
        return _prior_grammar(numbers, names, ops)
    alts = [orders(numbers)] + [orders(numbers + [n]) for n in names]
    rules = ['root ::= (assign' + (" | update" if names else "") + ') "\\n"',
             'assign ::= name " = " (' + " | ".join(f"({a})" for a in alts) + ")",
             _OP, "name ::= [a-z_] [a-z0-9_]{0,30}"]
    if names:
        rules.append("update ::= (" + " | ".join(_lit(n) for n in names) + ') " " op "= " (' + orders(numbers) + ")")
    return "\n".join(rules)


def _prior_grammar(numbers: list[str], names: list[str], ops: Ops) -> str:
    own = orders(numbers, "iop")
    group = own if len(numbers) == 1 else f'"(" ({own}) ")"'
    alts = [] if ops.relates and names else [f"({own})"]
    for n in names:
        alts.append(f'{_lit(n)} " " nop " " {group}')
        if not set(ops.outer) - set("+*"):  # commutative: the name may come second
            alts.append(f'{group} " " nop " " {_lit(n)}')
    rules = ['root ::= (' + " | ".join((["assign"] if alts else []) + (["update"] if names else [])) + ') "\\n"',
             _ops("iop", ops.inner), _ops("nop", ops.outer), "name ::= [a-z_] [a-z0-9_]{0,30}"]
    if alts:
        rules.append('assign ::= name " = " (' + " | ".join(alts) + ")")
    if names:
        rules.append("update ::= (" + " | ".join(_lit(n) for n in names) + ') " " nop "= " (' + own + ")")
    return "\n".join(rules)


def print_grammar(operands: list[str], allowed: str = ALL) -> str:
    """GBNF of the rest of ``print(``: the operands, each once, joined by the ``allowed``
    operators, and the closing bracket."""
    return f'root ::= ({orders(operands)}) ")\\n"\n{_ops("op", allowed)}'


def messages(question: str) -> list[Message]:
    """The prompt: the instruction, the worked examples, the question (the reply is the program)."""
    out = [Message.system(SYSTEM)]
    for q, lines in EXAMPLES:
        code = "".join(f"# {s}\n{line}\n" for s, line in lines)
        out += [Message.user(q), Message.assistant(OPEN + code + CLOSE)]
    return out + [Message.user(question)]


def _uses(expr: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", expr) is not None


def _asking(question: str) -> str:
    """The question with the sentences without numbers just before it ("Ada counts every
    fish in the pond. What number does Ada get?")."""
    found = sentences(question)
    start = len(found) - 1
    while start > 0 and not operands(found[start - 1]):
        start -= 1
    return " ".join(found[start:])


_AUXILIARIES = frozenset("is are was were be been has have had will would can could do does did get gets got".split())


_NOT_CONTENT = frozenset(
    "how many much what which who when where why more fewer less than as twice times half many does do did will "
    "would can could should is are was were be been has have had get gets got the a an of in on at to for from "
    "with and or but each every this that these those it its they them their he she his her we you all some".split())


def _content(text: str) -> set[str]:
    return {singular(w) for w in re.findall(r"[a-z]+", text.casefold()) if w not in _NOT_CONTENT} - set(NUMBER_WORDS)


def _singles_out(asking: str, comparisons: list[tuple[str, str]]) -> bool:
    """True when the question names one side of a comparison: a word of the comparing clause
    that the story before it lacks ("Ann has 7 books. Sam has twice as many books as Ann. How
    many books does Sam have?"); not when it speaks of neither ("... in the three days?")."""
    words = _content(asking)
    return any((_content(new) - _content(old)) & words for new, old in comparisons)


def _verbless(clause: str) -> bool:
    """No verb of its own: no auxiliary, no word in -ed ("27 rolls in the afternoon", not
    "73 seats are already taken")."""
    words = re.findall(r"[a-z]+", clause.casefold())
    return not any(w in _AUXILIARIES or (len(w) > 4 and w.endswith("ed")) for w in words)


def _joins(clause: str, quantities: list[Quantity], unused: list[Quantity]) -> bool:
    """True when a clause with no verb and no word for an operation counts the same plain
    things as a value no line has used yet: amounts of one thing joined in one sentence are
    parts of a whole ("45 rolls in the morning and 27 rolls in the afternoon")."""
    plain = [q.unit for q in quantities if q.unit.plain]
    dimension = re.search(r"\b(?:long|wide|high|deep|tall|thick)\b", clause, re.IGNORECASE)  # "6 metres wide"
    return len(plain) == len(quantities) == 1 and _verbless(clause) and not dimension and \
        any((not u.unit.rate or u.unit.loose) and u.unit.noun & plain[0].noun for u in unused)


def _amount(quantities: list[Quantity], inner: str) -> bool:
    """True when the clause's own numbers count plain things (no rate, no multiplier), alone
    or combined ("23 penguins"; "The 3 seals eat 9 fish each": 27 fish)."""
    for template in sequences(len(quantities), inner):
        result = evaluate(template, quantities)
        if result is not None and result[1].plain and result[1] != RATIO:
            return True
    return False


_HALF_OF = re.compile(r"\bhalf\s+of\b", re.IGNORECASE)
_THAN = re.compile(r"\b(?:than|as)\b", re.IGNORECASE)


def _named_after_than(clause: str, names: list[str], said: dict[str, str]) -> list[str]:
    """The names whose clause shares a word with what a comparison compares with ("older than
    the cousin": the name written under "Jasper's cousin is twice as old")."""
    found = _THAN.split(clause)  # after the last: "half as long as the second"
    if len(found) < 2:
        return []
    words = _content(" ".join(found[-1].split()[:3]))
    # "Olga's older sister" tells of the sister: a possessive names no one compared with
    return [n for n in names if n in said and words & _content(re.sub(r"\b\w+'s\b", " ", said[n]))]


def _leaving_out(values: list[Quantity], named: int, allowed: str, asking: str, counting: bool,
                 alone: set[str]) -> Choices | None:
    """The print's choices without one of the first ``named`` values that a sentence told in
    passing (``alone``: a number on its own that no line used) and that plainly counts other
    things than the question asks for, and that no rate among them is per."""
    wanted = asked(asking)
    if wanted is None or not wanted.noun:
        return None
    per = {p for q in values if q.unit.per for p in q.unit.per}
    for k, q in enumerate(values[:named] if len(values) >= 2 else []):
        u = q.unit  # not what a rate is per ("11 boxes" at "4 muffins to a box")
        if q.text in alone and u.noun and not (u.rate or u.scalar or u.money or u.noun & wanted.noun or u.noun & per):
            choices = print_choices(values[:k] + values[k + 1:], allowed, asking, counting, strict_only=True)
            if choices:
                return choices
    return None


_LEFT = re.compile(r"\b(?:left|remain(?:s|ing)?|still)\b|\bhow (?:many|much) more\b.*\bneed", re.IGNORECASE)


def _what_is_left(values: list[Quantity], allowed: str, asking: str, counting: bool) -> Choices | None:
    """"How many pieces are still left?" over three values or more, all counting one kind of
    thing: the first told, less each told after it, where that makes sense (the whole, then
    its parts: "a 750-piece jigsaw ... fitted 42 ... twice as many on Sunday")."""
    if len(values) < 3 or "-" not in allowed or not _LEFT.search(asking) or \
            any(v.unit.rate or v.unit.scalar for v in values):
        return None
    template = " - ".join(f"v{k}" for k in range(len(values)))
    result = evaluate(template, values, counting)
    if result is None or not result[1].known or not answers(result[1], asking) or (counting and not whole(result[0])):
        return None
    return Choices({render(template, values): result}, {})


def _quantities(piece: str) -> list[Quantity]:
    numbers, found = operands(piece), units(piece, NUMBER_WORDS)
    return [Quantity(n, float(n), found[i] if i < len(found) else UNKNOWN) for i, n in enumerate(numbers)]


_PERCENT_OF = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:%|per ?cent\b)", re.IGNORECASE)
_DOWN = re.compile(r"\b(?:off|discount(?:ed)?|less|fewer|cheaper|lower|down|decreas(?:e|es|ed)|reduc(?:e|es|ed|tion)|"
                   r"cut|drops?|dropped|fall|falls|fell|los(?:e|es|t|s))\b", re.IGNORECASE)
_UP = re.compile(r"\b(?:more|increas(?:e|es|ed)|rais(?:e|es|ed)|rise|rises|rose|tax|tip|interest|markup|up|"
                 r"higher|grows?|grew|extra)\b", re.IGNORECASE)


#: "a quarter of", "two thirds of" (not "a third time", "a fifth grader", "a quarter past")
_FRACTION = re.compile(r"\b(a|one|two|three|four)\s+(third|quarter|fifth|sixth|eighth|tenth)s?\s+of\b", re.IGNORECASE)
_DENOMINATORS = {"third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "eighth": 8, "tenth": 10}
_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
#: the question asks for what is kept, not for the part that went
_KEPT = re.compile(r"\b(?:left|remain(?:s|ing)?|keeps?|kept|still|rest|now|sav(?:e|es|ed)|empty|unsold|unused|spare|vacant)\b",
                   re.IGNORECASE)
#: what a part was taken from, told by the clause after it: "keeps 8 pencils and shares the
#: rest", "20 kilograms are set aside, and the rest goes into dough", "all the other days"
_THE_REST = re.compile(r"\b(?:the (?:rest|remain(?:der|ing))|(?:what|that|which) (?:is|was|'s) left|(?:all )?the other\b|"
                       r"the others)", re.IGNORECASE)
#: a journey told one way that comes back: twice the distance ("comes back the same way",
#: "to school and back", "a round trip")
_BACK = re.compile(r"\b(?:back the same way|and back|there and back|round trip|both ways|return (?:journey|trip))\b",
                   re.IGNORECASE)
#: the question asks what was paid: a payment adds to that sum ("Parking costs $6 for every
#: hour, and Magnus also pays $8 for a car wash. How much does Magnus pay in total?")
_PAID_ASKED = re.compile(r"\bhow much (?:money )?(?:do|does|did|will|would|must|should) (?:\w+ ){1,2}(?:pay|spend)\b|"
                         r"\b(?:total|whole|overall) (?:cost|price|bill)\b|\bhow much (?:does|do|did|will) .* cost\b",
                         re.IGNORECASE)
_PAYS = re.compile(r"\b(?:pa(?:y|ys|id|ying)|spen(?:d|ds|t|ding))\b", re.IGNORECASE)
#: money handed over to pay ("hands over a $50 note"): what was paid with, no change of an amount
_TENDERED = re.compile(r"\$\d[\d,.]*\s+(?:note|bill)\b", re.IGNORECASE)


def _multiplier(part: str, value: float, how: str = "") -> Quantity:
    """The fraction ``part`` ("25 / 100", of ``value``) as one multiplier: itself, the rest
    ``(1 - part)`` (``how`` "-") or the whole and the part ``(1 + part)`` ("+")."""
    if how == "-":
        return Quantity(f"(1 - {part})", 1 - value, SCALAR)
    if how == "+":
        return Quantity(f"(1 + {part})", 1 + value, SCALAR)
    return Quantity(f"({part})", value, SCALAR)


def _rest(piece: str, asking: str) -> bool:
    """A part taken away ("gives a quarter of my books away") where the question asks for
    what is kept: the multiplier is the rest, 1 less the part."""
    return SUBTRACT.search(piece) is not None and _KEPT.search(asking) is not None


#: "3/4 of the rooms"
DIGIT_FRACTION = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})(?=\s+of\b)")


def fractions(piece: str, asking: str) -> list[Quantity]:
    """Each fraction the clause writes in words ("a quarter of", "two thirds of") or digits
    ("3/4 of"), as one multiplier: ``(1 / 4)``, or the rest ``(1 - 1 / 4)`` for a part taken
    away (:func:`_rest`)."""
    found = [(_NUMERATORS[m.group(1).casefold()], _DENOMINATORS[m.group(2).casefold()], m.start())
             for m in _FRACTION.finditer(piece)]
    found += [(int(m.group(1)), int(m.group(2)), m.start()) for m in DIGIT_FRACTION.finditer(piece)
              if 0 < int(m.group(1)) < int(m.group(2))]
    return [_multiplier(f"{top} / {bottom}", top / bottom, "-" if _rest(piece, asking) else "")
            for top, bottom, _ in sorted(found, key=lambda f: f[2])]


def percents(piece: str, quantities: list[Quantity], asking: str = "") -> tuple[list[Quantity], bool]:
    """Each percent of the clause as one multiplier: "25% off" is ``(1 - 25 / 100)``, "8% tax"
    ``(1 + 8 / 100)``, "40% of" ``(40 / 100)`` (the words within three of it say which; a part
    taken away, where the question asks what is kept, is the rest), in place of the percent
    and its 100. True when the clause had one: it scales a quantity."""
    out = list(quantities)
    found = False
    for m in _PERCENT_OF.finditer(piece):
        number = m.group(1).replace(",", "")
        spot = next((k for k, q in enumerate(out) if q.text == number and q.unit.scalar), None)
        hundred = next((k for k in range(len(out) - 1, -1, -1) if out[k].text == "100"), None)
        if spot is None or hundred is None or hundred == spot:
            continue
        near = " ".join(re.findall(r"\S+", piece[:m.start()])[-3:] + re.findall(r"\S+", piece[m.end():])[:3])
        how = "-" if _DOWN.search(near) or _rest(piece, asking) else "+" if _UP.search(near) else ""
        out[spot] = _multiplier(f"{number} / 100", float(number) / 100, how)
        del out[hundred]
        found = True
    return out, found


#: the name a line assigns, before its value is chosen
_NAME_GRAMMAR = 'root ::= [a-z_] [a-z0-9_]{0,30} " ="'


def _likeliest(score: Callable[[str, list[str]], list[float]], reply: str, lines: list[str], end: str) -> str:
    """Of ``lines``, the one whose text + ``end`` the model finds likeliest after ``reply`` (the
    first of equals: the lines come sorted); one line alone is not scored."""
    if len(lines) == 1:
        return lines[0]
    scores = score(reply, [line + end for line in lines])
    return lines[max(range(len(lines)), key=lambda k: (scores[k], -k))]


def write_program(question: str, continue_with: Callable[[str, str], str],
                  score: Callable[[str, list[str]], list[float]] | None = None) -> str:
    """The program for ``question``: ``continue_with(reply_so_far, grammar)`` is the model's
    continuation of its reply under a GBNF grammar. Returns the code (comments included).

    Each line is chosen among the sensible ones (:mod:`agora.agent.lines`: units that
    combine, no negative value; the print counts what the question asks for) where they can
    be written out, else under the plain grammar. With ``score(reply_so_far, lines)`` (the
    model's log-probability of each line), the likeliest whole line is chosen
    (:func:`_likeliest`), not the greedy one under the grammar."""
    question = durations(question)  # "from 10 a.m. until 2 p.m.": "for 4 hours"
    reply, code = OPEN, []
    names: list[str] = []  # every name defined
    unused: list[str] = []  # names no later line has used yet
    known: dict[str, Quantity] = {}  # each name's value and unit
    compared: set[str] = set()  # unused names only a comparison has read ("twice as many as Monday")
    alone: set[str] = set()  # names of a number an observation told on its own
    told: list[tuple[str, list[Quantity]]] = []  # each clause with its plain counts
    said: dict[str, str] = {}  # the clause each name was written under
    within: dict[str, str] = {}  # the same, with the sentence before it
    sentence = ""
    comparing: dict[str, str] = {}  # a name a comparison defined -> the story told before it
    counted: dict[str, Quantity] = {}  # each noun's last plain count, as written ("8 tanks")
    parts = pieces(question)
    found_sentences = sentences(question)
    # a clause cut from the middle of its sentence (after "and", a comma)
    continued = [k > 0 for sentence in found_sentences[:-1] for k in range(len(clauses(sentence)))]
    continued += [False] * (len(parts) - len(continued))
    asking = _asking(question)
    counting = bool(re.search(r"\bhow many\b", asking, re.IGNORECASE)) and \
        all(whole(float(n)) for n in operands(question))
    # "How many hours does the marathon last, breaks included?": a total, nothing asked taken away
    totals_only = QUESTION_ADD.search(asking) is not None and QUESTION_SUBTRACT.search(asking) is None
    wanted = asked(asking)
    ages = not ASKS_AGE.search(asking)  # an age told in passing is no operand unless the question asks of ages
    for i, piece in enumerate(parts):
        last = i == len(parts) - 1
        # the question's "the three days" names what the story told, it adds no number
        # "the number 56 bus", "1 o'clock", "since 2011", "the 13th floor"; "the 14-year-old dog"
        # where the question asks nothing about ages
        read_as = masked(piece, ages=ages)
        read_as = _REFERENCE.sub(r"\1", read_as) if last else read_as
        parts_of = [] if last else fractions(piece, asking)  # "a quarter of my books", "3/4 of the rooms"
        if parts_of:
            read_as = DIGIT_FRACTION.sub(lambda m: "#" * len(m.group(0)), read_as)
        numbers = operands(read_as) + [q.text for q in parts_of]
        if not last and not numbers:
            continue
        reply += f"# {piece}\n"
        quantities = _quantities(read_as) + parts_of
        if last:
            # a value a comparison read is printed too where the question asks for a total
            whole_story = TOTAL.search(asking) or all(n in compared for n in unused) or \
                not _singles_out(asking, [(said[n], before) for n, before in comparing.items() if n in unused])
            # "How many more did the brother collect than Olga?": Olga's value, compared with above
            than_named = _named_after_than(asking, [n for n in unused if n in compared], within)
            printed_names = [n for n in unused if whole_story or n not in compared or n in than_named]
            others = [n for n in printed_names if n not in than_named]
            if than_named and others and _MORE_THAN.search(asking):
                # a difference of two: the one named after "than" and the latest told
                printed_names = [n for n in printed_names if n in than_named[-1:] or n == others[-1]]
            printed = printed_names + numbers
            # "How many hours" where the story tells minutes only: 60 minutes an hour, unsaid
            factor = unsaid_factor(" ".join(found_sentences[:-1]), wanted.noun) if wanted and printed else None
            if len(printed) <= 1 and factor is None:
                body = (printed or names[-1:] or ["0"])[0] + ")"
            else:
                allowed = question_ops(piece)
                if any(n in compared for n in printed_names):  # every side of a comparison: their total
                    allowed = "+" if allowed == ALL else union(allowed, "+")
                values = [known[n] for n in printed_names] + quantities
                if allowed != ALL and any(v.unit.per for v in values):
                    allowed = union(allowed, "*/")  # a rate: so many per one
                # nothing sensible: without a count of other things than the question asks for
                # ("3 films" for "How many minutes"), then any operator ("still": the rest was
                # taken away above), the units still checked
                # a rate per what the question counts, used above, divides again ("Every oil
                # change uses 5 litres ... How many more oil changes can be done?")
                per_asked = [known[n] for n in names if n not in printed_names and not known[n].unit.loose and
                             wanted is not None and (known[n].unit.per or frozenset()) & wanted.noun]
                choices = _what_is_left(values, allowed, asking, counting) or \
                    print_choices(values, allowed, asking, counting, strict_only=True) or \
                    (print_choices(values + per_asked[-1:], union(allowed, "/"), asking, counting, strict_only=True)
                     if per_asked else None) or \
                    _leaving_out(values, len(printed_names), allowed, asking, counting, alone) or \
                    print_choices(values, allowed, asking, counting) or print_choices(values, ALL, asking, counting)
                if factor is not None and (choices is None or not any(answers(u, asking) and u.known for _, u in
                                                                       choices.assign.values())):
                    # nothing counts what the question asks: in another unit of the same measure
                    with_factor = union(allowed, "*/")
                    choices = print_choices(values + [factor], with_factor, asking, counting, strict_only=True) or choices
                if choices and score is not None:
                    bodies = sorted(choices.assign)
                    body = _likeliest(score, reply + "print(", bodies, ")\n") + ")"
                else:
                    grammar = choices.print_grammar() if choices else print_grammar(printed, allowed)
                    body = continue_with(reply + "print(", grammar).strip()
            line = "print(" + body
        else:
            back = _BACK.search(piece) is not None and len(numbers) == 1
            if back:  # "drives to a lake 260 km away and comes back the same way": 260 * 2
                numbers, quantities = numbers + ["2"], quantities + [Quantity("2", 2.0, SCALAR)]
            ops = clause_ops(piece, " ".join(parts[:i]), len(numbers))
            if ops.outer == ALL and totals_only:  # no word takes away, and the question asks a total
                ops = Ops(outer="+*/", inner=ops.inner, relates=ops.relates)
            if back:
                ops = Ops(outer=ops.outer, inner="*", relates=ops.relates)
            if "-" in ops.outer and _PAID_ASKED.search(asking) and _PAYS.search(piece) and \
                    not SUBTRACT.search(_PAYS.sub(" ", piece)):
                ops = Ops(outer=ops.outer.replace("-", "+"), inner=ops.inner, relates=ops.relates)
            tendered = _TENDERED.search(piece) is not None
            if tendered:  # "hands over a $50 note": the money paid with, a value of its own
                ops = Ops()
            if unused and (not ops.relates or "-" not in ops.outer) and (
                    (i + 1 < len(parts) and _THE_REST.search(parts[i + 1])) or
                    ((m := _THE_REST.search(read_as)) and not operands(read_as[m.end():]))):
                # the part taken before "the rest": "keeps 8 pencils on the desk and shares the rest"
                ops = Ops(outer="-", inner=ops.inner, relates=True)
            quantities, scaled = percents(piece, quantities, asking)
            if scaled or parts_of:  # "takes 25% off the price": price * (1 - 25 / 100)
                ops = Ops(outer="*", inner="*", relates=True)
            plain = quantities
            quantities = per_counted(quantities, counted, [known[n] for n in unused])
            parted = part_of_earlier(piece, quantities, told)
            if parted != quantities:  # the words of "half of the empty ones" are no operation now
                ops = clause_ops(PART_OF.sub(" ", piece), " ".join(parts[:i]), len(numbers))
            quantities = parted
            half = next((k for k, q in enumerate(quantities) if q.text == "2" and q.unit.scalar), None)
            if half is not None and _HALF_OF.search(piece) and _rest(piece, asking):
                # "half of the passengers get off ... How many are still on?": the rest, kept
                quantities = quantities[:half] + [_multiplier("1 / 2", 0.5, "-")] + quantities[half + 1:]
                ops = Ops(outer="*", inner="*", relates=True)
            if _BUYS.search(piece) and quantities and all(q.unit.money for q in quantities) and \
                    wanted is not None and wanted.money and _KEPT.search(asking):
                # "bought a bike that cost $112 ... How much money is left?": the money goes
                ops = Ops(outer="-", inner=ops.inner, relates=True)
            if SELLS.search(piece) and "-" in ops.outer and any(q.unit.money for q in quantities):
                # "sells 8 books at $2 each": the goods go, the money comes in
                ops = Ops(outer=ops.outer.replace("-", "+"), inner=ops.inner, relates=ops.relates)
            if set(ops.outer) & set("+-") and ops.relates:  # a change told in what a rate is per: "6 boxes sold"
                quantities = in_rate_units(quantities, known, unused)
            if ops.free and continued[i] and _joins(piece, quantities, [known[n] for n in unused]):
                # "45 rolls ... and 27 rolls ...": they add up, unless the verb left out takes
                # away ("A third of the boxes are dropped at the first shop, and 40 at the second")
                before = clause_ops(_FRACTION.sub(" ", parts[i - 1]), "", 1)
                taken = before.relates and "-" in before.outer and "+" not in before.outer
                ops = Ops(outer="-" if taken else "+", inner=ops.inner, relates=True)
            # "26 chocolate cookies and 4 fewer oatmeal cookies": a bare "N more/fewer things" cut
            # from its sentence compares with the amount before it (with a verb, "bought 15 more", adds)
            compares = _COMPARES.search(piece) is not None or \
                (continued[i] and _MORE_FEWER.match(piece) is not None)
            # a line builds on what no line has used yet, or on a rate (a price serves many lines)
            earlier = [known[n] for n in names if n in unused or (known[n].unit.rate and not known[n].unit.loose)]
            # no word of change: the clause tells how many there are (an observation), a new
            # quantity, or so many of what an earlier rate counts per; it changes no amount
            no_cue = ops.outer == ALL or (totals_only and ops.outer == "+*/")
            observes = tendered or (no_cue and not ops.relates and not compares and _amount(quantities, ops.inner))
            if len(quantities) == 1 and (per := quantities[0].unit.per) and not compares and \
                    sum(1 for n in unused if known[n].unit.noun & per and not known[n].unit.per) >= 2:
                # "8 cars on Monday, twice as many on Tuesday. Each car gets 4 tyres": the rate
                # serves both amounts, so it is a value of its own for the print, no update
                observes, earlier = True, []
            if observes:
                earlier = [q for q in earlier if q.unit.rate]
            if compares and (named := _named_after_than(piece, [n for n in names if known[n] in earlier], within)):
                # "37 years older than the cousin": the cousin's value; of several, the latest
                # ("fitted 42 pieces that day ... twice as many as on Saturday")
                earlier = [known[n] for n in named[-1:]]
            updates = not compares and not observes
            choices = line_choices(quantities, earlier, ops, updates, counting)
            if choices is None and not ops.free:  # nothing sensible: the name second ("48 - cost"), then no prior
                choices = line_choices(quantities, earlier, ops, updates, counting, either_side=True) or \
                    line_choices(quantities, earlier, Ops(outer="+*/") if totals_only else Ops(), updates, counting)
            if choices and score is not None:
                # the name is the model's (greedy), then the likeliest of the whole lines
                name = continue_with(reply, _NAME_GRAMMAR).strip().rstrip("=").strip() if choices.assign else ""
                offered = [f"{name or 'value'} = {rhs}" for rhs in sorted(choices.assign)] + sorted(choices.update)
                line = _likeliest(score, reply, offered, "\n")
            else:
                line = continue_with(reply, choices.grammar() if choices else line_grammar(numbers, names, ops)).strip()
            target, sign, expr = re.split(r"\s*([-+*/]?=)\s*", line, maxsplit=1)
            chosen = (choices.assign.get(expr) if sign == "=" else choices.update.get(line)) if choices else None
            if chosen is None:
                value = value_of(expr if sign == "=" else f"{target} {sign[0]} ({expr})",
                                 {n: q.value for n, q in known.items()})
                chosen = (value, UNKNOWN)
            read = [n for n in unused if _uses(expr, n)]
            for name in read:
                if compares:  # read, not used up: the question may want it again
                    compared.add(name)
                else:
                    unused.remove(name)
                    compared.discard(name)
            if sign == "=":
                if keyword.iskeyword(target) or hasattr(builtins, target):  # `sum = ...`, `print = ...`
                    target += "_value"
                if target in names and (not _uses(expr, target) or compares or
                                        not same_kind(known[target].unit, chosen[1])):
                    # a value written over before it was used, compared with, or of another kind
                    # (`rate = 8 * rate`: the rate is still needed): kept, the new one renamed
                    k = 2
                    while f"{target}_{k}" in names:
                        k += 1
                    target = f"{target}_{k}"
                line = f"{target} = {expr}"
                if target not in names:
                    names.append(target)
                if target not in unused:
                    unused.append(target)
                compared.discard(target)
            said[target] = piece
            sentence = f"{sentence} {piece}" if continued[i] else piece
            within[target] = sentence  # the clause with its sentence before it ("... on Saturday and fitted 42")
            if observes and sign == "=" and re.fullmatch(r"\d[\d.]*", expr):
                alone.add(target)  # "The sign took Kasper 50 minutes to paint."
            else:
                alone.discard(target)
            if compares and read:
                comparing[target] = " ".join(parts[:i])
            known[target] = Quantity(target, chosen[0], chosen[1])
            counts = [q for q in plain if q.unit.plain]
            counted.update({noun: q for q in counts for noun in q.unit.noun})
            told.append((piece, counts))
        reply += line + "\n"
        code.append(f"# {piece}\n{line}")
    return "\n".join(code) + "\n"


__all__ = ["word_problem", "pieces", "write_program", "messages", "line_grammar", "print_grammar"]
