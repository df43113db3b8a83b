"""The agent's run loop, as functions over a :class:`~agora.agent.state.RunState`.

    plan? -> (chain of thought | ReAct steps: thought + one tool call -> observation ...)
          -> answer -> critique? -> revise? ...

Every step is recorded as a small dataclass and emitted as an event. Nothing here raises at
the caller for a model, tool or limit problem: limits (steps, wall time, tokens), loops
(the same call again and again) and format failures end the run with its best answer marked
incomplete; a BackendError ends it with stop_reason "error".
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Sequence

from agora.answers import final_part, same_number
from agora.agent.copying import (NUMBER, coverage, names_arithmetic, number_sequence, numbers_in, result_number,
                                 writes_arithmetic)
from agora.agent.critique import refine
from agora.errors import BackendError, FormatError
from agora.events import (Draft, LimitReached, Notice, Observation, RunFinished, RunStarted, Thought,
                     ToolCalled, UsageReport)
from agora.agent.arguments import from_question
from agora.agent.recopy import copy_again
from agora.agent.word_copying import copy_words
from agora.agent.relevance import GENERAL_TOOLS, asks, named_tools, plainly_for, relevant_tools
from agora.agent.rounding import as_asked
from agora.agent.done import done_with
from agora.agent.worded import computes_question
from agora.agent.evidence import evidence, states
from agora.agent.grounding import ungrounded
from agora.agent.echo import echoes, no_answer, restates_prompt, unrelated
from agora.agent.examples import builtin_examples, example_messages, hints_for
from agora.agent.state import AnswerStep, FormatFailure, Result, RunState, StopRun, ToolStep
from agora.messages import Message, ToolCall, Usage
from agora.agent.planning import make_plan, plan_message, should_replan
from agora.agent.program import LINE_TOKENS, word_problem, write_program
from agora.agent.program import messages as program_messages
from agora.prompts import render
from agora.text import clip
from agora.tools.core import ToolRegistry, fence, truncate

if TYPE_CHECKING:
    from agora.agent.agent import Agent

DEFAULT_SYSTEM = "You are a helpful assistant."
#: the same call this many times ends the run as a loop (the first repeat only gets a reminder)
LOOP_REPEATS = 3
#: this many replies in a row that are neither a tool call nor an answer end the run
FORMAT_FAILURES = 2
#: a tool result longer than this (passages, a page) is followed by the question again
LONG_RESULT = 400
#: the built-in tools that compute (see :func:`~agora.agent.copying.writes_arithmetic`)
COMPUTE_TOOLS = ("calculator", "python")
_ANSWER_MARK = re.compile(r"\b(?:final answer|answer)\s*(?:is|:|=)", re.IGNORECASE)


def run_agent(agent: "Agent", question: str, *, history: Sequence[Message] | None = None,
              on_event: Any = None, stream: bool = False) -> Result:
    """Run ``agent`` on ``question``; the body of :meth:`Agent.run`."""
    backend = agent.backend()
    registry = agent.registry()
    system, temperature = agent.system_and_temperature()
    state = RunState(
        question=question, backend=backend, critic=agent.critic_backend(),
        emit_fn=on_event or (lambda event: None), source=agent.name, max_steps=agent.max_steps,
        max_tokens=agent.max_tokens, max_seconds=agent.max_seconds, token_budget=agent.token_budget,
        temperature=temperature, seed=agent.seed, stream=stream, settings=agent.settings,
    )
    state.emit(RunStarted(question=question, model=backend.spec, config=agent.describe()))
    stop_reason, error = "answer", None
    tool_mode = len(registry) > 0
    try:
        if agent.plan:
            make_plan(state, registry.names())
        if tool_mode:
            react(state, agent, registry, system, history or [])
        else:
            chain_of_thought(state, agent, system, history or [])
        if agent.critique and state.answer:
            refine(state, render("agent_cot", system=system), agent.max_revisions)
    except StopRun as stop:
        stop_reason = stop.reason
        state.emit(LimitReached(limit=stop.reason, detail=stop.detail))
        if stop.answer and not state.answer:
            record_answer(state, stop.answer, react_reasoning(state, "", stop.answer))
        finish_early(state, stop.reason, tool_mode)
    except BackendError as err:
        stop_reason, error = "error", str(err)
        state.emit(Notice(level="error", text=str(err)))
        if not state.answer:
            state.answer = best_answer(state)
    finally:
        registry.close()  # a python session's variables live for one run
    asked = as_asked(question, state.answer)
    if asked != state.answer:
        state.emit(Notice(level="info", text=f"the answer rounded as the question asks: {state.answer} -> {asked}"))
        state.answer = asked
    complete = stop_reason == "answer"
    state.emit(UsageReport(usage=state.usage, seconds=state.elapsed()))
    state.emit(RunFinished(answer=state.answer, complete=complete, stop_reason=stop_reason,
                           usage=state.usage, seconds=state.elapsed()))
    return state.result(complete=complete, stop_reason=stop_reason, error=error)


def opening_messages(state: RunState, agent: "Agent", system: str, examples: list[Message],
                     history: Sequence[Message]) -> list[Message]:
    """System prompt, worked examples, earlier conversation, then the question (+ plan)."""
    question = state.question
    if state.plan:
        question = f"{question}\n\n{plan_message(state.plan).content}"
    return [Message.system(system), *examples, *history, Message.user(question)]


# --- no tools: chain of thought ----------------------------------------------------------


def preamble(agent: "Agent", registry: ToolRegistry, system: str, *, native_tools: bool,
             question: str = "") -> list[Message]:
    """What a run sends before the conversation and the question: its instructions (the
    chain-of-thought or the ReAct prompt) and its worked examples (for the user's own tools,
    chosen by the question: see :func:`agora.agent.examples.format_example`)."""
    if len(registry):
        examples = builtin_examples(registry, question) if agent.examples is None else agent.examples
        instructions = render("agent_react", system=system, hints=hints_for(registry))
    else:
        examples, instructions = agent.examples or [], render("agent_cot", system=system)
    return [Message.system(instructions), *example_messages(examples, native_tools=native_tools)]


def chain_of_thought(state: RunState, agent: "Agent", system: str, history: Sequence[Message]) -> None:
    head = preamble(agent, agent.registry(), system, native_tools=state.backend.native_tools)
    state.messages = opening_messages(state, agent, head[0].content, head[1:], history)
    completion = state.call(state.messages, stream=state.stream)
    text = completion.text.strip()
    if not text:
        raise StopRun("format", "the model gave an empty reply")
    answer = final_part(text)
    if echoes(answer, head[0].content, state.question):
        raise StopRun("format", "the model repeated its instructions instead of answering")
    record_answer(state, answer, text)
    if completion.finish_reason == "length" and not _ANSWER_MARK.search(text):
        raise StopRun("max_tokens", f"the reply was cut at {state.max_tokens} tokens before an answer line")


def record_answer(state: RunState, answer: str, reasoning: str, revision: int = 0) -> None:
    state.answer, state.reasoning = answer, reasoning
    state.drafts.append(answer)
    state.steps.append(AnswerStep(answer, reasoning, revision))
    state.emit(Draft(answer=answer, reasoning=reasoning, revision=revision))


# --- tools: ReAct ------------------------------------------------------------------------


def react(state: RunState, agent: "Agent", registry: ToolRegistry, system: str,
          history: Sequence[Message]) -> None:
    """Thought + one tool call per step until the model answers (or a limit stops it)."""
    head = preamble(agent, registry, system, native_tools=state.backend.native_tools, question=state.question)
    state.messages = opening_messages(state, agent, head[0].content, head[1:], history)
    state.examples = list(head[1:])
    specs = registry.specs()
    counts: dict[str, int] = {}
    first: dict[str, ToolStep] = {}
    asked: set[str] = set()  # calls the model was asked about finishing with (once each)
    failures = 0
    # arithmetic the question writes out is computed by a tool, not in the model's head: a
    # tiny model answering at once gave numbers like "10.10" for a chain of seven additions
    compute_first = (writes_arithmetic(state.question) or names_arithmetic(state.question)) and \
        any(n in COMPUTE_TOOLS for n in registry.names())
    # so is a question a tool's own test says it serves (two dates for days_between, an
    # amount with a unit for convert): SmolLM2 otherwise answered "1.15" for 68.5 hours in minutes
    about = registry.about()
    compute_first = compute_first or (asks(state.question) and any(test(state.question) for test in about.values()))
    # and a question put to an agent with the user's documents starts by searching them:
    # SmolLM2 answered "According to the documents, who started ...?" from thin air
    compute_first = compute_first or (asks(state.question) and "retrieve" in registry.names())
    # a request naming its tool ("use the add tool") gets a call to it first; else a first
    # step on an emulating backend offers the tools the request is about (see
    # agora.agent.relevance), and with none the step is the answer
    named = named_tools(specs, state.question)
    if state.backend.native_tools:
        opening = specs
    else:
        opening = named or relevant_tools(specs, state.question, about)
    start = 1
    if not named and programs(state, registry, about):
        # a word problem, with python on a local model: the program is written one line under
        # each of its sentences (see agora.agent.program), run, and its printed number is the answer
        if program_step(state, registry, agent, counts, first):
            return
        start = 2
    # a first reply that is no answer (empty, or the prompt's own words) is not a choice to
    # call no tool: with tools on offer for the request, the step is tried again as a call
    must_call = False
    forced: list = []  # the one tool a request plainly for it must call (see plainly_for)
    for index in range(start, agent.max_steps + 1):
        before = state.usage  # what the run had spent before this step
        started = any(isinstance(s, ToolStep) for s in state.steps)
        required = (compute_first or named or must_call) and not started
        choice: dict[str, Any] = {"tool_choice": "required"} if required else {}
        offered = specs if started else (forced or opening)
        if required and offered and not state.backend.native_tools and len(offered) < len(specs):
            # a required call on an emulating backend: every tool shown, the grammar allows the
            # opening ones, so the prompt stays the same from step to step and its cache holds
            # (a prompt of other tools at step 2 was evaluated anew: 4-5 s of 2 cores). Not
            # for a step that may answer: shown every tool, SmolLM2 answered 3 dev requests
            # in words that it had called the one relevant tool for
            choice["allowed_tools"] = [t.name for t in offered]
            offered = specs
        try:
            completion = state.call(state.messages, tools=offered or None, **choice)
        except FormatError as err:  # every retry of the step was cut off, invalid or repeating
            completion = None
            detail = str(err)
        if completion is None:
            failures += 1
            state.steps.append(FormatFailure(index, detail))
            state.emit(Notice(level="warning", text=f"step {index}: {detail}"))
            if failures >= FORMAT_FAILURES:
                raise StopRun("format", f"the model failed the reply format {failures} times in a row")
            state.messages.append(Message.user(render("agent_nudge")))
            continue
        if not completion.tool_calls and not started and opening and not required and \
                no_answer(answer_part(completion.text), [head[0].content, render("agent_nudge")], state.question):
            failures += 1
            state.steps.append(FormatFailure(index, "no answer and no call"))
            state.emit(Notice(level="warning", text=f"step {index}: the reply was neither a tool call nor an "
                                                    "answer; asked again for a call"))
            must_call = True
            continue
        plain = plainly_for(opening, state.question) if not completion.tool_calls and not started and \
            not required and not named else None
        if plain is not None:
            # an answer in words to a request plainly for one of the user's tools (it shares
            # most of that tool's words): the request is carried out by a call, not described
            failures += 1
            state.steps.append(FormatFailure(index, f"an answer in words to a request for {plain.name}"))
            state.emit(Notice(level="warning", text=f"step {index}: the model answered in words a request plainly "
                                                    f"for {plain.name}; asked again for a call"))
            must_call, forced = True, [plain]
            continue
        thought = clip(completion.reasoning, agent.thought_chars)
        if completion.tool_calls:
            failures = 0
            if len(completion.tool_calls) > 1:
                state.emit(Notice(level="info", text=f"the model asked for {len(completion.tool_calls)} "
                                                     "tool calls at once; only the first is run"))
            call = completion.tool_calls[0]
            call = call.model_copy(update={"id": call.id or f"call_{index}"})
            tool = registry.get(call.name)
            if copied_arguments(call, state.examples, state.question, tool.spec().parameters if tool else None):
                failures += 1
                state.steps.append(FormatFailure(index, "a worked example's argument values, copied"))
                state.emit(Notice(level="warning", text=f"step {index}: the model copied a worked example's "
                                                        f"arguments into {call.name}"))
                if failures >= FORMAT_FAILURES:
                    raise StopRun("format", "the model copied a worked example's arguments instead of the question's")
                # the example misled it: the step is tried again without the examples (told
                # instead that it had copied, SmolLM2 went on to copy the example's answer)
                shown = {id(m) for m in state.examples}
                state.messages = [m for m in state.messages if id(m) not in shown]
                continue
            call, notes = from_question(call, registry.get(call.name), state.question,
                                        "\n".join(s.observation for s in state.steps if isinstance(s, ToolStep) and s.ok))
            call, chosen = choose_words(state, call, registry)
            notes += chosen
            for note in notes:
                state.emit(Notice(level="info", text=f"step {index}: argument copied from the question: {note}"))
            earlier = first.get(call_key(call))
            ask = earlier is not None and earlier.ok and call.name not in GENERAL_TOOLS and \
                len(earlier.observation) <= LONG_RESULT and call_key(call) not in asked
            if ask:
                asked.add(call_key(call))
            if ask and earlier is not None and done_with(state, earlier):
                # the same call of the user's tool again, after it succeeded with a short result
                # (a confirmation, not passages): asked, the model chose to finish with that
                # result (see agora.agent.done)
                state.emit(Notice(level="info", text=f"step {index}: {call.name} was called again with the same "
                                                     f"arguments; the model chose to finish with step "
                                                     f"{earlier.index}'s result"))
                answer = earlier.observation.strip()
                record_answer(state, answer, react_reasoning(state, thought, answer))
                return
            step = act(state, registry, agent, index, thought, call, counts, first, usage=state.usage - before)
            missing = left_out(step, state.question)
            if missing:
                state.messages.append(Message.user(render("agent_partial", result=step.observation.strip(),
                                                          missing=missing)))
            elif step.ok and not step.repeated and len(step.observation) > LONG_RESULT:
                state.messages.append(Message.user(render("agent_reground", question=state.question)))
            if agent.plan:
                reason = should_replan(step, agent.replan_every)
                if reason:
                    steps = make_plan(state, registry.names(), reason=reason)
                    if steps:
                        state.messages.append(plan_message(steps, replan=True))
            continue
        text = completion.text.strip()
        last = _last_tool_step(state)
        if text and copied_example(text, state.examples, state.question) and \
                not (last is not None and last.ok and not last.repeated and generic(text) and not asks(state.question)):
            failures += 1
            state.steps.append(FormatFailure(index, "the answer of a worked example, copied"))
            state.emit(Notice(level="warning", text=f"step {index}: the model copied a worked example's answer"))
            if failures >= FORMAT_FAILURES:
                raise StopRun("format", "the model copied a worked example's answer instead of answering")
            state.messages.append(Message.user(render("agent_copied", question=state.question)))
            continue
        if text:
            if thought:
                state.emit(Thought(text=thought, step=index))
            answer = with_result_sign(answer_part(text), _last_tool_step(state))
            computed = computed_result(state, answer)
            if computed is not None:
                raise StopRun("format", f"the answer {clip(answer, 80)!r} does not state the result of step "
                                        f"{computed[0]}, which computed the whole question", answer=computed[1])
            if ungrounded(answer, state.question, _passages(state)):
                raise StopRun("format", f"the answer {clip(answer, 80)!r} states what no retrieved passage says")
            if state.steps and restates_prompt(answer, [head[0].content, fence("", ""), *(t.description for t in specs)],
                                               state.question) and answering_step(state) is not None:
                raise StopRun("format", "the model answered with the prompt's own words, not the tool's result")
            if _last_tool_step(state) is not None and unrelated(answer, state.question, _results(state)):
                raise StopRun("format", "the answer shares no word with the question or the tool results")
            record_answer(state, answer, react_reasoning(state, thought, text))
            return
        failures += 1
        state.steps.append(FormatFailure(index, "neither a tool call nor an answer"))
        state.emit(Notice(level="warning", text=f"step {index}: the model gave neither a tool call nor an answer"))
        if failures >= FORMAT_FAILURES:
            raise StopRun("format", f"the model failed the reply format {failures} times in a row")
        state.messages.append(Message.user(render("agent_nudge")))
    raise StopRun("max_steps", f"{agent.max_steps} steps taken without a final answer")


def programs(state: RunState, registry: ToolRegistry, about: dict) -> bool:
    """True when the run's first step is a program written sentence by sentence: a word
    problem (:func:`agora.agent.program.word_problem`) no other tool's own test claims, with
    python on offer, on an emulating backend that continues a reply under a grammar."""
    return "python" in registry.names() and not state.backend.native_tools and state.backend.continues_text and \
        word_problem(state.question) and not any(test(state.question) for test in about.values())


def program_step(state: RunState, registry: ToolRegistry, agent: "Agent", counts: dict[str, int],
                 first: dict[str, ToolStep]) -> bool:
    """Step 1 of a word problem: the program written under its sentences, run by python. True
    when it printed one number, recorded as the answer; else the run goes on as ReAct steps,
    with the program and its result in the conversation."""
    prompt = program_messages(state.question)
    before = state.usage
    try:
        score = (lambda reply, lines: state.score_lines(prompt, reply, lines)) if state.backend.scores_lines else None
        code = write_program(state.question, lambda reply, grammar: state.continue_text(prompt, reply, grammar,
                                                                                        LINE_TOKENS), score)
    except BackendError as err:  # a grammar llama.cpp refused, a context too small: ReAct steps instead
        state.emit(Notice(level="warning", text=f"step 1: the program could not be written ({err}); the agent "
                                                "goes on step by step"))
        return False
    call = ToolCall(id="call_1", name="python", arguments={"code": code})
    step = act(state, registry, agent, 1, "", call, counts, first, usage=state.usage - before)
    number = result_number(step.observation) if step.ok else None
    if number is None:
        state.emit(Notice(level="info", text="step 1: the program printed no one number; the agent goes on step "
                                             "by step"))
        return False
    if re.fullmatch(r"-?\d+\.0+", number):  # 24.0 from a division that came out whole
        number = number.split(".")[0]
    record_answer(state, number, react_reasoning(state, "", number))
    return True


def act(state: RunState, registry: ToolRegistry, agent: "Agent", index: int, thought: str,
        call: ToolCall, counts: dict[str, int], first: dict[str, ToolStep], usage: Usage | None = None) -> ToolStep:
    """Run one tool call (or refuse a repeated one), record it with ``usage`` (what the model
    spent writing it), and add the call and its fenced observation to the conversation.
    Raises StopRun("loop") on the last repeat."""
    usage = usage or Usage()
    if thought:
        state.emit(Thought(text=thought, step=index))
    state.emit(ToolCalled(call=call, step=index, usage=usage))
    key = call_key(call)
    counts[key] = counts.get(key, 0) + 1
    last = _last_tool_step(state)
    if last is not None and last.ok and restates(call, last.observation):
        # passing the last result back in makes no progress: a loop (small models do this
        # instead of answering); the run ends with that result as its best answer
        state.steps.append(ToolStep(index, thought, call, "(not run: it only restates the last result)",
                                    False, 0.0, repeated=True, usage=usage))
        raise StopRun("loop", f"the model passed the last result of {last.call.name} back to {call.name} "
                              "instead of answering", answer=last.observation.strip())
    covering = covering_step(state)
    if covering is not None and covering is last and uses_result(call, last.observation):
        # the last call used every number of the question and succeeded; calling again on
        # its result is the run-away a tiny model falls into ("3058 + 46*91", ...): end with it
        state.steps.append(ToolStep(index, thought, call, "(not run: the last call already used every "
                                    "quantity of the question)", False, 0.0, repeated=True, usage=usage))
        raise StopRun("loop", f"the model called {call.name} on the result of a call that had already used "
                              "every number of the question",
                      answer=result_number(last.observation) or last.observation.strip())
    if counts[key] > 1:
        earlier = first[key]
        content = (f"You already called {call.name} with these arguments (step {earlier.index}). "
                   f"Its result was:\n{earlier.observation}\nDo not call it again: use that result "
                   "and give the final answer.")
        step = ToolStep(index, thought, call, content, earlier.ok, 0.0, repeated=True, usage=usage)
    else:
        result = registry.run(call, timeout=state.max_seconds - state.elapsed(), emit=state.emit)
        content, _ = truncate(result.content, agent.observation_chars)
        step = ToolStep(index, thought, call, content, result.ok, result.seconds, usage=usage)
        first[key] = step
    state.steps.append(step)
    state.emit(Observation(tool=call.name, content=step.observation, ok=step.ok, seconds=step.seconds,
                           step=index))
    state.messages.append(Message.assistant(thought, [call]))
    state.messages.append(Message.tool(fence(call.name, step.observation), tool_call_id=call.id, name=call.name,
                                       error=not step.ok or step.repeated))
    if counts[key] >= LOOP_REPEATS:
        raise StopRun("loop", f"the model called {call.name} with the same arguments {counts[key]} times")
    return step


def call_key(call: ToolCall) -> str:
    """A call's tool and arguments as one string: equal calls have equal keys."""
    return f"{call.name}:{json.dumps(call.arguments, sort_keys=True, default=str)}"


def _last_tool_step(state: RunState) -> ToolStep | None:
    for s in reversed(state.steps):
        if isinstance(s, ToolStep):
            return s
    return None


def choose_words(state: RunState, call: ToolCall, registry: ToolRegistry) -> tuple[ToolCall, list[str]]:
    """A user's tool called with free text the request never wrote: those arguments chosen
    again among the request's words (:func:`agora.agent.recopy.copy_again`), then mended as
    the first call's were (:func:`agora.agent.word_copying.copy_words`); the call as it was
    when that second call fails."""
    tool = registry.get(call.name)
    if tool is None or call.name in GENERAL_TOOLS or state.backend.native_tools:
        return call, []
    try:
        again, notes = copy_again(state, call, tool.spec(), state.messages, state.question)
        if notes:  # the words chosen again are mended like the first ones ("Nordlys for 4", hours 4)
            again, mended = copy_words(again, tool.spec(), state.question)
            notes += mended
        return again, notes
    except FormatError:  # its failed tries were counted by state.call
        return call, []
    except BackendError as err:  # the second ask is a refinement: its failure keeps the first call
        state.emit(Notice(level="warning", text=f"the call's names could not be asked for again: {err}"))
        return call, []


def answer_part(text: str) -> str:
    """The answer a reply gives: after its "Answer:" mark when it has one, else all of it."""
    text = text.strip()
    return final_part(text) if _ANSWER_MARK.search(text) else text


def _passages(state: RunState) -> list[str]:
    """What the run's successful retrieve calls returned (see :mod:`agora.agent.grounding`)."""
    return [s.observation for s in state.steps
            if isinstance(s, ToolStep) and s.ok and not s.repeated and s.call.name == "retrieve"]


def _results(state: RunState) -> list[str]:
    """The tool results of the run, not a repeated call's reminder ("Do not call it again")."""
    return [s.observation for s in state.steps if isinstance(s, ToolStep) and not s.repeated]


def restates(call: ToolCall, observation: str) -> bool:
    """True when the call's only argument is the last result itself (or it without its
    sign), e.g. a calculator called on "-83" (or "83") right after it answered "-83"."""
    values = [str(v).strip() for v in call.arguments.values()]
    text = observation.strip()
    return len(values) == 1 and bool(text) and values[0] in (text, text.lstrip("+-"))


def left_out(step: ToolStep, question: str) -> list[str]:
    """The question's numbers a successful call did not use, when it used some of them (a
    question of two numbers or more): the model copied part of the task."""
    wanted = number_sequence(question)
    if len(set(wanted)) < 2 or not step.ok or step.repeated:
        return []
    share = coverage(step.call, question)
    if not 0 < share < 1:
        return []
    used = numbers_in(json.dumps(step.call.arguments, ensure_ascii=False))
    return list(dict.fromkeys(n for n in wanted if n not in used))


def copied_example(text: str, examples: Sequence[Message], question: str) -> bool:
    """True when ``text`` is word for word the answer of a worked example (and the question is
    not that example's own)."""
    said = " ".join(text.split()).strip('"').lower()
    for i, m in enumerate(examples):
        if m.role != "assistant" or m.tool_calls:
            continue
        shown = m.content
        try:
            shown = str(json.loads(shown).get("answer", shown))
        except (ValueError, AttributeError):
            pass
        asked = next((e.content for e in reversed(examples[:i]) if e.role == "user"), "")
        if " ".join(shown.split()).lower() == said and asked.strip() != question.strip():
            return True
    return False


def generic(text: str) -> bool:
    """True for an answer that says nothing of a task's own ("Done.", "OK"): no digit and at
    most two words. After a call that succeeded, such a worked example's answer is not copied
    content but a fair reply to a request the call carried out (not to a question: "Done."
    for "What is the weather in Oslo?" says nothing)."""
    return not re.search(r"\d", text) and len(text.split()) <= 2


def copied_arguments(call: ToolCall, examples: Sequence[Message], question: str,
                     parameters: dict | None = None) -> bool:
    """True when a string argument of the call is one a worked example's call used and the
    question does not say (SmolLM2 greeted with "Hello!" called the example's tool with the
    example's placeholder value). Not an enum's value (``parameters``: the tool's schema): one
    of a few fixed choices is no copy (the example shows the first, "yes", and a request that
    says "maybe" has its choice put right as the request states it)."""
    shown = {str(v).strip().lower() for m in examples for c in m.tool_calls for v in c.arguments.values()
             if isinstance(v, str) and len(v.strip()) >= 3}
    asked = question.lower()
    props = (parameters or {}).get("properties") or {}
    return any(isinstance(v, str) and v.strip().lower() in shown and v.strip().lower() not in asked
               and not (isinstance(props.get(k), dict) and props[k].get("enum"))
               for k, v in call.arguments.items())


def with_result_sign(answer: str, last: ToolStep | None) -> str:
    """The answer with the numeric result put back when the answer's one number is a lossy
    copy of it: after "-4312" SmolLM2 answered "4312" or "The value is 4312." (the sign
    dropped), and a digit can go the same way. Only when the result is one number and the
    answer holds one number, written inside the result."""
    if last is None or not last.ok:
        return answer
    result = result_number(last.observation)
    found = list(NUMBER.finditer(answer))
    if not result or len(found) != 1:
        return answer
    said = found[0]
    if said.group(0) == result or said.group(0) not in result:
        return answer
    return answer[:said.start()] + result + answer[said.end():]


def computed_result(state: RunState, answer: str) -> tuple[int, str] | None:
    """(step, result) of the call that computed exactly the question's whole task
    (:func:`agora.agent.worded.computes_question`) when the answer's last number is not its
    result, else None. That result is the best answer of a run that stops for the format:
    Gemma-3-270M answered "6448720" after 84 * 29 * 20 gave 48720 (the worked example's
    answer, 6, then the result), or "65 + 33 + 42 = 1000"."""
    for s in state.steps:
        if isinstance(s, ToolStep) and s.ok and not s.repeated and computes_question(s.call.name, s.call.arguments,
                                                                                      state.question):
            result = result_number(s.observation)
            said = NUMBER.findall(answer)
            if result is None or (said and same_number(said[-1], result)):
                return None
            return s.index, result
    return None


def covering_step(state: RunState) -> ToolStep | None:
    """The first successful call that used every number of a question holding at least two:
    the call that computed the whole task, whatever the model did after it."""
    if len(numbers_in(state.question)) < 2:
        return None
    for s in state.steps:
        if isinstance(s, ToolStep) and s.ok and not s.repeated and s.observation.strip() \
                and len(s.observation) <= 200 and coverage(s.call, state.question) >= 1.0:
            return s
    return None


def uses_result(call: ToolCall, observation: str) -> bool:
    """True when the call's arguments contain the (numeric) result it follows."""
    result = numbers_in(observation)
    return len(result) == 1 and bool(result & numbers_in(json.dumps(call.arguments, ensure_ascii=False)))


def react_reasoning(state: RunState, thought: str, final_text: str) -> str:
    """The run as readable text: thoughts, actions, observations, then the answer."""
    lines = []
    for s in state.steps:
        if isinstance(s, ToolStep):
            if s.thought:
                lines.append(f"Thought: {s.thought}")
            lines.append(f"Action: {s.call.name}({json.dumps(s.call.arguments, ensure_ascii=False)})")
            lines.append(f"Observation: {clip(s.observation, 500)}")
    if thought:
        lines.append(f"Thought: {thought}")
    if not _ANSWER_MARK.search(final_text):
        final_text = f"Answer: {final_text}"
    lines.append(final_text)
    return "\n".join(lines)


# --- stopping early ----------------------------------------------------------------------


def finish_early(state: RunState, reason: str, tool_mode: bool) -> None:
    """Give the run its best answer after a stop. A tool run that stopped for steps or the
    format answers with the observation that answered the question (:func:`answering_step`:
    asked for a last answer instead, SmolLM2 wrote "clear and sunny" and dropped the 21.5 its
    tool had returned); only without one does it get one last call without tools (when time
    and tokens allow). A loop usually does not: the model has shown it keeps calling instead of answering (asked anyway, SmolLM2
    copied the expression or the fence text), so the short result it keeps asking for is the
    answer; only a loop with no short result gets :func:`answer_from_results`, and so does a
    format stop with none (an answer unrelated to the results it followed, see :func:`unrelated`).
    Last, a look-up's answer that leaves out what the retrieved sentence answering the question
    says is replaced by that sentence (:func:`with_evidence`)."""
    if not state.answer:
        _finish(state, reason, tool_mode)
    if tool_mode:
        with_evidence(state)


def with_evidence(state: RunState) -> None:
    """After a failed run that retrieved passages: the passage sentence that answers the
    question (:mod:`agora.agent.evidence`) stands as the answer when the run's answer does not
    tell what it tells."""
    observations = _passages(state)
    if not observations or not asks(state.question):
        return
    found = evidence(state.question, observations)
    if found is None or states(state.answer, found, state.question, observations):
        return
    state.emit(Notice(level="info", text=f"the answer {clip(state.answer, 80)!r} leaves out what [{found.citation}] "
                                         f"says to the question; answering with its sentence"))
    record_answer(state, found.sentence, react_reasoning(state, "", found.sentence))


def _finish(state: RunState, reason: str, tool_mode: bool) -> None:
    if tool_mode and reason in ("loop", "format") and not best_answer(state) and answer_from_results(state):
        return
    if tool_mode and reason in ("max_steps", "format") and answering_step(state) is None:
        try:
            prompt = render("agent_final", reason=reason.replace("_", " "), question=state.question)
            completion = state.call([*state.messages, Message.user(prompt)], stream=state.stream)
            text = completion.text.strip()
            if text and not copied_example(final_part(text), state.examples, state.question) and \
                    not no_answer(answer_part(text), [prompt], state.question):
                record_answer(state, final_part(text), react_reasoning(state, "", text))
                return
        except (StopRun, BackendError) as err:
            state.emit(Notice(level="warning", text=f"no final answer could be asked for: {err}"))
    state.answer = best_answer(state)


_TAG = re.compile(r"<[^>]+>\n?")


def answer_from_results(state: RunState) -> bool:
    """After a loop with no short result (a retrieved passage, a page): one call without
    tools or conversation, the results (fences and tags stripped) right before the question,
    as retrieve-then-answer does. A tiny model that kept calling can often copy the fact from
    there; asked inside the conversation it tends to copy the fence text instead."""
    results = [_TAG.sub("", s.observation).strip() for s in state.steps
               if isinstance(s, ToolStep) and s.ok and not s.repeated]
    if not results:
        return False
    try:
        prompt = render("agent_final_results", results=results[-2:], question=state.question)
        text = state.call([Message.user(prompt)]).text.strip()
    except (StopRun, BackendError) as err:
        state.emit(Notice(level="warning", text=f"no final answer could be asked for: {err}"))
        return False
    if text:
        record_answer(state, final_part(text), react_reasoning(state, "", text))
    return bool(text)


def answering_step(state: RunState) -> ToolStep | None:
    """The successful short observation that most likely answers the question: the first
    call that used every number of the question (:func:`covering_step`), else the call that
    used the most of them (earliest on a tie), else the last short one. Not simply the last:
    a tiny model that goes on calling after the right result ends on a wrong one."""
    covering = covering_step(state)
    if covering is not None:
        return covering
    short = [s for s in state.steps if isinstance(s, ToolStep) and s.ok and not s.repeated
             and s.observation.strip() and len(s.observation) <= 200]
    if not short:
        return None
    best = max(coverage(s.call, state.question) for s in short)
    if best > 0:
        return next(s for s in short if coverage(s.call, state.question) == best)
    return short[-1]


def best_answer(state: RunState) -> str:
    """The last draft; else the observation that answered the question
    (:func:`answering_step`); else nothing."""
    if state.drafts:
        return state.drafts[-1]
    step = answering_step(state)
    if step is None:
        return ""
    return result_number(step.observation) or step.observation.strip()
