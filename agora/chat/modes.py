"""The three ways a chat question is answered, each returning a :class:`Reply`:
a plain streamed call, an Agent run (tools or critique on) and a Debate (``/debate N``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from agora.events import TokenDelta, UsageReport
from agora.chat.memory import PER_MESSAGE
from agora.messages import Completion, Message, Usage


@dataclass
class Reply:
    """One answer. ``result`` is the agent Result or DebateResult behind it, if any."""

    text: str
    reasoning: str = ""
    mode: str = "chat"  # "chat" | "agent" | "debate"
    complete: bool = True
    stop_reason: str = "answer"  # "interrupted" when Ctrl-C stopped it; the agent's reasons
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    model: str = ""
    result: Any = None
    trace: list[Any] = field(default_factory=list)

    @property
    def answer(self) -> str:
        return self.text

    @property
    def stopped(self) -> bool:
        return self.stop_reason == "interrupted"


def answer_plain(chat: Any, text: str, context: str | None, history: list[Message],
                 emit: Callable[[Any], None]) -> Reply:
    """One streamed call with the history: TokenDelta events as the text comes."""
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
    reply = Reply(text=answer.strip(), reasoning=completion.reasoning, mode="chat",
                  complete=completion.finish_reason != "length",
                  stop_reason="max_tokens" if completion.finish_reason == "length" else "answer",
                  usage=completion.usage, seconds=completion.timings.seconds)
    emit(UsageReport(source="chat", usage=reply.usage, seconds=reply.seconds))
    return reply


def chat_agent(chat: Any, context: str | None) -> Any:
    """The Agent that answers in agent mode (tools, critique)."""
    from agora.agent.agent import Agent

    options: dict[str, Any] = {}
    if chat.temperature is not None:  # otherwise the persona's or the agent's default
        options["temperature"] = chat.temperature
    return Agent(model=chat.backend, system=context, persona=chat.persona, tools=list(chat._tool_objects),
                 critique=chat.critique, max_tokens=chat.max_tokens, seed=chat.seed,
                 approve=getattr(chat, "approve", None), approve_tools=getattr(chat, "approve_tools", None),
                 **options)


def agent_overhead(chat: Any, system: str | None) -> int:
    """Tokens an agent-mode answer needs beyond the history, the question and the reply:
    its instructions, worked examples and tool descriptions (counted, not guessed), plus
    room for one tool step (a thought and an observation at their budgets)."""
    import json

    from agora.agent.loop import preamble

    agent = chat_agent(chat, system)
    count, registry = chat.backend.count_tokens, agent.registry()
    instructions, _ = agent.system_and_temperature()
    head = preamble(agent, registry, instructions, native_tools=chat.backend.native_tools)
    tokens = sum(count(m.content) + PER_MESSAGE for m in head)
    tokens += sum(count(json.dumps(spec.parameters)) + count(spec.description) for spec in registry.specs())
    if len(registry):
        tokens += (agent.observation_chars + agent.thought_chars) // 3 + 2 * PER_MESSAGE
    return max(0, tokens - (count(system) if system else 0))  # the system prompt is counted apart


def answer_agent(chat: Any, text: str, context: str | None, history: list[Message],
                 emit: Callable[[Any], None]) -> Reply:
    """An Agent run (tools, critique) with the history."""
    agent = chat_agent(chat, context)
    result = agent.run(text, history=history, on_event=emit, stream=True)
    return Reply(text=(result.answer or "").strip(), reasoning=result.reasoning or "", mode="agent",
                 complete=result.complete, stop_reason=result.stop_reason, usage=result.usage,
                 seconds=result.seconds, result=result)


def answer_debate(chat: Any, text: str, history: list[Message], emit: Callable[[Any], None]) -> Reply:
    """A Debate of ``chat.debate_next`` debaters. They see the question after the
    conversation's summary and its last two turns (each cut short), so a follow-up question
    keeps its meaning without filling the debaters' contexts."""
    from agora.debate.debate import DEFAULT_PERSONAS, Debate, Debater
    from agora.debate.judge import shorten
    from agora.prompts import render

    count = chat.backend.count_tokens
    question = text
    recent = [{"role": m.role, "content": shorten(m.content, DEBATE_CONTEXT_TOKENS, count)} for m in history[-4:]]
    if recent or chat.memory.summary:
        summary = shorten(chat.memory.summary, 2 * DEBATE_CONTEXT_TOKENS, count)
        question = render("debate_chat_question", summary=summary, messages=recent, question=text)
    debaters = [Debater(model=chat.backend, persona=DEFAULT_PERSONAS[i % len(DEFAULT_PERSONAS)],
                        tools=list(chat._tool_objects)) for i in range(int(chat.debate_next or 3))]
    debate = Debate(debaters, model=chat.backend, rounds=chat.debate_rounds,
                    seed=chat.seed or 0, max_tokens=chat.max_tokens)
    result = debate.run(question, on_event=emit)
    rationale = result.verdict.rationale if result.verdict is not None else ""
    return Reply(text=(result.answer or "").strip(), reasoning=rationale, mode="debate",
                 complete=bool(result.complete), stop_reason=result.stop_reason, usage=result.usage,
                 seconds=result.seconds, result=result)


#: tokens of each earlier message a debate sees
DEBATE_CONTEXT_TOKENS = 100


__all__ = ["Reply", "answer_plain", "answer_agent", "answer_debate"]
