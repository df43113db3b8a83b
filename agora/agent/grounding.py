"""Answers that rest on the user's documents.

After the ``retrieve`` tool has returned passages, the answer to a look-up should say what
those passages say. SmolLM2, shown the Galdrith Rowing Club's passage (founded in 1995),
answered "2019", a year its own query had made up; shown the Tasseny Festival's (based in
Marrowgate), it answered "a small festival in the town of Maradonia, ... Greece"; another
time, "You are welcome. You can call the tool again". Such an answer is not grounded: it
states a number, or a good share of content words, that neither the question nor any
retrieved passage holds. The loop then stops as a format failure (``complete`` false) and
asks for the answer once more with the passages right before the question
(:func:`agora.agent.loop.answer_from_results`).

An answer saying the documents hold nothing ("I could not find it in the documents") stays
grounded: it makes up no number, and one word of its own is allowed.
"""

from __future__ import annotations

from typing import Sequence

from agora.agent.copying import numbers_in
from agora.text import content_words

#: the share of an answer's content words that may come from neither the question nor the
#: passages (a word of the model's own phrasing: "it", "is", "called" ... are no content words)
FREE_SHARE = 1 / 3


def ungrounded(answer: str, question: str, passages: Sequence[str]) -> bool:
    """True when ``answer`` states a number, or more than :data:`FREE_SHARE` of its content
    words (two at least), that neither ``question`` nor any of ``passages`` holds. False with
    no passages and for an empty answer."""
    if not passages or not answer.strip():
        return False
    known = " ".join([question, *passages])
    if numbers_in(answer) - numbers_in(known):
        return True
    said = content_words(answer)
    free = said - content_words(known)
    return len(free) >= 2 and len(free) > FREE_SHARE * len(said)


__all__ = ["ungrounded", "FREE_SHARE"]
