"""The three ways a chat question is answered, behind one small protocol (:class:`Mode`):

* :class:`PlainMode` ("chat"): one streamed call with the history;
* :class:`AgentMode` ("agent"): an Agent run (tools or critique on) with the history;
* :class:`DebateMode` ("debate"): a Debate of ``chat.debate_next`` debaters (``/debate N``).

Each returns a :class:`Reply`. A mode that fails (the backend is down, every debater failed)
fails the same way in all three: a ``Notice`` of level "error" says why in one line, and the
Reply is incomplete with ``stop_reason="error"`` (``Chat.send`` turns an exception into that
too); the chat goes on and ``retry()`` can ask again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Protocol

from agora.chat.memory import PER_MESSAGE
from agora.events import DebateTurn, Notice, TokenDelta, UsageReport
from agora.messages import Completion, Message, Usage
from agora.text import shorten

if TYPE_CHECKING:
    from agora.chat.chat import Chat

Emit = Callable[[Any], None]

#: tokens of each earlier message a debate sees
DEBATE_CONTEXT_TOKENS = 100
#: tokens kept free in a debate for the debaters' instructions and the others' answers
DEBATE_OVERHEAD = 768


@dataclass
class Reply:
    """One answer. ``result`` is the agent Result or DebateResult behind it, if any."""

    text: str
    reasoning: str = ""
    mode: str = "chat"  # "chat" | "agent" | "debate"
    complete: bool = True
    #: "answer"; "interrupted" when Ctrl-C stopped it; "error" when the mode failed (``error``
    #: says why); the agent's and the debate's own reasons otherwise
    stop_reason: str = "answer"
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    model: str = ""
    result: Any = None
    trace: list[Any] = field(default_factory=list)
    error: str | None = None

    @property
    def answer(self) -> str:
        return self.text

    @property
    def stopped(self) -> bool:
        return self.stop_reason == "interrupted"


def failed(mode: str, why: str, emit: Emit, *, text: str = "", usage: Usage | None = None,
           result: Any = None) -> Reply:
    """The one way a mode fails: a Notice with the reason, and an incomplete Reply."""
    emit(Notice(source="chat", level="error", text=f"{mode} failed: {why}"))
    return Reply(text=text.strip(), mode=mode, complete=False, stop_reason="error", error=why,
                 usage=usage or Usage(), result=result)


class Mode(Protocol):
    """How a chat answers a question."""

    #: "chat" | "agent" | "debate": recorded with each turn
    name: str

    def overhead(self, chat: Chat, system: str | None, window: int) -> int:
        """Tokens this mode needs beyond the history, the question and the reply."""
        ...

    def answer(self, chat: Chat, text: str, context: str | None, history: list[Message], emit: Emit) -> Reply:
        """Answer ``text`` after ``history`` (``context``: the system text with the summary)."""
        ...


class PlainMode:
    """One streamed call with the history: TokenDelta events as the text comes."""

    name = "chat"

    def overhead(self, chat: Chat, system: str | None, window: int) -> int:
        return 0

    def answer(self, chat: Chat, text: str, context: str | None, history: list[Message], emit: Emit) -> Reply:
        messages = ([Message.system(context)] if context else []) + history + [Message.user(text)]
        parts: list[str] = []
        completion: Completion | None = None
        stream = chat.backend.stream(messages, max_tokens=chat.max_tokens,
                                     temperature=chat.effective_temperature, seed=chat.seed)
        try:
            for item in stream:
                if isinstance(item, str):
                    parts.append(item)
                    emit(TokenDelta(source="chat", text=item))
                else:
                    completion = item
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()  # an interrupted generator lets go of the model at once
        completion = completion or Completion(text="".join(parts))
        answer = completion.text or "".join(parts)
        cut = completion.finish_reason == "length"
        reply = Reply(text=answer.strip(), reasoning=completion.reasoning, mode=self.name, complete=not cut,
                      stop_reason="max_tokens" if cut else "answer", usage=completion.usage,
                      seconds=completion.timings.seconds)
        emit(UsageReport(source="chat", usage=reply.usage, seconds=reply.seconds))
        return reply


class AgentMode:
    """An Agent run (tools, critique) with the history."""

    name = "agent"

    def agent(self, chat: Chat, context: str | None) -> Any:
        from agora.agent.agent import Agent

        options: dict[str, Any] = {}
        if chat.temperature is not None:  # otherwise the persona's or the agent's default
            options["temperature"] = chat.temperature
        return Agent(model=chat.backend, system=context, persona=chat.persona, tools=list(chat._tool_objects),
                     critique=chat.critique, max_tokens=chat.max_tokens, seed=chat.seed,
                     approve=getattr(chat, "approve", None), approve_tools=getattr(chat, "approve_tools", None),
                     **options)

    def overhead(self, chat: Chat, system: str | None, window: int) -> int:
        """Its instructions, worked examples and tool descriptions (counted, not guessed), plus
        room for one tool step (a thought and an observation at their budgets); at most half
        the window."""
        import json

        from agora.agent.loop import preamble

        agent = self.agent(chat, system)
        count, registry = chat.backend.count_tokens, agent.registry()
        instructions, _ = agent.system_and_temperature()
        head = preamble(agent, registry, instructions, native_tools=chat.backend.native_tools)
        tokens = sum(count(m.content) + PER_MESSAGE for m in head)
        tokens += sum(count(json.dumps(spec.parameters)) + count(spec.description) for spec in registry.specs())
        if len(registry):
            tokens += (agent.observation_chars + agent.thought_chars) // 3 + 2 * PER_MESSAGE
        tokens -= count(system) if system else 0  # the system prompt is counted apart
        return min(max(0, tokens), window // 2)

    def answer(self, chat: Chat, text: str, context: str | None, history: list[Message], emit: Emit) -> Reply:
        result = self.agent(chat, context).run(text, history=history, on_event=emit, stream=True)
        if result.stop_reason == "error":
            return failed(self.name, result.error or "the model failed", emit, text=result.answer or "",
                          usage=result.usage, result=result)
        return Reply(text=(result.answer or "").strip(), reasoning=result.reasoning or "", mode=self.name,
                     complete=result.complete, stop_reason=result.stop_reason, usage=result.usage,
                     seconds=result.seconds, result=result)


class DebateMode:
    """A Debate of ``chat.debate_next`` debaters. They see the question after the
    conversation's summary and its last two turns (each cut short), so a follow-up question
    keeps its meaning without filling the debaters' contexts."""

    name = "debate"

    def overhead(self, chat: Chat, system: str | None, window: int) -> int:
        # a debate sees only a clipped digest of the history: a fixed reserve suffices
        return min(DEBATE_OVERHEAD, window // 4)

    def answer(self, chat: Chat, text: str, context: str | None, history: list[Message], emit: Emit) -> Reply:
        from agora.debate.debate import DEFAULT_PERSONAS, Debate, Debater
        from agora.prompts import render

        count = chat.backend.count_tokens
        question = text
        recent = [{"role": m.role, "content": shorten(m.content, DEBATE_CONTEXT_TOKENS, count)}
                  for m in history[-4:]]
        if recent or chat.memory.summary:
            summary = shorten(chat.memory.summary, 2 * DEBATE_CONTEXT_TOKENS, count)
            question = render("debate_chat_question", summary=summary, messages=recent, question=text)
        debaters = [Debater(model=chat.backend, persona=DEFAULT_PERSONAS[i % len(DEFAULT_PERSONAS)],
                            tools=list(chat._tool_objects)) for i in range(int(chat.debate_next or 3))]
        debate = Debate(debaters, model=chat.backend, rounds=chat.debate_rounds,
                        seed=chat.seed or 0, max_tokens=chat.max_tokens)
        result = debate.run(question, on_event=emit)
        if not result.answer:
            return failed(self.name, _debate_failure(result), emit, usage=result.usage, result=result)
        rationale = result.verdict.rationale if result.verdict is not None else ""
        return Reply(text=(result.answer or "").strip(), reasoning=rationale, mode=self.name,
                     complete=bool(result.complete), stop_reason=result.stop_reason, usage=result.usage,
                     seconds=result.seconds, result=result)


def _debate_failure(result: Any) -> str:
    """Why a debate has no answer: its debaters' last error, else its stop reason."""
    errors = [e.error for e in result.trace if isinstance(e, DebateTurn) and not e.ok and e.error]
    return f"no debater answered ({errors[-1]})" if errors else f"no answer ({result.stop_reason})"


#: the modes by name
MODES: dict[str, Mode] = {m.name: m for m in (PlainMode(), AgentMode(), DebateMode())}


__all__ = ["Reply", "Mode", "PlainMode", "AgentMode", "DebateMode", "MODES", "failed", "DEBATE_OVERHEAD"]
