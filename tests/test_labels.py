"""Numbers that name rather than count (agora.agent.labels), and spans between two times."""

from __future__ import annotations

import pytest

from agora.agent.labels import durations, masked
from agora.agent.program import operands


@pytest.mark.parametrize("text, kept", [
    ("For a meeting on the 13th floor, Rowan orders 9 pizzas.", ["9"]),
    ("Lucian has run the same garage since 2011 and fits 8 tyres.", ["8"]),
    ("A guided tour at 10:00 visits 4 rooms.", ["4"]),
    ("The round starts at 7:30 a.m. and takes 3 hours.", ["3"]),
    ("There are 108 pupils in Year 6.", ["108"]),
    ("Take the number 56 bus from platform 3 for 12 stops.", ["12"]),
    # counts stay counts
    ("Each year 12 new members join.", ["12"]),
    ("The crates are packed in 2000 boxes.", ["2000"]),
    ("In 1980 boxes there are 5 apples each.", ["1980", "5"]),
])
def test_a_naming_number_is_no_operand(text, kept):
    assert operands(masked(text)) == kept
    assert len(masked(text)) == len(text)


@pytest.mark.parametrize("text, read", [
    ("Magnus parks from 10 a.m. until 2 p.m. the same day.", "Magnus parks for 4 hours the same day."),
    ("The shop is open from 9:15 to 10:00 each day.", "The shop is open for 45 minutes each day."),
    ("She works between 11 am and 1 pm.", "She works for 2 hours."),
    ("The fair runs from 8 o'clock to 11 o'clock.", "The fair runs for 3 hours."),
    ("from 11:30 to 1:00", "for 90 minutes"),  # past noon, no marks
    # numbers that are no times of day stay as written
    ("He counts from 3 to 5 apples.", "He counts from 3 to 5 apples."),
])
def test_a_span_between_two_times_of_day_is_its_length(text, read):
    assert durations(text) == read


def test_a_span_that_ended_its_sentence_still_ends_it():
    assert durations("She parks from 10 a.m. until 2 p.m. Parking costs $6.") == \
        "She parks for 4 hours. Parking costs $6."
    assert durations("She parks from 10 a.m. until 2 p.m.") == "She parks for 4 hours."


def test_an_age_told_in_passing_is_no_operand_unless_the_question_asks_about_ages():
    text = "Biscuit is 11 years old and gets 3 cups of food; the 14-year-old cat gets 2. Ronan turned 8 today."
    assert operands(masked(text, ages=True)) == ["3", "2"]
    assert operands(masked(text)) == ["11", "3", "14", "2", "8"]


def test_a_day_of_the_month_is_no_operand():
    assert operands(masked("On 18 May, Maya gave 37 stickers away; on June 3 she bought 5.")) == ["37", "5"]
    assert operands(masked("She may 3 times a day")) == ["3"]  # "may" the verb is no month


def test_years_ago_is_an_age_told_in_passing():
    assert operands(masked("She started the garden 12 years ago and sows 7 rows.", ages=True)) == ["7"]
