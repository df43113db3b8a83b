"""Typed events. Core code never prints: it emits these, and renderers (Rich, plain text,
JSON lines) subscribe. A transcript is the list of events saved as JSON lines as they happen.

Every event carries ``source`` (which agent / debater / judge produced it; "" for a single
agent) so one stream can hold a whole debate.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, Literal, Union

from pydantic import BaseModel, Field, TypeAdapter

from agora.messages import ToolCall, Usage


class _Event(BaseModel):
    source: str = ""
    time: float = Field(default_factory=time.time)


class RunStarted(_Event):
    type: Literal["run_started"] = "run_started"
    question: str
    model: str = ""
    config: dict[str, Any] = Field(default_factory=dict)


class PlanMade(_Event):
    type: Literal["plan"] = "plan"
    steps: list[str]
    replan: bool = False


class Thought(_Event):
    type: Literal["thought"] = "thought"
    text: str
    step: int = 0


class ToolCalled(_Event):
    type: Literal["tool_call"] = "tool_call"
    call: ToolCall
    step: int = 0
    #: what the model spent to write this call (see :attr:`agora.agent.state.ToolStep.usage`)
    usage: Usage | None = None


class ToolApproval(_Event):
    """A person's (or an approval policy's) answer about a tool call, before it ran."""

    type: Literal["approval"] = "approval"
    call: ToolCall
    approved: bool
    by: str = "user"  # "user", "always" (a standing yes for the tool), "policy", "error"
    reason: str = ""


class Observation(_Event):
    type: Literal["observation"] = "observation"
    tool: str
    content: str
    ok: bool = True
    seconds: float = 0.0
    step: int = 0


class Draft(_Event):
    """A candidate final answer (every draft stays in the trace, also revised ones)."""

    type: Literal["draft"] = "draft"
    answer: str
    reasoning: str = ""
    revision: int = 0


class Critique(_Event):
    type: Literal["critique"] = "critique"
    verdict: Literal["accept", "revise"]
    problems: list[str] = Field(default_factory=list)
    suggestion: str = ""
    revision: int = 0


class TokenDelta(_Event):
    """Streamed text as it is generated (not saved in transcripts by default)."""

    type: Literal["token"] = "token"
    text: str


class UsageReport(_Event):
    type: Literal["usage"] = "usage"
    usage: Usage
    seconds: float = 0.0


class LimitReached(_Event):
    type: Literal["limit"] = "limit"
    limit: str  # the stop_reason: "max_steps" | "max_seconds" | "token_budget" | "max_tokens" | "loop" | "format" (debates may add theirs)
    detail: str = ""


class Notice(_Event):
    """Something the user should know that is not an error (e.g. a fallback chat format)."""

    type: Literal["notice"] = "notice"
    level: Literal["info", "warning", "error"] = "info"
    text: str


class DebateTurn(_Event):
    type: Literal["debate_turn"] = "debate_turn"
    round: int
    debater: str
    answer: str
    reasoning: str = ""
    ok: bool = True
    error: str = ""
    #: the debaters whose answers this one was shown this round (the topology at work)
    saw: list[str] = Field(default_factory=list)
    #: the answer is what one of the debater's own tool calls returned (e.g. the calculator)
    verified: bool = False
    #: not asked again this round: its answer led with evidence and stands (revise="dissent")
    stood: bool = False


class RoundFinished(_Event):
    type: Literal["round_finished"] = "round_finished"
    round: int
    answers: dict[str, str] = Field(default_factory=dict)
    consensus: bool = False
    #: what the round cost (its debaters' calls and tokens)
    usage: Usage | None = None


class ConfidenceStated(_Event):
    """A debater's stated confidence in its final answer (for the weighted vote)."""

    type: Literal["confidence"] = "confidence"
    debater: str
    answer: str
    confidence: float | None = None
    error: str = ""


class VerdictGiven(_Event):
    type: Literal["verdict"] = "verdict"
    answer: str
    method: str  # "judge" | "vote" | "vote (judge failed)" ...
    rationale: str = ""
    confidence: float | None = None
    sided_with: list[str] = Field(default_factory=list)
    vote_answer: str | None = None
    # the letters the judge saw -> debater names, in the (shuffled) order shown
    labels: dict[str, str] = Field(default_factory=dict)
    #: a judge's second reading, with the answers shown in reversed order
    swapped: bool = False
    #: on the debate's final verdict: the weighted vote, and whether the judge kept its
    #: verdict when the order was reversed (None: not checked)
    weighted_answer: str | None = None
    judge_consistent: bool | None = None


class TreeNode(_Event):
    """One partial solution of a Tree-of-Thoughts search: ``parent`` "" is the root's child."""

    type: Literal["tot_node"] = "tot_node"
    id: str
    parent: str = ""
    depth: int = 1
    text: str
    value: float | None = None
    kept: bool = False
    final: bool = False


class RouteChosen(_Event):
    """The profile a router chose for a question, and how (rule, classifier, fallback)."""

    type: Literal["route"] = "route"
    profile: str
    method: str
    reason: str = ""


class IngestProgress(_Event):
    """One file handled by a retrieval index's add(): ``done`` of ``total`` files so far."""

    type: Literal["ingest"] = "ingest"
    path: str
    status: Literal["added", "updated", "unchanged", "skipped"]
    chunks: int = 0
    done: int = 0
    total: int = 0
    detail: str = ""


class RunFinished(_Event):
    type: Literal["run_finished"] = "run_finished"
    answer: str
    complete: bool = True
    stop_reason: str = "answer"
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0


Event = Annotated[
    Union[
        RunStarted, PlanMade, Thought, ToolCalled, ToolApproval, Observation, Draft, Critique, TokenDelta,
        UsageReport, LimitReached, Notice, DebateTurn, RoundFinished, VerdictGiven, RunFinished,
        IngestProgress, ConfidenceStated, TreeNode, RouteChosen,
    ],
    Field(discriminator="type"),
]
EventHandler = Callable[[Any], None]

_adapter: TypeAdapter = TypeAdapter(Event)


def parse_event(data: str | dict) -> Any:
    """Rebuild a typed event from a JSON line or dict."""
    if isinstance(data, str):
        return _adapter.validate_json(data)
    return _adapter.validate_python(data)


def event_to_json(event: BaseModel) -> str:
    return event.model_dump_json()


class TranscriptWriter:
    """An event handler that writes each event to a JSONL file and flushes at once,
    so a crash loses nothing already produced. Token deltas are skipped (the final
    text is in the draft / turn events). One run per transcript, so a replay never mixes two
    runs: an existing file is refused (ConfigError), never overwritten, unless ``append=True``."""

    def __init__(self, path: str | Path, *, keep_tokens: bool = False, append: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._file = self.path.open("a" if append else "x", encoding="utf-8")
        except FileExistsError:
            from agora.errors import ConfigError

            raise ConfigError(f"{self.path} already exists: choose another file to save to "
                              "(an earlier transcript is never overwritten)") from None
        self.keep_tokens = keep_tokens

    def __call__(self, event: BaseModel) -> None:
        if isinstance(event, TokenDelta) and not self.keep_tokens:
            return
        self._file.write(event_to_json(event) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "TranscriptWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_transcript(path: str | Path) -> list[Any]:
    """Load a JSONL transcript. A torn last line (crash mid-write) is ignored."""
    events = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            events.append(parse_event(line))
        except ValueError:
            if i == len(lines) - 1:
                break
            raise
    return events


def fan_out(*handlers: EventHandler | None) -> EventHandler:
    """One handler that calls several (None entries are skipped)."""
    live = [h for h in handlers if h is not None]

    def emit(event: Any) -> None:
        for h in live:
            h(event)

    return emit


def collect(events: Iterable[Any], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


__all__ = [
    "Event", "EventHandler", "RunStarted", "PlanMade", "Thought", "ToolCalled", "ToolApproval", "Observation",
    "Draft", "Critique", "TokenDelta", "UsageReport", "LimitReached", "Notice", "DebateTurn",
    "RoundFinished", "VerdictGiven", "RunFinished", "IngestProgress", "ConfidenceStated", "TreeNode",
    "RouteChosen", "parse_event", "event_to_json",
    "TranscriptWriter", "read_transcript", "fan_out", "collect",
]
