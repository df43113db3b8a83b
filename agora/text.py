"""Text helpers every layer shares: cut text to a budget of characters or tokens (always with
a visible marker, so neither a model nor a reader takes a cut text for the whole), estimate
tokens without a tokenizer, and turn HTML into plain text.

    clip(text, 200)                     start of the text, "…" at the end
    one_line(text, 80)                  whitespace collapsed, then clipped
    clip_lines(text, 8, 400)            at most 8 lines of 400 characters, "… (N more lines)"
    clip_middle(text, 4000)             start and end kept, "[truncated N characters]" between
    estimate_tokens(text)               about 4 characters a token
    clip_tokens(text, 100, count)       start of the text within 100 tokens, "[…]" at the end
    shorten(text, 100, count)           start and end within 100 tokens, "[...]" between
    html_to_text(html)                  (title, Markdown-ish text) of a page
    content_words(text)                 its content words as stems ("reminder" -> "remind")

``count`` is a token counter such as ``backend.count_tokens``; without one the estimate is used.
"""

from __future__ import annotations

import re
import threading
from typing import Callable

TokenCounter = Callable[[str], int]


def estimate_tokens(text: str) -> int:
    """Tokens of ``text`` without a tokenizer: about four characters a token (English prose
    with BPE tokenizers), at least one for any non-empty text."""
    return max(1, len(text) // 4) if text else 0


def clip(text: str, limit: int, marker: str = "…") -> str:
    """``text`` (stripped) in at most ``limit`` characters, ending in ``marker`` when cut."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))].rstrip() + marker


def one_line(text: object, limit: int) -> str:
    """``text`` on one line (runs of whitespace become one space), clipped to ``limit``."""
    return clip(" ".join(str(text).split()), limit)


def clip_lines(text: str, lines: int, width: int = 400) -> str:
    """At most ``lines`` lines of ``width`` characters each (for a terminal), with a marker
    for each cut line and a "… (N more lines)" line when lines were left out."""
    rows = (text or "").strip().splitlines() or [""]
    kept = [row if len(row) <= width else row[:width] + "…" for row in rows[:lines]]
    if len(rows) > lines:
        kept.append(f"… ({len(rows) - lines} more lines)")
    return "\n".join(kept)


def clip_middle(text: str, limit: int) -> tuple[str, bool]:
    """``text`` in about ``limit`` characters keeping its start and its end (an error message or a
    result is often at the end of an output), and whether it was cut."""
    if limit <= 0 or len(text) <= limit:
        return text, False
    head = int(limit * 0.7)
    tail = max(0, limit - head - 60)
    cut = len(text) - head - tail
    return f"{text[:head]}\n...[truncated {cut} characters]...\n{text[len(text) - tail:] if tail else ''}", True


def clip_tokens(text: str, max_tokens: int, count: TokenCounter = estimate_tokens) -> str:
    """The start of ``text`` in at most ``max_tokens`` tokens (cut at a word boundary when it
    can), ending in " […]" when cut."""
    if count(text) <= max_tokens:
        return text
    chars = len(text)
    while chars > 0 and count(text[:chars] + " […]") > max_tokens:
        chars = int(chars * 0.8)
    cut = text[:chars]
    if " " in cut[len(cut) // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut + " […]" if cut else ""


def shorten(text: str, max_tokens: int, count: TokenCounter = estimate_tokens) -> str:
    """``text`` cut to about ``max_tokens`` tokens, keeping its start and its end (the end of a
    chain of thought holds the conclusion), with a visible marker where it was cut."""
    if max_tokens <= 0:
        return ""
    n = count(text)
    if n <= max_tokens:
        return text
    keep = max(8, int(len(text) * max_tokens / n) - 20)
    cut = text
    for _ in range(4):  # token counts are not linear in characters: shrink until it fits
        head, tail = text[: keep // 3], text[len(text) - (keep - keep // 3):]
        cut = f"{head} [...] {tail}"
        if count(cut) <= max_tokens or keep <= 16:
            return cut
        keep = int(keep * 0.8)
    return cut


# --- HTML ---------------------------------------------------------------------------------------

#: elements that hold no readable content: code, styling, menus, forms
_SKIP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head", "nav", "form", "button")
#: page chrome, dropped unless inside the content (an <article>'s <header> holds its title)
_CHROME_TAGS = ("header", "footer", "aside")
#: inline formatting written as plain words (a model or a splitter gains nothing from **)
_PLAIN_TAGS = ["a", "img", "b", "strong", "i", "em", "u", "span"]


def html_to_text(html: str, *, main_only: bool = True) -> tuple[str, str]:
    """``(title, text)`` of an HTML page. The text keeps the page's structure as Markdown
    (``#`` headings, list items, paragraphs), so a splitter can cut at headings; scripts,
    styles, menus and page chrome are dropped. With ``main_only`` a page that has ``<main>`` or
    ``<article>`` gives only that part. Malformed markup gives what could be read.

    BeautifulSoup (with the standard library's parser) builds the tree and markdownify writes
    it out: both well kept, pure Python, and they handle the broken markup of real pages."""
    from bs4 import BeautifulSoup
    from markdownify import MarkdownConverter

    soup = BeautifulSoup(html or "", "html.parser")
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    for tag in soup(list(_SKIP_TAGS)):
        tag.decompose()
    for tag in soup(list(_CHROME_TAGS)):
        if tag.find_parent(("main", "article")) is None:
            tag.decompose()
    root = soup
    if main_only:
        main = [t for t in soup.find_all(("main", "article")) if t.get_text(strip=True)]
        if main:
            root = BeautifulSoup("", "html.parser")
            for part in main:
                if not any(p in main for p in part.parents):  # an <article> inside <main> once
                    root.append(part)
    text = MarkdownConverter(heading_style="ATX", bullets="-", strip=_PLAIN_TAGS,
                             escape_misc=False, escape_asterisks=False,
                             escape_underscores=False).convert_soup(root)
    return title, _tidy(text)


def _tidy(text: str) -> str:
    """Trailing spaces off, runs of blank lines down to one paragraph break."""
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()




_COMMON = {"the", "and", "for", "with", "what", "this", "that", "from", "use", "tool", "please", "you", "are",
           "how", "can", "get", "set", "your", "who", "why", "when", "where", "which", "will", "would", "could",
           "should", "have", "has", "had", "not", "but", "all", "any", "our", "out", "now", "then", "there"}


def content_words(text: str) -> set[str]:
    """The content words of ``text`` (three letters or more, common words left out) as
    Snowball stems, lower case: "remind", "reminder" and "reminded" are one word. ``_``
    splits names (``send_email`` is "send", "email")."""
    found = [w for w in re.findall(r"[a-z]{3,}", (text or "").lower().replace("_", " ")) if w not in _COMMON]
    return set(_stemmer().stemWords(found))


#: one stemmer per thread: a snowball stemmer keeps the word it is stemming in itself, and two
#: debaters' threads sharing one raised IndexError inside it
_STEMMERS = threading.local()


def _stemmer():
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer


__all__ = ["estimate_tokens", "clip", "one_line", "clip_lines", "clip_middle", "clip_tokens", "shorten", "html_to_text",
           "content_words", "TokenCounter"]
