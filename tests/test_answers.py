from agora.answers import extract_number, majority, normalize, same_answer


def test_extract_number_prefers_the_answer_line():
    assert extract_number("3 + 4 = 7, then 7 * 2 = 14.\nAnswer: 14") == "14"
    assert extract_number("The answer is $1,234.50.") == "1234.5"
    assert extract_number("so the result is -12") == "-12"
    assert extract_number("I do not know") is None


def test_normalize_and_compare():
    assert normalize("Answer: Paris.") == "paris"
    assert same_answer("The answer is 42", "42.0")
    assert not same_answer("", "")
    assert normalize("") is None


def test_majority_ignores_unreadable_and_breaks_ties_by_order():
    assert majority(["Answer: 5", "5", "Answer: 6", ""]) == ("5", 2)
    assert majority(["6", "5"]) == ("6", 1)
    assert majority(["", "  "]) == (None, 0)


def test_extract_number_reads_numbers_too_long_for_a_float():
    # a model's runaway digits once crashed scoring (float('9' * 400) is infinite)
    assert extract_number("Answer: " + "9" * 400) == "9" * 400
    assert extract_number("Answer: " + "9" * 400 + ".5") is None
    assert extract_number("Answer: 12345678901234567890") == "12345678901234567890"
