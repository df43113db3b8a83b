"""Which operations a word problem's clause can mean, from its words (a prior for the program).

SmolLM2-135M, writing one line of code under each clause (:mod:`agora.agent.program`),
chooses the operator badly: it multiplied where a story shares "equally among 6 friends",
added where a story says "spends $49", and wrote "17 - age" for "17 years older". Early
solvers of arithmetic word problems (Hosseini et al. 2014, "Learning to Solve Arithmetic
Word Problems with Verb Categorization") showed that a verb's category (a transfer out, a
transfer in, ...) mostly fixes the operation. Here the categories are small English
lexicons, not the benchmark's stories:

- ``outer``: how a clause changes a quantity defined before it ("spends" subtracts, "older"
  adds, "among" divides; a count in the unit of an earlier rate multiplies: "8 hours" after
  "11 parts per hour");
- ``inner``: how the clause's own numbers combine ("9 notebooks at $13 each", "15 rows of 22
  seats", "$28 every week for 5 weeks" multiply).

A clause none of the lexicons speaks of keeps every operator: the prior narrows the model's
choice only where the words are plain, and never chooses the operands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALL = "+-*/"


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


_SELL = r"s(?:old|ells?|elling)"
#: a sale: the goods go (SUBTRACT), the money comes in
SELLS = _words(_SELL)
#: a quantity goes down (a transfer out, a loss, a smaller comparison)
SUBTRACT = _words(
    r"spen(?:d|ds|t|ding)", r"los(?:e|es|t|ing)", r"ate|eats?|eaten|eating", _SELL,
    r"(?:give|gives|gave|given|throws?|threw|takes?|took|gets?|got|gave) (?:away|off|out)",
    # the particle after the things moved ("takes 3 jars away", "gave most of them away")
    r"(?:giv(?:e|es|en|ing)|gave|throws?|threw|tak(?:e|es|en|ing)|took|sen(?:d|ds|t))(?: \S+){1,4} away",
    r"donat(?:e|es|ed|ing)", r"remov(?:e|es|ed|ing)", r"broken|breaks?|broke|cracked|rotten|spoil(?:ed|s)?",
    r"damaged|missing|stolen|steals?|stole|lea(?:ve|ves|ving)|left|absent|taken|occupied|booked", r"withdr(?:aw|aws|ew)",
    r"pa(?:y|ys|id)", r"fewer|less|younger|shorter|cheaper|lighter|smaller|slower", r"off|discount",
    r"empty|minus|subtract(?:s|ed)?|decreas(?:e|es|ed)", r"di(?:e|es|ed)|escap(?:e|es|ed)|drops?|dropped",
    r"us(?:es|ed) up|burn(?:s|ed|t)?|melt(?:s|ed)?|return(?:s|ed)? \w+ to",
    # handing things on to someone, and things going out of a container (general transfer verbs)
    r"(?:give|gives|gave|giving|lend|lends|lent|send|sends|sent|pass(?:es|ed)?|hand(?:s|ed)?|mail(?:s|ed)?)"
    r"(?: \S+){0,6} to",
    r"(?:hand(?:s|ed)?|pass(?:es|ed)?|leak(?:s|ed)?|pour(?:s|ed)?|spill(?:s|ed)?|drain(?:s|ed)?|fall(?:s)?|fell|"
    r"r(?:un|uns|an)|fl(?:y|ies|ew)|wash(?:es|ed)?|blow(?:s|n)?|blew|len(?:d|ds|t)|giv(?:e|es|en)|gave|"
    r"check(?:s|ed)|sen(?:d|ds|t)) (?:away|out|off)",
    r"pop(?:s|ped)?|burst(?:s)?|crash(?:es|ed)?|wilt(?:s|ed)?|sank|sinks?|shr(?:ink|inks|ank)",
    r"(?:is|are|was|were|get|gets|got) (?:borrowed|adopted)|destroy(?:s|ed)?|ruin(?:s|ed)?|kill(?:s|ed)?",
)
#: "break" the noun: a pause ("takes a 30-minute break", "before the break", "lunch break")
_BREAK_NOUN = re.compile(r"\b(?:a|an|the|his|her|their|my|our|lunch|short|long|coffee|tea|\d+[- ](?:minute|hour|day)s?)"
                         r"\s+break\b", re.IGNORECASE)
#: a quantity goes up (a transfer in, a gain, a larger comparison, a later age)
ADD = _words(
    r"more|older|taller|longer|heavier|bigger|faster|later", r"gets? on|got on|boards?|boarded|joins?|joined",
    r"receiv(?:e|es|ed)", r"f(?:ind|inds|ound)", r"earn(?:s|ed)?", r"plus|bonus|extra|additional|another",
    r"add(?:s|ed)?", r"gain(?:s|ed)?", r"arriv(?:e|es|ed)", r"deposit(?:s|ed)?", r"increas(?:e|es|ed)",
    r"gr(?:ow|ows|ew)", r"(?:comes?|came|br(?:ing|ings|ought)) back|(?:is|are|was|were) returned",
    r"collect(?:s|ed)?", r"in \d+ (?:more )?years?", r"refill(?:s|ed)?|restock(?:s|ed)?|top(?:s|ped)? up",
    r"pour(?:s|ed)? in(?:to)?|(?:are|is|were|was) (?:poured|added) in(?:to)?|fill(?:s|ed)? up",
    r"w(?:in|ins|on)|borrow(?:s|ed)? (?:\S+ ){0,3}from|(?:come|comes|came) in",
)
#: the clause's numbers, or the quantity before it, are shared out
DIVIDE = _words(r"equally|evenly|among|split(?:s|ting)?|shar(?:e|es|ed|ing)|half|halves|halved",
                r"(?:in|into) (?:\w+ ){0,2}of \d[\d,.]*", r"(?:cut|divided|broken|sorted) (?:\w+ ){0,2}into")
#: the clause's own numbers multiply ("at $13 each", "rows of 22", "every week for 5 weeks")
TIMES = _words(r"each|per|every|times|twice|double|triple|doubles|tripled?", r"at \$?\d[\d,.]*",
               r"\d[\d,.]* (?:\w+ ){1,2}of \$?\d[\d,.]*", r"an? (?:minute|hour|day|week|month|year)",
               r"for \d[\d,.]* (?:minutes?|hours?|days?|weeks?|months?|years?|nights?)")
#: a rate's unit: "per hour", "each box", "every week", "a day"
_RATE = re.compile(r"\b(?:per|each|every)\s+([a-z]+)|\ban?\s+(minute|hour|day|week|month|year|night)\b",
                   re.IGNORECASE)
_COUNT = re.compile(r"\d[\d,.]*\s+([a-z]+)", re.IGNORECASE)

#: the question asks for what remains or a difference
QUESTION_SUBTRACT = _words(r"left|remain(?:s|ing)?|how (?:many|much) (?:more|fewer|less|longer|older)",
                           r"difference|change|still|not|yet|rest|others|after (?:paying|spending|buying)|profit",
                           # what is not taken or used: the whole less what is ("How many empty seats")
                           r"empty|unsold|unused|spare|vacant|available")
QUESTION_ADD = _words(r"in total|altogether|in all|combined|together|both|whole|entire|overall|included|including",
                      r"in \d+ years?")
QUESTION_DIVIDE = _words(r"each|average|per")


@dataclass(frozen=True)
class Ops:
    """The operators a line may use: ``outer`` between an earlier name and the clause's
    value, ``inner`` among the clause's own numbers; ``relates`` when the clause speaks of a
    quantity defined before it (it must use a name when there is one)."""
    outer: str = ALL
    inner: str = ALL
    relates: bool = False

    @property
    def free(self) -> bool:
        return self.outer == ALL and self.inner == ALL and not self.relates


def _singular(word: str) -> str:
    word = word.casefold()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def rate_units(text: str) -> set[str]:
    """The units ``text`` gives a rate in ("11 parts per hour": hour)."""
    return {_singular(a or b) for a, b in _RATE.findall(text)}


def union(*parts: str) -> str:
    """The operators in any of ``parts``, in :data:`ALL`'s order."""
    return "".join(op for op in ALL if any(op in p for p in parts))


def clause_ops(clause: str, earlier: str, numbers: int) -> Ops:
    """The operators the clause's words allow, given the story's ``earlier`` clauses and the
    count of the clause's own numbers."""
    clause = _BREAK_NOUN.sub(" ", clause)  # "a 25-minute break" is a pause, nothing broken
    outer = union("-" if SUBTRACT.search(clause) else "", "+" if ADD.search(clause) else "",
                   "/" if DIVIDE.search(clause) else "")
    counted = {_singular(w) for w in _COUNT.findall(clause)}
    if counted & rate_units(earlier) or (numbers == 1 and TIMES.search(clause)):
        outer = union(outer, "*")  # "8 hours" after "per hour"; "each plant gives 5"
    inner = ALL
    if numbers >= 2:
        found = union("*" if TIMES.search(clause) else "", "/" if DIVIDE.search(clause) else "")
        inner = found or ALL
    return Ops(outer=outer or ALL, inner=inner, relates=bool(outer))


def question_ops(question: str) -> str:
    """The operators the question's words allow between the values it prints."""
    found = union("-" if QUESTION_SUBTRACT.search(question) else "",
                   "+" if QUESTION_ADD.search(question) else "",
                   "/" if QUESTION_DIVIDE.search(question) else "",
                   "*" if TIMES.search(question) and not QUESTION_DIVIDE.search(question) else "")
    return found or ALL


__all__ = ["SELLS", "Ops", "clause_ops", "question_ops", "rate_units", "union", "ALL", "QUESTION_ADD",
           "QUESTION_SUBTRACT"]
