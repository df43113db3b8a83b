"""Notes on Python lists and list comprehensions.

A list comprehension builds a new list from an iterable in one expression.
Sorting: list.sort() sorts in place and returns None; sorted() returns a new list.
"""


def squares_of_even(numbers):
    """Return the squares of the even numbers, using a list comprehension."""
    return [n * n for n in numbers if n % 2 == 0]


def dedupe_keep_order(items):
    """Remove duplicates while keeping the first occurrence (dicts keep insertion order)."""
    return list(dict.fromkeys(items))
