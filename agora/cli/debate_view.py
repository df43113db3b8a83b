"""Rendering a debate from its events: a live Rich view (a panel per debater, round progress,
then the verdict), plain progress lines when stderr is not a terminal, and a Markdown export.

Everything here is computed from the event stream alone, so a saved transcript replays to the
same picture (``agora replay run.jsonl``) and the same Markdown as the live run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from agora.events import (ConfidenceStated, DebateTurn, LimitReached, Notice, RoundFinished, RunStarted, TokenDelta,
                          UsageReport, VerdictGiven)

_SNIPPET = 400  # characters of reasoning shown in a debater's panel


@dataclass
class _Seat:
    name: str
    model: str = ""
    persona: str | None = None
    status: str = "waiting"
    answer: str = ""
    reasoning: str = ""
    error: str = ""
    answers: list[str] = field(default_factory=list)  # per round, "" when it failed
    partial: str = ""  # text streamed so far in the current turn (--stream)
    confidence: float | None = None


@dataclass
class DebateState:
    """What the view shows, folded from events."""

    question: str = ""
    rounds: int = 0
    aggregate: str = ""
    judge: str | None = None
    seats: dict[str, _Seat] = field(default_factory=dict)
    finished_rounds: list[RoundFinished] = field(default_factory=list)
    turns: list[DebateTurn] = field(default_factory=list)
    judge_verdict: VerdictGiven | None = None
    swap_verdict: VerdictGiven | None = None
    verdict: VerdictGiven | None = None
    topology: str = "all"
    notes: list[str] = field(default_factory=list)
    usage: UsageReport | None = None

    def apply(self, e: Any) -> None:
        if isinstance(e, RunStarted) and e.source == "debate":
            self.question = e.question
            self.rounds = int(e.config.get("rounds", 0))
            self.aggregate = str(e.config.get("aggregate", ""))
            self.judge = e.config.get("judge")
            self.topology = str(e.config.get("topology", "all"))
            for d in e.config.get("debaters", []):
                self.seats[d["name"]] = _Seat(d["name"], d.get("model", ""), d.get("persona"))
        elif isinstance(e, RunStarted) and e.source in self.seats:
            self.seats[e.source].status = f"thinking (round {len(self.finished_rounds) + 1})"
            self.seats[e.source].partial = ""
        elif isinstance(e, TokenDelta) and e.source in self.seats:
            self.seats[e.source].partial += e.text
        elif isinstance(e, ConfidenceStated) and e.debater in self.seats:
            self.seats[e.debater].confidence = e.confidence
        elif isinstance(e, DebateTurn):
            self.turns.append(e)
            seat = self.seats.setdefault(e.debater, _Seat(e.debater))
            seat.partial = ""
            seat.answers.append(e.answer if e.ok else "")
            if e.ok:
                status = f"{'stood' if e.stood else 'answered'} round {e.round + 1}"
                seat.status, seat.answer, seat.reasoning, seat.error = status, e.answer, e.reasoning, ""
            else:
                seat.status, seat.error = f"failed round {e.round + 1}", e.error
        elif isinstance(e, RoundFinished):
            self.finished_rounds.append(e)
        elif isinstance(e, VerdictGiven):
            if e.source == "judge" and e.swapped:
                self.swap_verdict = e
            elif e.source == "judge":
                self.judge_verdict = e
            else:
                self.verdict = e
        elif isinstance(e, LimitReached) and e.source == "debate":
            self.notes.append(e.detail)
        elif isinstance(e, Notice) and e.source in ("debate", "judge") and e.level != "info":
            self.notes.append(e.text)
        elif isinstance(e, UsageReport) and e.source == "debate":
            self.usage = e


def fold(events: Iterable[Any]) -> DebateState:
    state = DebateState()
    for e in events:
        state.apply(e)
    return state


def is_debate(events: Iterable[Any]) -> bool:
    return any(isinstance(e, RunStarted) and e.source == "debate" for e in events)


def usage_line(report: UsageReport | None) -> str:
    if report is None:
        return ""
    u = report.usage
    evaluated = u.prompt_tokens_evaluated
    reuse = f", prompt tokens evaluated {evaluated} of {u.prompt_tokens} sent" if evaluated is not None else ""
    return (f"{u.calls} calls, {u.prompt_tokens} prompt + {u.completion_tokens} completion tokens"
            f"{reuse}, {report.seconds:.1f} s")


# --- Rich -------------------------------------------------------------------------------------


def render_state(state: DebateState) -> Any:
    from rich.columns import Columns
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[Any] = [Text.assemble(("Question: ", "bold"), state.question)]
    done = len(state.finished_rounds)
    consensus = any(r.consensus for r in state.finished_rounds)
    progress = f"round {min(done + (0 if state.verdict else 1), max(state.rounds, 1))} of {state.rounds}"
    if consensus:
        progress += " · consensus reached"
    if state.topology != "all":
        progress += f" · topology {state.topology}"
    parts.append(Text(progress, style="dim"))
    panels = []
    for seat in state.seats.values():
        body = Text()
        body.append(seat.status + "\n", style="dim")
        if seat.answer:
            body.append("Answer: ", style="bold")
            body.append(seat.answer + "\n")
        if seat.confidence is not None:
            body.append(f"confidence {seat.confidence:.1f}\n", style="dim")
        if seat.partial:
            body.append("…" + seat.partial[-_SNIPPET:] if len(seat.partial) > _SNIPPET else seat.partial)
        elif seat.reasoning:
            snippet = seat.reasoning.strip()
            snippet = snippet if len(snippet) <= _SNIPPET else "…" + snippet[-_SNIPPET:]
            body.append(snippet, style="italic")
        if seat.error:
            body.append("\n" + seat.error, style="red")
        title = seat.name + (f" ({seat.model})" if seat.model else "")
        panels.append(Panel(body, title=title, width=44, border_style="red" if seat.error else "blue"))
    parts.append(Columns(panels))
    for note in state.notes:
        parts.append(Text("note: " + note, style="yellow"))
    if state.verdict is not None:
        parts.append(Panel(_verdict_text(state), title="verdict", border_style="green"))
    return Group(*parts)


def _verdict_text(state: DebateState) -> Any:
    from rich.text import Text

    v = state.verdict
    if v is None:
        return Text("(no verdict)", style="dim")
    text = Text.assemble(("Answer: ", "bold"), v.answer or "(none)", f"   [{v.method}]")
    if v.vote_answer is not None:
        text.append(f"\nmajority vote: {v.vote_answer}")
    if v.weighted_answer is not None:
        text.append(f"\nconfidence-weighted vote: {v.weighted_answer}")
    j = state.judge_verdict
    if j is not None:
        text.append(f"\njudge: {j.answer}")
        if j.confidence is not None:
            text.append(f" (confidence {j.confidence:.2f})")
        if j.sided_with:
            text.append(f", sided with {', '.join(j.sided_with)}")
        if state.swap_verdict is not None:
            text.append(f"\njudge, answers reversed: {state.swap_verdict.answer} "
                        f"({'consistent' if v.judge_consistent else 'INCONSISTENT'})")
        if j.rationale:
            text.append(f"\n{j.rationale}", style="italic")
    if state.usage is not None:
        text.append("\n" + usage_line(state.usage), style="dim")
    return text


class DebateView:
    """An event handler. ``live=True``: a Rich Live view redrawn on each event (stderr on a
    terminal); else one plain line per turn, round and verdict (pipes, CI logs)."""

    def __init__(self, console: Any, *, live: bool | None = None):
        self.console = console
        self.state = DebateState()
        self.live = console.is_terminal if live is None else live
        self._live: Any = None
        self._streaming = ""  # the debater whose streamed text is on the current plain line

    def __call__(self, event: Any) -> None:
        self.state.apply(event)
        if not self.live and isinstance(event, TokenDelta):
            if self._streaming != event.source:
                self._end_line()
                self.console.print(f"{event.source}: ", end="", markup=False, highlight=False)
                self._streaming = event.source
            self.console.print(event.text, end="", markup=False, highlight=False, soft_wrap=True)
            return
        if self.live:
            if self._live is None:
                from rich.live import Live

                self._live = Live(render_state(self.state), console=self.console, refresh_per_second=8)
                self._live.start()
            self._live.update(render_state(self.state))
        else:
            line = _plain_line(event)
            if line:
                self._end_line()
                self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def _end_line(self) -> None:
        if self._streaming:
            self.console.print()
            self._streaming = ""

    def close(self) -> None:
        self._end_line()
        if self._live is not None:
            self._live.update(render_state(self.state))
            self._live.stop()
            self._live = None


def _plain_line(e: Any) -> str:
    if isinstance(e, RunStarted) and e.source == "debate":
        names = ", ".join(d["name"] for d in e.config.get("debaters", []))
        extra = "".join(f"; {k} {e.config[k]}" for k in ("consensus", "topology") if e.config.get(k) not in (None, 1.0, "all"))
        return (f"debate: {names}; {e.config.get('rounds')} rounds; aggregate by {e.config.get('aggregate')}"
                f"{'; judge swap' if e.config.get('judge_swap') else ''}{extra}")
    if isinstance(e, DebateTurn):
        what = e.answer if e.ok else f"FAILED: {e.error}"
        read = " (stands: not asked again)" if e.stood else f" (read {', '.join(e.saw)})" if e.saw else ""
        return f"round {e.round + 1} · {e.debater}: {what}{read}"
    if isinstance(e, ConfidenceStated):
        return f"{e.debater}: confidence {e.confidence if e.confidence is not None else '? (' + e.error + ')'}"
    if isinstance(e, RoundFinished) and e.consensus:
        return f"round {e.round + 1}: consensus"
    if isinstance(e, (LimitReached, Notice)) and e.source in ("debate", "judge"):
        return f"note: {getattr(e, 'detail', '') or getattr(e, 'text', '')}"
    if isinstance(e, VerdictGiven) and e.source == "judge":
        reading = ", answers reversed" if e.swapped else ""
        return f"judge{reading}: {e.answer} (sided with {', '.join(e.sided_with) or 'nobody'})"
    if isinstance(e, VerdictGiven):
        weighted = f", weighted: {e.weighted_answer}" if e.weighted_answer is not None else ""
        swap = "" if e.judge_consistent is None else f"; judge {'consistent' if e.judge_consistent else 'inconsistent'} under swap"
        return f"verdict: {e.answer} [{e.method}] (vote: {e.vote_answer}{weighted}){swap}"
    if isinstance(e, UsageReport) and e.source == "debate":
        return f"usage: {usage_line(e)}"
    return ""


def print_static(console: Any, events: Iterable[Any]) -> None:
    """The whole debate at once (replay): every round's answers, then the verdict."""
    from rich.table import Table

    state = fold(events)
    table = Table(title=f"Debate: {state.question}", show_lines=True)
    table.add_column("debater")
    for r in range(max((t.round for t in state.turns), default=-1) + 1):
        table.add_column(f"round {r + 1}")
    for seat in state.seats.values():
        cells = []
        for r in range(len(table.columns) - 1):
            turn = next((t for t in state.turns if t.debater == seat.name and t.round == r), None)
            cells.append("" if turn is None else (turn.answer if turn.ok else f"[red]failed: {turn.error}[/red]"))
        table.add_row(seat.name, *cells)
    console.print(table)
    for note in state.notes:
        console.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    if state.verdict is not None:
        from rich.panel import Panel

        console.print(Panel(_verdict_text(state), title="verdict", border_style="green"))


# --- Markdown ---------------------------------------------------------------------------------


def debate_markdown(events: Iterable[Any]) -> str:
    """A Markdown report of a debate (the same from a live trace or a saved transcript)."""
    state = fold(events)
    out = ["# Debate", "", f"**Question:** {state.question}", ""]
    out += ["| debater | model | persona |", "| --- | --- | --- |"]
    out += [f"| {s.name} | {s.model} | {s.persona or ''} |" for s in state.seats.values()]
    for r in range(max((t.round for t in state.turns), default=-1) + 1):
        out += ["", f"## Round {r + 1}"]
        for t in (t for t in state.turns if t.round == r):
            out += ["", f"### {t.debater}", ""]
            if not t.ok:
                out.append(f"_failed: {t.error}_")
                continue
            out.append(f"**Answer:** {t.answer}")
            if t.saw:
                out.append(f"_read: {', '.join(t.saw)}_")
            if t.reasoning.strip():
                out += [""] + ["> " + line for line in t.reasoning.strip().splitlines()]
    out += ["", "## Verdict", ""]
    v = state.verdict
    if v is not None:
        out.append(f"**Answer:** {v.answer or '(none)'} ({v.method})")
        out.append(f"- majority vote: {v.vote_answer}")
        if v.weighted_answer is not None:
            weights = ", ".join(f"{s.name} {s.confidence}" for s in state.seats.values() if s.confidence is not None)
            out.append(f"- confidence-weighted vote: {v.weighted_answer} ({weights})")
        if v.judge_consistent is not None:
            out.append(f"- judge under swap: {'consistent' if v.judge_consistent else 'inconsistent'}")
    j = state.judge_verdict
    if j is not None:
        conf = f", confidence {j.confidence:.2f}" if j.confidence is not None else ""
        out.append(f"- judge: {j.answer}{conf}; sided with {', '.join(j.sided_with) or 'nobody'}")
        if j.rationale:
            out.append(f"- rationale: {j.rationale}")
    out += [f"- note: {n}" for n in state.notes]
    if state.usage is not None:
        out.append(f"- usage: {usage_line(state.usage)}")
    return "\n".join(out) + "\n"


__all__ = ["DebateView", "DebateState", "fold", "is_debate", "render_state", "print_static",
           "debate_markdown", "usage_line"]
