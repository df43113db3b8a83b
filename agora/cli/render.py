"""Rich rendering of events, for ``agora ask`` and ``agora chat``.

:class:`EventRenderer` is an event handler (pass it as ``on_event``). Each event type is
drawn by a function in :data:`RENDERERS`, keyed by the event's ``type``; other parts add
theirs with :func:`register` (debate turns, verdicts...). Unknown types are skipped.

Without ``show_reasoning`` only warnings are shown; with it: plan, thoughts, tool calls,
observations, drafts, critiques, limits and the usage line. Token deltas go to
``stream_console`` (stdout) as they arrive.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from rich.console import Console
from rich.markup import escape

from agora.text import clip_lines

Draw = Callable[["EventRenderer", Any], None]
RENDERERS: dict[str, Draw] = {}


def register(event_type: str) -> Callable[[Draw], Draw]:
    """Decorator: draw events whose ``type`` is ``event_type``."""

    def wrap(fn: Draw) -> Draw:
        RENDERERS[event_type] = fn
        return fn

    return wrap


class EventRenderer:
    def __init__(self, console: Console | None = None, *, show_reasoning: bool = False,
                 stream_console: Console | None = None, max_observation_lines: int = 12):
        self.console = console or Console(stderr=True)
        self.show_reasoning = show_reasoning
        self.stream_console = stream_console
        self.max_observation_lines = max_observation_lines
        self.streaming = False  # a token line is open on the stream console

    def __call__(self, event: Any) -> None:
        draw = RENDERERS.get(getattr(event, "type", ""))
        if draw is None:
            return
        if getattr(event, "type", "") != "token":
            self.end_stream_line()
        draw(self, event)

    def print(self, text: str, **options: Any) -> None:
        self.console.print(text, highlight=False, **options)

    def label(self, event: Any) -> str:
        """``[name] `` when the event comes from a named agent / debater."""
        source = getattr(event, "source", "")
        return f"[magenta]\\[{escape(source)}][/magenta] " if source and source != "agent" else ""

    def end_stream_line(self) -> None:
        if self.streaming and self.stream_console is not None:
            self.stream_console.print()
        self.streaming = False

    def close(self) -> None:
        self.end_stream_line()


@register("token")
def _token(r: EventRenderer, e: Any) -> None:
    if r.stream_console is not None:
        r.stream_console.print(e.text, end="", markup=False, highlight=False)
        r.streaming = True


@register("plan")
def _plan(r: EventRenderer, e: Any) -> None:
    if r.show_reasoning:
        title = "New plan" if e.replan else "Plan"
        steps = "\n".join(f"  {i}. {escape(s)}" for i, s in enumerate(e.steps, 1))
        r.print(f"{r.label(e)}[bold cyan]{title}[/bold cyan]\n{steps}")


@register("thought")
def _thought(r: EventRenderer, e: Any) -> None:
    if r.show_reasoning:
        r.print(f"{r.label(e)}[dim]thought {e.step}:[/dim] [italic]{escape(e.text)}[/italic]")


@register("tool_call")
def _tool_call(r: EventRenderer, e: Any) -> None:
    if r.show_reasoning:
        args = json.dumps(e.call.arguments, ensure_ascii=False)
        spent = f" [dim]· {e.usage.completion_tokens} tokens[/dim]" if e.usage is not None and e.usage.calls else ""
        r.print(f"{r.label(e)}[cyan]→ {escape(e.call.name)}[/cyan]({escape(clip_lines(args, 3))}){spent}")


@register("approval")
def _approval(r: EventRenderer, e: Any) -> None:
    if r.show_reasoning or not e.approved:
        verdict = "[green]approved[/green]" if e.approved else "[red]not approved[/red]"
        how = " (always)" if e.by == "always" else ""
        why = f": {escape(e.reason)}" if e.reason else ""
        r.print(f"{r.label(e)}{verdict}{how} {escape(e.call.name)}{why}")


@register("observation")
def _observation(r: EventRenderer, e: Any) -> None:
    if r.show_reasoning:
        colour = "green" if e.ok else "red"
        body = escape(clip_lines(e.content, r.max_observation_lines))
        r.print(f"{r.label(e)}[{colour}]← {escape(e.tool)}[/{colour}] [dim]({e.seconds:.2f} s)[/dim]\n{body}")


@register("draft")
def _draft(r: EventRenderer, e: Any) -> None:
    if not r.show_reasoning:
        return
    if r.stream_console is None and e.reasoning and e.reasoning.strip() != e.answer.strip():
        r.print(f"{r.label(e)}[dim]{escape(clip_lines(e.reasoning, 40, 2000))}[/dim]")
    title = f"revision {e.revision}" if e.revision else "draft"
    r.print(f"{r.label(e)}[bold]{title}:[/bold] {escape(e.answer)}")


@register("critique")
def _critique(r: EventRenderer, e: Any) -> None:
    if not r.show_reasoning:
        return
    colour = "green" if e.verdict == "accept" else "yellow"
    lines = [f"{r.label(e)}[{colour}]critic: {e.verdict}[/{colour}]"]
    lines += [f"  - {escape(p)}" for p in e.problems]
    if e.suggestion:
        lines.append(f"  suggestion: {escape(e.suggestion)}")
    r.print("\n".join(lines))


@register("limit")
def _limit(r: EventRenderer, e: Any) -> None:
    r.print(f"{r.label(e)}[yellow]stopped: {escape(e.limit)}[/yellow] {escape(e.detail)}")


@register("notice")
def _notice(r: EventRenderer, e: Any) -> None:
    # errors are reported once by the caller (the CLI's "agora: error: ..." line)
    if e.level == "warning" or r.show_reasoning:
        colour = {"info": "dim", "warning": "yellow", "error": "red"}[e.level]
        r.print(f"{r.label(e)}[{colour}]{e.level}: {escape(e.text)}[/{colour}]")


@register("usage")
def _usage(r: EventRenderer, e: Any) -> None:
    if r.show_reasoning:
        r.print(usage_line(e.usage, e.seconds))


def usage_line(usage: Any, seconds: float) -> str:
    evaluated = ""
    if usage.prompt_tokens_evaluated is not None and usage.prompt_tokens_evaluated != usage.prompt_tokens:
        evaluated = f" ({usage.prompt_tokens_evaluated} evaluated)"
    return (f"[dim]{usage.calls} call{'s' if usage.calls != 1 else ''}, {usage.prompt_tokens} prompt tokens"
            f"{evaluated} + {usage.completion_tokens} completion tokens, {seconds:.1f} s[/dim]")


__all__ = ["EventRenderer", "RENDERERS", "register", "usage_line"]
