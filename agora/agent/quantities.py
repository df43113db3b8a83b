"""What a word problem's numbers count, and which combinations of them make sense.

Writing a word problem's program line by line (:mod:`agora.agent.program`), SmolLM2-135M
multiplied litres by litres ("a tank holds 158 litres, 13 leak out, 36 are poured in" became
``158 * 13 * 36``), added dollars to hours and printed a negative count of change. Solvers of
arithmetic word problems type each number by what it counts (Roy & Roth 2017, "Unit
Dependency Graph and its Application to Arithmetic Word Problem Solving"): the rules are
those of dimensional analysis, which hold for any story, not for a benchmark's stories.

- A number counts the noun written after it ("13 litres", "16 red balloons"); ``$`` counts
  money; a rate counts one noun per another ("$11 an hour", "parts per hour", "43 flyers
  each", "A crate holds 24 oranges"); "twice", "3 times" and "%" are plain multipliers.
- Things of one kind add and subtract; money never adds to other things, nor a measure
  (hours, litres, metres) to another measure; a count never multiplies a count of the same
  thing; a rate times a count of what it is per gives what it counts; dividing things by
  the things a rate counts gives what the rate is per.
- What the question asks for ("How many dollars", "How old") is what the last line must count.

A number whose noun is not read counts "something": every combination with it is allowed, so
the rules only narrow the model's choice where the words are plain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from agora.agent.copying import NUMBER

MONEY = "$"
#: units of measure: two different ones never add ("3 hours + 5 litres")
MEASURES = frozenset(
    "second minute hour day week month year night metre meter kilometre kilometer km mile foot feet inch yard "
    "centimetre centimeter cm millimetre mm litre liter millilitre ml gallon gram kilogram kg pound ounce "
    "ton tonne cup".split())
#: lengths, whose product is an area
LENGTHS = frozenset("metre meter kilometre kilometer km mile foot feet inch yard centimetre centimeter cm".split())
#: words after a number that are no noun of it
_MODIFIERS = frozenset(
    "more fewer less extra other full empty loose whole new old same different small big large little "
    "long tall short wide high deep heavy light".split())
_STOP = frozenset(
    "of in on at to for from with and or but per each every a an the is are was were be been has have had "
    "that which who this these those it its their his her them they he she we you i by as than into onto "
    "over under about after before then so if when while there here all some any".split())
#: "A crate holds 24 oranges", "Each box has 12 eggs", "A pack of pencils costs $8"
_VERBS = (r"holds?|contains?|costs?|weighs?|carries|carry|takes?|uses?|needs?|gives?|makes?|fits?|seats?|"
          r"sells?\s+for|is\s+worth")
#: the words between a number and its rate's unit are words, not another number ("3 hours at
#: 40 kilometres per hour": the hours are no rate)
_RATE_AFTER = re.compile(r"^\s*(?:[a-z']+\s+){0,4}?(per|every|each|an?)\s+([a-z]+)", re.IGNORECASE)
_EACH_AFTER = re.compile(r"^\s*(?:[a-z']+\s+){0,3}?each\b(?!\s+\$?\d)", re.IGNORECASE)  # not "each 90 minutes"
_PER_SLASH = re.compile(r"^\s*(?:([a-z]+)\s*/\s*([a-z]+)\b|(mph|kph)\b)", re.IGNORECASE)
_SPEEDS = {"mph": ("mile", "hour"), "kph": ("km", "hour")}
#: kinds of people: each is also a person, so pupils and adults add up, and a rate "each"
#: (of them), "everyone" or "per person" serves any of them
PERSON = "person"
_PEOPLE = frozenset("person people pupil student child children kid adult grown-up guest friend teacher player member "
                    "neighbour neighbor worker visitor passenger camper boy girl man men woman women parent volunteer "
                    "customer runner rider swimmer dancer singer scout cousin sibling brother sister classmate "
                    "colleague employee staff".split())
_EVERYONE = re.compile(r"\b(?:everyone|everybody|each of them|each person|per person|a head|per head)\s+"
                       r"(?:[a-z]+\s+){0,2}$", re.IGNORECASE)


def _people(words: frozenset[str]) -> frozenset[str]:
    return words | {PERSON} if words & _PEOPLE else words


_PER_WORDS = {"h": "hour", "hr": "hour", "min": "minute", "s": "second", "sec": "second"}
_OF_THE_AFTER = re.compile(r"^\s*of\s+(?:the|his|her|their|its|our|my|these|those)\s+(?:[a-z]+'s\s+)?(.*)$",
                           re.IGNORECASE | re.DOTALL)
#: "10 minutes to finish a crossword puzzle", "3 cups of flour to make one cake": per puzzle, per cake
_TO_DO_ONE = re.compile(r"^\s*(?:[a-z]+\s+){1,3}?to\s+[a-z]+\s+(?:a|an|one|each)\s+(.*)$", re.IGNORECASE | re.DOTALL)
#: "4 to a box", "6 to each table": so many per box (not after a verb of giving: "gave 6 to a
#: brother" is a gift, "gave 2 to each friend" a rate)
_TO_EACH = re.compile(r"^\s*to\s+(?:(each|every)|a|an)\s+([a-z]+)", re.IGNORECASE)
_GIVING = re.compile(r"\b(?:giv(?:e|es|en|ing)|gave|hand(?:s|ed)?|sen(?:d|ds|t)|len(?:d|ds|t)|pass(?:es|ed)?|"
                     r"mail(?:s|ed)?|donat(?:e|es|ed)|throws?|threw|shows?|showed|feeds?|fed|pays?|paid|"
                     r"offer(?:s|ed)?|owes?|owed|adds?|added)\b", re.IGNORECASE)
#: "Every one of the 8 tanks at the shop holds 14 fish": so many per tank
_OF_THE = re.compile(r"\b(?:each|every)(?:\s+one)?\s+of\s+(?:the|its|their|his|her|our|my|these|those)\s+"
                     rf"(?:\d[\d,]*\s+)?([a-z]+)(?:\s+[a-z']+){{0,6}}?\s+(?:has|have|{_VERBS})\s+$",
                     re.IGNORECASE)
#: "each one eats 5 fish", "every child gets 3 stickers": so many per one of them
_EACH_BEFORE = re.compile(r"\b(?:each|every)\s+([a-z]+)\s+((?:[a-z]+\s+){1,3})$", re.IGNORECASE)
#: "each cut into 6 slices", "each filled with 12 eggs": so many per one of those just named
_EACH_DONE = re.compile(r"\b(?:each|every one)\s+(?:cut|split|sliced|divided|broken|packed|filled|stuffed|loaded)"
                        r"\s+(?:into|in|with)\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)
#: words that put a time or a place right after "every week", before the number: no rate of it
#: ("every week for 5 weeks"; but "every chair stands on four legs" is a rate)
_NOT_BETWEEN = frozenset("for of on at from with by after before during until since in".split())
_FOR_GROUP = re.compile(r"^\s*for\s+([a-z]+)\b", re.IGNORECASE)
_UNIT_SUBJECT = re.compile(rf"^\s*(?:(?:at|in|on)\s+(?:[\w']+,?\s+){{1,3}}?)?(?:(?:a|an|one)\s+([a-z]+)(?:\s+of\s+[a-z]+)?\s+(?:{_VERBS})|"
                           rf"(?:each|every)\s+([a-z]+)(?:\s+of\s+[a-z]+)?\s+(?:has|have|{_VERBS}))\b",
                           re.IGNORECASE)
#: "in bags of 5", "15 rows of 22 seats": so many per bag, per row
_CONTAINER = re.compile(r"\b([a-z]+s)\s+of\s+\$?$", re.IGNORECASE)
_MULTIPLIER = re.compile(r"^\s*(?:times|%|per ?cent)", re.IGNORECASE)
_TIME_WORDS = frozenset("minute hour day week month year night".split())


_IRREGULAR = {"feet": "foot", "people": "person", "children": "child", "men": "man", "women": "woman", "mice": "mouse",
              "teeth": "tooth", "geese": "goose", "shelves": "shelf", "wolves": "wolf", "knives": "knife",
              "loaves": "loaf", "leaves": "leaf", "halves": "half", "lives": "life", "wives": "wife",
              "calves": "calf", "scarves": "scarf", "thieves": "thief", "elves": "elf"}


#: nouns in -ie, whose plural is no -y noun's ("cookies", not "cities")
_IE = frozenset("cookie movie pie tie brownie smoothie calorie zombie rookie selfie hippie prairie genie".split())


#: one name for each unit of measure, whatever the spelling or abbreviation
_UNIT_NAMES = {"km": "kilometre", "kms": "kilometre", "kilometer": "kilometre", "kilometers": "kilometre",
               "meter": "metre", "meters": "metre", "cm": "centimetre", "centimeter": "centimetre",
               "centimeters": "centimetre", "mm": "millimetre", "millimeter": "millimetre", "kg": "kilogram",
               "kgs": "kilogram", "kilo": "kilogram", "kilos": "kilogram", "liter": "litre", "liters": "litre",
               "ml": "millilitre", "milliliter": "millilitre", "milliliters": "millilitre", "hr": "hour",
               "hrs": "hour", "min": "minute", "mins": "minute", "sec": "second", "secs": "second", "lb": "pound",
               "lbs": "pound", "oz": "ounce", "mi": "mile"}


def singular(word: str) -> str:
    word = word.casefold()
    if word in _UNIT_NAMES:
        return _UNIT_NAMES[word]
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and word[:-1] in _IE:
        return word[:-1]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "oes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Unit:
    """What a value counts: ``noun`` (empty: not read), ``per`` for a rate (the noun it is
    per; empty set: per something unnamed, "each"), ``scalar`` for a plain multiplier."""
    noun: frozenset[str] = frozenset()
    per: frozenset[str] | None = None
    scalar: bool = False
    #: read from words that allow two readings: "A tank holds 158 litres" (a rate per tank, or
    #: this tank's litres), "$8" alone (a price, or an amount)
    loose: bool = False

    @property
    def known(self) -> bool:
        return self.scalar or bool(self.noun) or self.per is not None

    @property
    def rate(self) -> bool:
        return self.per is not None

    @property
    def plain(self) -> bool:
        """An amount of named things: no rate, no multiplier ("23 penguins", "$12")."""
        return bool(self.noun) and not self.rate and not self.scalar

    @property
    def money(self) -> bool:
        return MONEY in self.noun

    @property
    def measure(self) -> bool:
        return bool(self.noun & MEASURES)


UNKNOWN = Unit()
SCALAR = Unit(scalar=True)
#: things divided by things of the same kind: how many times, or how many pieces
RATIO = Unit(noun=frozenset({"#ratio"}))


def _nouns(after: str) -> frozenset[str]:
    found: list[str] = []
    plural = False
    for word in re.findall(r"[A-Za-z]+", re.split(r"[.,;:!?]", after)[0])[:3]:  # "26 chocolate chip cookies"
        low = word.casefold()
        if low in _STOP or (found and low in _MODIFIERS) or (found and plural):
            break  # a plural noun ends its phrase ("3 seals eat"; "3 violin pupils" goes on)
        if low not in _MODIFIERS:
            found.append(singular(low))
            plural = singular(low) != low
    return frozenset(found)


def _unit(text: str, start: int, end: int) -> Unit:
    """The unit of the number at ``text[start:end]``, from the words around it."""
    after = text[end:]
    if _MULTIPLIER.match(after):
        return SCALAR
    money = text[:start].rstrip().endswith("$") or re.match(r"^\s*(?:dollars?|cents?)\b", after, re.IGNORECASE)
    speed = _PER_SLASH.match(after)  # "55 km/h", "30 mph"
    if speed:
        top, under = (speed.group(1), speed.group(2)) if speed.group(1) else _SPEEDS[speed.group(3).casefold()]
        return Unit(noun=frozenset({singular(top)}), per=frozenset({_PER_WORDS.get(under.casefold(), singular(under))}))
    of_the = _OF_THE_AFTER.match(after)  # "26 of the team's goals", "8 of the jars"
    noun = frozenset({MONEY}) if money else _nouns(of_the.group(1)) if of_the else _nouns(after)
    per: frozenset[str] | None = None
    via_subject = False
    rate = _RATE_AFTER.match(after)
    word = singular(rate.group(2)) if rate else ""
    article = rate is not None and rate.group(1).casefold() in ("a", "an")
    takes = _TO_DO_ONE.match(after) if noun & MEASURES else None
    if takes and _nouns(takes.group(1)):
        per = _nouns(takes.group(1))  # "It takes 10 minutes to finish a crossword puzzle"
    elif rate and word not in _STOP and (word in _TIME_WORDS or not article or
                                         (money and re.match(r"^\s*(?:dollars?\s+|cents?\s+)?an?\s", after))):
        # "$5 a kilo", not "$49 on a gift"
        per = frozenset({word})  # "parts per hour", "hours a day", "students in each class"
    elif _EACH_AFTER.match(after) or re.search(r"\beach\s+\$?$", text[:start], re.IGNORECASE):
        per = frozenset()  # "43 flyers each", "2 films that are each 90 minutes long"
    elif (to_each := _TO_EACH.match(after)) and (to_each.group(1) or not _GIVING.search(text[:start])):
        per = frozenset({singular(to_each.group(2))})  # "packs its muffins 4 to a box"
        before = re.findall(r"[a-z]+", text[:start].casefold())[-1:]
        if not noun and before and singular(before[0]) != before[0]:
            noun = frozenset({singular(before[0])})
    elif of_the := _OF_THE.search(text[:start]):
        per = frozenset({singular(of_the.group(1))})  # "Every one of the 8 tanks ... holds 14 fish"
    elif money and (group := _FOR_GROUP.match(after)) and singular(group.group(1)) != group.group(1).casefold():
        per = frozenset({singular(group.group(1))})  # "$12 for adults": a price per adult
    elif (subject := _UNIT_SUBJECT.match(text[:start])) and not re.search(r"\d", text[:start]):
        # "A tank holds 158 litres" may be this tank's litres; "Each cake needs 4 eggs" is a rate
        per, via_subject = frozenset({singular(subject.group(1) or subject.group(2))}), bool(subject.group(1))
    elif container := _CONTAINER.search(text[:start]):
        per = frozenset({singular(container.group(1))})
    elif _EACH_DONE.search(text[:start]):
        per = frozenset()  # "3 pizzas, each cut into 6 slices": so many per one of them
    elif (each := _EACH_BEFORE.search(text[:start])) and each.group(2).split()[0].casefold() not in _NOT_BETWEEN:
        word = singular(each.group(1))  # a verb between ("each one eats 5"), not "every week for 5"
        per = frozenset() if word in ("one", "of") else frozenset({word})
    if per is None and _EVERYONE.search(text[:start]):
        per = frozenset({PERSON})  # "everyone gets two juice boxes": so many a head
    noun, per = _people(noun), (_people(per) if per is not None else None)
    if not noun and per is None:
        return UNKNOWN
    return Unit(noun=noun, per=per, loose=(per is None and bool(money)) or via_subject)


#: numbers written as words, and the words that are multipliers (see program.NUMBER_WORDS)
_MULTIPLIER_WORDS = frozenset({"twice", "double", "half", "triple"})


def number_words(text: str, words: dict[str, int]) -> list[re.Match[str]]:
    """The numbers ``text`` writes as ``words``, in order; not "the first half of the season"
    (a part of a time, no number)."""
    low = text.casefold()
    return [m for m in re.finditer(r"[a-z]+", low) if m.group(0) in words and
            not (m.group(0) == "half" and re.search(r"\b(?:first|second|last|other)\s+$", low[:m.start()]))]


def units(text: str, words: dict[str, int]) -> list[Unit]:
    """The unit of each operand of ``text``, in the order :func:`agora.agent.program.operands`
    lists them: digits, then numbers written as words, then 100 for each percent sign."""
    out = [_unit(text, m.start(), m.end()) for m in NUMBER.finditer(text)]
    for m in number_words(text, words):
        # "5 dozen eggs": the dozen multiplies; "a dozen eggs" counts eggs
        dozens = m.group(0) == "dozen" and re.search(r"\d\s*$", text[:m.start()])
        out.append(SCALAR if m.group(0) in _MULTIPLIER_WORDS or dozens else _unit(text, m.start(), m.end()))
    return out + [SCALAR] * len(re.findall(r"%|\bper ?cent\b", text, re.IGNORECASE))


def _same(a: Unit, b: Unit) -> bool:
    return bool(a.noun & b.noun)


def combine(a: Unit, op: str, b: Unit) -> Unit | None:
    """The unit of ``a op b``, or None when it makes no sense."""
    if op in "+-":
        if a.scalar or b.scalar:
            return SCALAR if a.scalar and b.scalar else (None if a.known and b.known else UNKNOWN)
        if not (a.known and b.known):
            return a if a.known else b
        if a.rate != b.rate:  # "A tank holds 158 litres", then "13 litres leak out": litres
            rate, amount = (a, b) if a.rate else (b, a)
            return Unit(noun=amount.noun) if rate.loose and _same(a, b) else None
        if a.rate and b.rate and a.per and b.per and not (a.per & b.per):
            return None
        if _same(a, b):
            return replace(a, noun=a.noun & b.noun, loose=False)
        if a.money or b.money or a.measure or b.measure:
            return None  # a measure adds only to itself: not 3 films and 94 minutes
        return UNKNOWN  # adults and children: people, a noun no number wrote
    if a.scalar or b.scalar:
        if op == "/" and a.scalar and b.known and not b.scalar:
            return None  # 2 / apples
        return b if a.scalar else a
    if not (a.known and b.known):
        return UNKNOWN
    if op == "*":
        for rate, count in ((a, b), (b, a)):
            if rate.rate and not count.rate:
                if rate.noun & count.noun:
                    return None  # pages a day times pages
                if not rate.per or rate.per & count.noun or not count.noun:
                    return Unit(noun=rate.noun)
                return None  # dollars for adults times children; muffins a bag times muffins
        if a.rate and b.rate:
            if a.per and a.per & b.noun:  # parts per hour times hours a day: parts per day
                return Unit(noun=a.noun, per=b.per)
            if b.per and b.per & a.noun:
                return Unit(noun=b.noun, per=a.per)
            return None
        if _same(a, b):
            return UNKNOWN if a.noun & LENGTHS else None  # an area; but litres times litres is nothing
        if a.money and b.money:
            return None  # dollars times dollars
        if a.money or b.money:
            # dollars times hours is nothing unless the dollars are a rate; a price read as an
            # amount ("$8", loose) times a count is a total; a total times a count is nothing
            money = a if a.money else b
            return Unit(noun=frozenset({MONEY})) if money.loose and not (a.measure or b.measure) else None
        # eggs times cakes: nothing (rates are read from "each", "per", "of", "a day"); a
        # measure times a count (3 hours for 4 days) is left open
        return UNKNOWN if a.measure != b.measure else None
    # division
    if b.rate and not a.rate:
        if _same(a, b) or not b.per or not b.noun:  # 85 muffins in bags of 5: bags
            return Unit(noun=b.per or frozenset())
        return None
    if a.rate:  # dollars per child divided by children is nothing
        return None if a.per and a.per & b.noun else UNKNOWN
    if _same(a, b):
        return RATIO  # 38 metres in pieces of 2 metres: a count of something else
    return Unit(noun=a.noun, per=b.noun)  # 63 cookies among 7 friends: cookies per friend


def same_kind(a: Unit, b: Unit) -> bool:
    """False when ``a`` and ``b`` plainly count different things (a rate and an amount,
    dollars and hours): an update (``total -= 13``) changes how many, never of what."""
    if not a.known:
        return True
    if not b.known:
        return False  # eggs times cakes: no longer eggs
    return a.rate == b.rate and a.scalar == b.scalar and (not (a.noun and b.noun) or _same(a, b))


_ASKS = re.compile(r"\bhow many\s+(?:more\s+|fewer\s+|less\s+)?([a-z]+)", re.IGNORECASE)
_ASKS_MONEY = re.compile(r"\bhow much (?:money|does|do|did|will|is|are)\b|\b(?:cost|costs|price|profit|earn|earns|"
                         r"pay|pays|paid|spend|spent|change)\b", re.IGNORECASE)
_ASKS_EACH = re.compile(r"\b(?:each|per|every|average|a (?:minute|hour|day|week|month|year))\b", re.IGNORECASE)


def asked(question: str) -> Unit | None:
    """The unit the question asks for ("How many dollars": money), or None when unclear."""
    found = _ASKS.search(question)
    if found:
        noun = singular(found.group(1))
        if noun in ("dollar", "cent"):
            return Unit(noun=frozenset({MONEY}))
        if noun not in _STOP:
            return Unit(noun=frozenset({noun}))
    if re.search(r"\bhow old\b", question, re.IGNORECASE):
        return Unit(noun=frozenset({"year"}))
    unit = re.search(r"\bin ([a-z]+)\s*[?.]?\s*$", question, re.IGNORECASE)  # "..., in kilometres?"
    if unit and singular(unit.group(1)) in MEASURES | {"dollar"}:
        noun = singular(unit.group(1))
        return Unit(noun=frozenset({MONEY if noun == "dollar" else noun}))
    if _ASKS_MONEY.search(question) and not found:
        return Unit(noun=frozenset({MONEY}))
    return None


def answers(result: Unit, question: str) -> bool:
    """False when ``result`` plainly counts something else than the question asks for (dollars
    for "How many hours", a rate for a total)."""
    wanted = asked(question)
    if wanted is None or not result.known or result.scalar:
        return True
    if result.rate and not _ASKS_EACH.search(question):
        return False
    if wanted.money != result.money:
        return False
    if (wanted.noun & MEASURES or result.measure) and result.noun and not wanted.noun & result.noun:
        return False  # metres for "How many pieces", balloons for "How many litres"
    return True


__all__ = ["Unit", "UNKNOWN", "SCALAR", "RATIO", "units", "number_words", "combine", "same_kind", "asked", "answers", "singular"]
