"""Conversation memory that fits the model's context window.

Every turn is kept (for saving, /memory and /retry); what is *sent* is the system prompt, a
summary of the oldest turns and the newest turns verbatim. When the next prompt would not
fit, the oldest kept turns are folded into the summary by the model itself (one call with
bounded input and output), never silently dropped. If the model cannot summarise (an error,
an empty reply) a plain digest of the folded turns is used instead, so something of every
turn always remains.

Folding goes down to ``keep_ratio`` of the budget, not just under it, so it happens rarely
and the prompt prefix stays unchanged in between (a local model reuses its KV cache for an
unchanged prefix; folding on every turn would make it re-read everything each time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from agora.errors import AgoraError
from agora.messages import Message, Usage
from agora.text import clip_tokens, one_line

#: chat-template tokens around each message (role markers, separators)
PER_MESSAGE = 6


@dataclass
class Turn:
    """One question and its answer (``assistant`` is "" when it was never answered)."""

    user: str
    assistant: str = ""
    reasoning: str = ""
    stopped: bool = False
    mode: str = "chat"
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    # token counts per backend, so long histories are not re-tokenised every turn
    _tokens: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    def messages(self) -> list[Message]:
        out = [Message.user(self.user)]
        if self.assistant:
            out.append(Message.assistant(self.assistant))
        return out

    def tokens(self, backend: Any) -> int:
        key = id(backend)
        if key not in self._tokens:
            self._tokens[key] = sum(backend.count_tokens(m.content) + PER_MESSAGE for m in self.messages())
        return self._tokens[key]


@dataclass
class Fold:
    """What one :meth:`Memory.fit` did."""

    turns: int  # how many turns were newly folded into the summary
    summary: str
    by_model: bool  # False when the model failed and a plain digest was used


@dataclass
class MemoryView:
    """What the model will see, for /memory: the summary and the turns kept verbatim."""

    summary: str
    folded: int
    kept: list[Turn]
    summary_tokens: int
    kept_tokens: int
    budget: int | None


class Memory:
    def __init__(self, *, summary_tokens: int = 200, keep_ratio: float = 0.5):
        self.turns: list[Turn] = []
        self.summary = ""
        self.folded = 0  # turns[:folded] are represented by the summary only
        self.summary_tokens = summary_tokens
        self.keep_ratio = keep_ratio
        self.budget: int | None = None  # the last budget fit() was given (for the view)

    # --- the turns -------------------------------------------------------------------------

    @property
    def kept(self) -> list[Turn]:
        return self.turns[self.folded:]

    def add(self, turn: Turn) -> None:
        self.turns.append(turn)

    def pop(self) -> Turn | None:
        if not self.turns:
            return None
        turn = self.turns.pop()
        self.folded = min(self.folded, len(self.turns))
        return turn

    def clear(self) -> None:
        self.turns, self.summary, self.folded = [], "", 0

    def messages(self) -> list[Message]:
        """The kept turns as chat messages (the summary goes with the system prompt)."""
        return [m for t in self.kept for m in t.messages()]

    def context(self, system: str | None) -> str | None:
        """The system prompt with the summary after it (None when there is neither)."""
        if not self.summary:
            return system or None
        from agora.prompts import render

        return render("chat_context", system=system or "", summary=self.summary, folded=self.folded)

    def view(self, backend: Any) -> MemoryView:
        return MemoryView(summary=self.summary, folded=self.folded, kept=list(self.kept),
                          summary_tokens=backend.count_tokens(self.summary) if self.summary else 0,
                          kept_tokens=sum(t.tokens(backend) for t in self.kept), budget=self.budget)

    # --- fitting the window ----------------------------------------------------------------

    def fit(self, backend: Any, budget: int, *, context_size: int | None = None) -> Fold | None:
        """Make summary + kept turns fit in ``budget`` tokens, folding the oldest kept turns
        into the summary when they do not. Returns what was folded, or None."""
        self.budget = budget
        summary_now = backend.count_tokens(self.summary) if self.summary else 0
        kept_tokens = sum(t.tokens(backend) for t in self.kept)
        if summary_now + kept_tokens <= budget:
            return None
        summary_max = max(16, min(self.summary_tokens, budget // 3))
        target = max(0, int(budget * self.keep_ratio) - summary_max)
        end = self.folded
        while end < len(self.turns) and kept_tokens > target:
            kept_tokens -= self.turns[end].tokens(backend)
            end += 1
        folded_turns = self.turns[self.folded:end]
        summary, by_model = summarize(backend, self.summary, folded_turns, max_tokens=summary_max,
                                      context_size=context_size or backend.context_size or 2 * budget)
        # committed only now: a summary call cut short (Ctrl-C) leaves the memory as it was
        self.summary, self.folded = summary, end
        return Fold(turns=len(folded_turns), summary=summary, by_model=by_model)


# --- summarising ---------------------------------------------------------------------------


def summarize(backend: Any, previous: str, turns: Sequence[Turn], *, max_tokens: int,
              context_size: int) -> tuple[str, bool]:
    """A summary of ``previous`` plus ``turns`` of at most ``max_tokens`` tokens.
    Returns (summary, written_by_model)."""
    from agora.prompts import render

    words = max(10, int(max_tokens * 0.6))
    room = max(64, context_size - max_tokens - 64)
    rows = [{"user": t.user, "assistant": t.assistant or "(no answer)"} for t in turns]
    prompt = render("chat_summarize", previous=previous, turns=rows, words=words)
    limit = max(len(r["user"]) for r in rows) if rows else 0
    limit = max(limit, max((len(r["assistant"]) for r in rows), default=0))
    # the folded text itself must fit the window: shorten every turn until it does
    for _ in range(30):
        if backend.count_tokens(prompt) <= room or limit < 40:
            break
        limit = int(limit * 0.7)
        clipped = [{k: one_line(v, limit) for k, v in r.items()} for r in rows]
        prompt = render("chat_summarize", previous=one_line(previous, limit * 2), turns=clipped, words=words)
    try:
        completion = backend.complete([Message.user(prompt)], max_tokens=max_tokens, temperature=0.2, seed=0)
        text = _clean(completion.text)
    except AgoraError:
        text = ""
    if text:
        return clip_tokens(text, max_tokens, backend.count_tokens), True
    return digest(backend, previous, turns, max_tokens), False


def digest(backend: Any, previous: str, turns: Sequence[Turn], max_tokens: int) -> str:
    """The fallback summary: the first words of each folded question and answer. When too
    long, the oldest lines go first (the recent past matters more to the next turn)."""
    lines = [previous] if previous else []
    for t in turns:
        lines.append(f"- User: {one_line(t.user, 100)} / Assistant: {one_line(t.assistant or '(no answer)', 100)}")
    while len(lines) > 1 and backend.count_tokens("\n".join(lines)) > max_tokens:
        lines.pop(0)
    return clip_tokens("\n".join(lines), max_tokens, backend.count_tokens)


def _clean(text: str) -> str:
    text = text.strip()
    for prefix in ("Summary:", "summary:", "SUMMARY:"):
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
    return text


__all__ = ["Memory", "Turn", "Fold", "MemoryView", "summarize", "digest", "PER_MESSAGE"]
