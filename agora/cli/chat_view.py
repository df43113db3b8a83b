"""How ``agora chat`` shows an answer: streamed Markdown in a live region (the tail of it when
it grows taller than the screen), compact panels for tool calls, observations, critiques and
debate turns, then the final answer as Markdown (code blocks highlighted) and a status line.

The live region is transient: when the answer is done it is replaced by the answer printed
normally, so the terminal's scrollback holds clean Markdown and no half-drawn frames.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Any, Iterator

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.markdown import Markdown
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from agora.text import clip_lines
from agora.events import (Critique, DebateTurn, Draft, LimitReached, Notice, Observation, PlanMade,
                      RoundFinished, Thought, TokenDelta, ToolCalled, VerdictGiven)

CODE_THEME = "monokai"
_PANEL_LINES = 8  # lines of a tool observation or debate answer shown in its panel
_WIDTH = 2000  # characters of a line shown in a panel


class Tail:
    """Renders only the last lines of a renderable that fit the screen, so a long streamed
    answer scrolls inside the live region instead of breaking its redraw."""

    def __init__(self, renderable: Any, reserve: int = 2):
        self.renderable = renderable
        self.reserve = reserve

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = console.render_lines(self.renderable, options, pad=False)
        room = max(3, console.size.height - self.reserve)
        for line in lines[-room:]:
            yield from line
            yield Segment.line()



def event_panel(event: Any, *, show_reasoning: bool) -> Any | None:
    """A compact renderable for one event, or None when it is not shown."""
    if isinstance(event, ToolCalled):
        args = ", ".join(f"{k}={v!r}" for k, v in event.call.arguments.items())
        return Panel(Text(f"{event.call.name}({args})", overflow="fold"), title="tool call",
                     title_align="left", border_style="cyan", expand=False)
    if isinstance(event, Observation):
        style = "green" if event.ok else "red"
        return Panel(Text(clip_lines(event.content, _PANEL_LINES, _WIDTH), overflow="fold"),
                     title=f"{event.tool} · {event.seconds:.1f}s",
                     title_align="left", border_style=style, expand=False)
    if isinstance(event, Critique):
        body = event.verdict + "".join(f"\n- {p}" for p in event.problems)
        if event.suggestion:
            body += f"\nsuggestion: {event.suggestion}"
        return Panel(Text(clip_lines(body, _PANEL_LINES, _WIDTH)), title="critique", title_align="left",
                     border_style="green" if event.verdict == "accept" else "yellow", expand=False)
    if isinstance(event, DebateTurn):
        body = event.answer if event.ok else f"failed: {event.error}"
        if show_reasoning and event.reasoning:
            body += "\n" + clip_lines(event.reasoning, 4, _WIDTH)
        return Panel(Text(clip_lines(body, 6, _WIDTH), overflow="fold"), title=f"round {event.round + 1} · {event.debater}",
                     title_align="left", border_style="magenta" if event.ok else "red", expand=False)
    if isinstance(event, RoundFinished):
        note = " · consensus" if event.consensus else ""
        return Text(f"round {event.round + 1} done{note}", style="dim")
    if isinstance(event, VerdictGiven) and event.source == "judge":
        # the judge's own verdict; the debate's final one (which may fall back to the vote) follows
        if not show_reasoning:
            return None
        sided = ", ".join(event.sided_with) or "nobody"
        return Text(f"judge: {event.answer} (sided with {sided})", style="dim")
    if isinstance(event, VerdictGiven):
        body = f"{event.answer}"
        if event.rationale:
            body += f"\n{clip_lines(event.rationale, 4, _WIDTH)}"
        if event.vote_answer is not None and event.vote_answer != event.answer:
            body += f"\nvote: {event.vote_answer}"
        return Panel(Text(body, overflow="fold"), title=f"verdict ({event.method})", title_align="left",
                     border_style="bold magenta", expand=False)
    if isinstance(event, Notice):
        style = {"info": "dim", "warning": "yellow", "error": "red"}[event.level]
        return Text(event.text, style=style)
    if isinstance(event, LimitReached):
        return Text(f"limit reached: {event.limit}" + (f" ({event.detail})" if event.detail else ""), style="yellow")
    if not show_reasoning:
        return None
    if isinstance(event, PlanMade):
        return Panel(Text("\n".join(f"{i + 1}. {s}" for i, s in enumerate(event.steps))),
                     title="plan", title_align="left", border_style="blue", expand=False)
    if isinstance(event, Thought) and event.text.strip():
        return Text(clip_lines(event.text, _PANEL_LINES, _WIDTH), style="italic dim")
    if isinstance(event, Draft) and event.revision:
        return Text(f"draft {event.revision}: {clip_lines(event.answer, 3, _WIDTH)}", style="dim")
    return None


def status_line(reply: Any) -> Text:
    """"42 in · 17 out · 1.3 s · 13 tok/s · local:smollm2"."""
    u = reply.usage
    parts = []
    if u.prompt_tokens:
        fresh = u.prompt_tokens_evaluated
        parts.append(f"{u.prompt_tokens} in" + (f" ({fresh} new)" if fresh is not None and fresh != u.prompt_tokens else ""))
    parts.append(f"{u.completion_tokens} out")
    parts.append(f"{reply.seconds:.1f} s")
    if reply.seconds > 0 and u.completion_tokens:
        rate = u.completion_tokens / reply.seconds
        parts.append(f"{rate:.1f} tok/s" if rate < 10 else f"{rate:.0f} tok/s")
    if u.calls > 1:
        parts.append(f"{u.calls} calls")
    parts.append(reply.model)
    if reply.mode != "chat":
        parts.append(reply.mode)
    line = " · ".join(parts)
    if reply.stopped:
        return Text(f"■ stopped · {line}", style="yellow")
    if not reply.complete:
        return Text(f"incomplete ({reply.stop_reason}) · {line}", style="yellow")
    return Text(line, style="dim")


class AnswerView:
    """Event handler for one answer. Use as a context manager around ``chat.send``."""

    def __init__(self, console: Console, *, mode: str, show_reasoning: bool):
        self.console = console
        self.mode = mode
        self.show_reasoning = show_reasoning
        self.buffer: list[str] = []
        self._live: Any = None
        self._last = 0.0
        self._thoughts_shown = False  # then the reasoning was seen step by step already

    def __enter__(self) -> "AnswerView":
        if self.console.is_terminal:
            from rich.live import Live

            self._live = Live(self._waiting(), console=self.console, transient=True,
                              refresh_per_second=10, vertical_overflow="visible")
            self._live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Hold the live display still (an approval question is asked on the terminal)."""
        live = self._live
        if live is not None:
            live.stop()
        try:
            yield
        finally:
            if live is not None and self._live is live:
                live.start()

    def _waiting(self) -> Any:
        from rich.spinner import Spinner

        label = {"chat": "thinking…", "agent": "working…", "debate": "debating…"}.get(self.mode, "…")
        return Spinner("dots", text=Text(label, style="dim"), style="dim")

    def _streamed(self) -> Any:
        text = "".join(self.buffer)
        if self.mode == "chat":
            return Tail(Markdown(text, code_theme=CODE_THEME))
        # an agent's or debater's raw steps: shown faintly while they come, then replaced
        return Tail(Text(text, style="dim"))

    def __call__(self, event: Any) -> None:
        if isinstance(event, TokenDelta):
            self.buffer.append(event.text)
            now = time.monotonic()
            if self._live is not None and now - self._last > 0.05:  # re-render Markdown ~20 times/s
                self._last = now
                self._live.update(self._streamed())
            return
        shown = event_panel(event, show_reasoning=self.show_reasoning)
        if shown is None:
            return
        if isinstance(event, Thought):
            self._thoughts_shown = True
        if self.mode != "chat":
            self.buffer.clear()  # the step that led here is done
            if self._live is not None:
                self._live.update(self._waiting())
        self.console.print(shown)

    def finish(self, reply: Any) -> None:
        """Print the answer for good, then the status line."""
        self.__exit__()
        if self.show_reasoning and reply.reasoning and reply.mode != "chat" and not self._thoughts_shown:
            self.console.print(Panel(Text(clip_lines(reply.reasoning, 20, _WIDTH), style="dim"), title="reasoning",
                                     title_align="left", border_style="dim", expand=False))
        elif self.show_reasoning and reply.reasoning:
            self.console.print(Text(clip_lines(reply.reasoning, 20, _WIDTH), style="italic dim"))
        if reply.text:
            self.console.print(Markdown(reply.text, code_theme=CODE_THEME))
        elif not reply.stopped:
            self.console.print(Text("(no answer)", style="dim"))
        self.console.print(status_line(reply))


def memory_view(view: Any) -> Any:
    """/memory: the summary and the turns the model still sees verbatim."""
    parts: list[Any] = []
    budget = f" of {view.budget}" if view.budget else ""
    head = f"{view.summary_tokens + view.kept_tokens}{budget} history tokens · {len(view.kept)} turn(s) verbatim"
    if view.folded:
        head += f" · {view.folded} earlier turn(s) summarised"
    parts.append(Text(head, style="bold"))
    if view.summary:
        parts.append(Panel(Text(view.summary), title=f"summary ({view.summary_tokens} tokens)",
                           title_align="left", border_style="blue", expand=False))
    for t in view.kept:
        parts.append(Text.assemble(("• you: ", "cyan"), clip_lines(t.user, 2, 300)))
        parts.append(Text.assemble(("  ↳ ", "dim"), clip_lines(t.assistant or "(no answer)", 2, 300)))
    if not view.summary and not view.kept:
        parts.append(Text("(empty: nothing said yet)", style="dim"))
    return Group(*parts)


def table(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
    t = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for i, name in enumerate(columns):
        t.add_column(name, no_wrap=i == 0)  # ids and commands stay whole
    for row in rows:
        t.add_row(*(Text(str(cell)) for cell in row))  # Text: "[a,b|none]" is not Rich markup
    return t


__all__ = ["AnswerView", "Tail", "event_panel", "status_line", "memory_view", "table"]
