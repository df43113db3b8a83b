"""Split text into overlapping chunks, recursively: first at headings, then paragraphs, then
lines, then sentences, then words, so a chunk breaks at the largest natural boundary that
keeps it under ``size``. Size is measured by a ``length`` function: characters by default,
or tokens (pass a backend's ``count_tokens``).

Pieces are merged greedily up to ``size``; each new chunk starts with the last pieces of the
previous one, up to ``overlap``, so a fact cut at a boundary is still whole in one chunk.
"""

from __future__ import annotations

import re
from typing import Callable

Length = Callable[[str], int]

# Each level splits *before* (headings) or *after* (the rest) its boundary, keeping the
# boundary text, so joining the pieces gives back the original text exactly.
_LEVELS = [
    re.compile(r"(?m)(?=^#{1,6}\s)"),            # Markdown headings (HTML headings become these)
    re.compile(r"(?<=\n\n)"),                     # paragraphs
    re.compile(r"(?<=\n)"),                       # lines
    re.compile(r"(?<=[.!?;:])\s+(?=\S)"),         # sentences (the space is dropped, see _split)
    re.compile(r"(?<=\s)(?=\S)"),                 # words
]


def chars(text: str) -> int:
    return len(text)


def split_text(text: str, *, size: int = 800, overlap: int = 100, length: Length = chars) -> list[str]:
    """Chunks of ``text`` of at most ``size`` (by ``length``), overlapping by up to ``overlap``.
    Whitespace-only chunks are dropped; a single word longer than ``size`` is cut by characters."""
    if size <= 0:
        raise ValueError("chunk size must be positive")
    overlap = max(0, min(overlap, size // 2))  # more than half would make chunks mostly repeats
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return []
    chunks = _split(text, 0, size, overlap, length)
    return [c.strip() for c in chunks if c.strip()]


def _split(text: str, level: int, size: int, overlap: int, length: Length) -> list[str]:
    if length(text) <= size:
        return [text]
    if level >= len(_LEVELS):
        return _hard_cut(text, size, length)
    pattern = _LEVELS[level]
    if level == 3:  # sentences: keep the separator on the left piece so nothing is lost
        pieces, last = [], 0
        for m in pattern.finditer(text):
            pieces.append(text[last:m.end()])
            last = m.end()
        pieces.append(text[last:])
    else:
        pieces = pattern.split(text)
    pieces = [p for p in pieces if p]
    if len(pieces) <= 1:
        return _split(text, level + 1, size, overlap, length)
    # pieces still too big are split at the next level down
    small: list[str] = []
    for piece in pieces:
        if length(piece) > size:
            small.extend(_split(piece, level + 1, size, overlap, length))
        else:
            small.append(piece)
    return _merge(small, size, overlap, length)


def _merge(pieces: list[str], size: int, overlap: int, length: Length) -> list[str]:
    """Greedy packing of pieces into chunks, carrying a tail of up to ``overlap`` forward."""
    chunks: list[str] = []
    current: list[str] = []
    current_len = 0
    for piece in pieces:
        n = length(piece)
        if current and current_len + n > size:
            chunks.append("".join(current))
            # keep the last pieces that fit in the overlap (and leave room for this piece)
            tail: list[str] = []
            tail_len = 0
            for prev in reversed(current):
                m = length(prev)
                if tail_len + m > overlap or tail_len + m + n > size:
                    break
                tail.insert(0, prev)
                tail_len += m
            current, current_len = tail, tail_len
        current.append(piece)
        current_len += n
    if current:
        chunks.append("".join(current))
    return chunks


def _hard_cut(text: str, size: int, length: Length) -> list[str]:
    """Last resort for one enormous 'word' (minified code, base64): fixed character windows
    sized so each window measures at most ``size``."""
    out, start = [], 0
    step = max(1, size)
    while start < len(text):
        end = min(len(text), start + step)
        while end > start + 1 and length(text[start:end]) > size:
            end = start + max(1, (end - start) // 2)
        out.append(text[start:end])
        start = end
    return out
