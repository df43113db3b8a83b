"""In-context worked examples for the agent, and how they become chat messages.

A worked example is a short solved conversation placed before the real question. Tiny models
learn the shape of a tool step far better from one example than from a description: with
the example and the backend's grammar, SmolLM2-135M copies the expression into a calculator
call and the result into the answer.

Users pass their own as ``Agent(examples=[...])``: dicts like ::

    {"question": "What is the remainder when 1000 is divided by 7?",
     "steps": [{"tool": "calculator", "arguments": {"expression": "1000 % 7"}, "observation": "6"}],
     "answer": "6"}

(without ``steps`` for chain-of-thought: ``{"question", "reasoning", "answer"}``), or lists
of :class:`~agora.messages.Message`. ``examples=[]`` turns the built-in ones off.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from pydantic import BaseModel, Field

from agora.agent.relevance import relevant_tools, tool_words, words
from agora.messages import Message, ToolCall
from agora.tools.core import ToolRegistry, fence


class ExampleStep(BaseModel):
    thought: str = ""
    tool: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    observation: str


class Example(BaseModel):
    question: str
    steps: list[ExampleStep] = Field(default_factory=list)
    reasoning: str = ""
    answer: str
    #: answered without a tool by an agent that has tools (written as the step format's answer)
    direct: bool = False


#: worked examples of the built-in tools (kept only when the tool is present and the
#: arguments fit its current schema). Each is deliberately of a shape no evaluation family
#: has (a remainder, counting letters, a book's author, a brand-guide look-up), so what the agent
#: scores is not copied from its prompt; what they teach is the step format: one call with
#: the values copied from the question, then the result as the answer, in plain text.
BUILTIN_EXAMPLES: dict[str, list[dict[str, Any]]] = {
    "calculator": [
        {"question": "What is the remainder when 1000 is divided by 7?",
         "steps": [{"tool": "calculator", "arguments": {"expression": "1000 % 7"}, "observation": "6"}],
         "answer": "6"},
    ],
    "python": [
        {"question": "What is the remainder when 1000 is divided by 7?",
         "steps": [{"tool": "python", "arguments": {"code": "remainder = 1000 % 7\nprint(remainder)"},
                    "observation": "6"}],
         "answer": "6"},
        {"question": "How many times does the letter r appear in the word strawberry?",
         "steps": [{"tool": "python", "arguments": {"code": "word = 'strawberry'\nprint(word.count('r'))"},
                    "observation": "3"}],
         "answer": "3"},
    ],
    "search": [
        {"question": "Who wrote the novel Middlemarch?",
         "steps": [{"tool": "search", "arguments": {"query": "Middlemarch novel author"},
                    "observation": "1. Middlemarch - Wikipedia\nMiddlemarch is a novel by George Eliot, "
                                   "published in 1871-72."}],
         "answer": "George Eliot"},
    ],
    "retrieve": [
        {"question": "What colour is the logo in our brand guide?",
         "steps": [{"tool": "retrieve", "arguments": {"query": "logo colour"},
                    "observation": "Passages from the indexed documents. Cite the ones you use as "
                                   "[source#chunk].\n<document cite=\"[brand.md#0]\">\nThe logo is dark "
                                   "green on a white ground.\n</document>"}],
         "answer": "Dark green on white [brand.md#0]"},
    ],
    # the date tools' examples are shown only to the questions each tool claims (see
    # builtin_examples): shown one of each in a fixed order, SmolLM2 called the last one's
    # tool (weekday) for every date question
    "days_between": [
        {"question": "My lease ran from 2019-05-01 until 2019-06-15. How long was it, counted in days?",
         "steps": [{"tool": "days_between", "arguments": {"start": "2019-05-01", "end": "2019-06-15"},
                    "observation": "45"}],
         "answer": "45"},
    ],
    "shift_date": [
        {"question": "A 90-day warranty starts on 2021-11-20. On which date does it end?",
         "steps": [{"tool": "shift_date", "arguments": {"date": "2021-11-20", "days": 90, "direction": "after"},
                    "observation": "2022-02-18"}],
         "answer": "2022-02-18"},
    ],
    "weekday": [
        {"question": "Was 1999-12-31 a weekend?",
         "steps": [{"tool": "weekday", "arguments": {"date": "1999-12-31"}, "observation": "Friday"}],
         "answer": "No, it was a Friday."},
    ],
    # a shape unlike the units_* families' ("How many X are in N Y?", "Convert N X to Y.")
    "convert": [
        {"question": "Express 3 hours in seconds.",
         "steps": [{"tool": "convert", "arguments": {"amount": 3, "from_unit": "hours", "to_unit": "seconds"},
                    "observation": "10800"}],
         "answer": "10800"},
    ],
}

#: shown whenever an agent has tools: a message no tool serves is answered directly
DIRECT_EXAMPLES: list[dict[str, Any]] = [
    {"question": "Thanks, that is all for today!", "answer": "You are welcome. Goodbye!"},
]

#: one line of advice per built-in tool, put in the system prompt when the tool is present
TOOL_HINTS = {
    "calculator": "Use the calculator for every calculation: pass it the whole expression instead of "
                  "computing in your head.",
    "python": "Use python to compute or check anything numeric: print the result.",
    "search": "Use search for facts you are not sure of, and name the source in the answer.",
    "retrieve": "Use retrieve to look things up in the user's documents, and cite the passages.",
    "convert": "Use convert for every change of unit: the amount and both units as the question writes them.",
    "days_between": "Use the date tools for calendar questions: copy the dates as the question writes them.",
}


def hints_for(registry: ToolRegistry) -> list[str]:
    return [TOOL_HINTS[name] for name in registry.names() if name in TOOL_HINTS]


def builtin_examples(registry: ToolRegistry, question: str = "") -> list[Example]:
    """Built-in examples for the tools in ``registry`` the question may be about (the tools
    :func:`~agora.agent.relevance.relevant_tools` offers it) whose arguments still validate,
    those of the tool whose example shares the most words with the question last (choosing
    demonstrations by similarity to the input, as Liu et al. 2022 do; each tool's own
    examples in their order), after
    the direct-answer one (a tiny model copies the last turn it saw most: that must be a
    tool example's, or it answers everything without tools). With no tool example (the
    user's own tools) the direct one is left out too: alone, SmolLM2 copied its answer
    instead of calling the user's tools."""
    offered = {s.name for s in relevant_tools(registry.specs(), question, registry.about())} if question \
        else set(registry.names())
    out: list[Example] = []
    for name in registry.names():
        if name not in offered:
            continue
        for raw in BUILTIN_EXAMPLES.get(name, []):
            example = Example.model_validate(raw)
            if all(_fits(registry, s) for s in example.steps):
                out.append(example)
    # the examples of the tool most like the question last: they are the ones a tiny model
    # follows. Each tool's own examples keep their order: sorted one by one, the remainder
    # example (1000 % 7) came last for every division question and SmolLM2 wrote % for /
    asked = words(question)
    score: dict[str, int] = {}
    for ex in out:
        tool = ex.steps[0].tool if ex.steps else ""
        score[tool] = max(score.get(tool, 0), len(asked & words(ex.question)))
    out.sort(key=lambda ex: score[ex.steps[0].tool if ex.steps else ""])
    if not out:
        generic = format_example(registry, question)
        if generic is None:
            return []
        out = [generic]
    return [Example.model_validate({**raw, "direct": True}) for raw in DIRECT_EXAMPLES] + out


#: placeholder values of a generic example, by JSON type: plainly not from any real request
_PLACEHOLDERS = {"string": "Alpha", "integer": 3, "number": 2.5, "boolean": True}


def format_example(registry: ToolRegistry, question: str = "") -> Example | None:
    """A worked example for tools that have none (the user's own): the tool whose name,
    description and parameters share the most words with the question (tool retrieval, as for large tool
    sets; none shares one: no example), its required parameters all plain values, asked for by
    name with placeholder values ("set thermostat with room Alpha, degrees 3."), the call
    copying each value. It shows the step format and that values are copied from the request,
    nothing about any real task."""
    asked = words(question)
    ranked = sorted(registry.specs(), key=lambda t: -len(asked & tool_words(t)))
    if question and (not ranked or not asked & tool_words(ranked[0])):
        return None
    for spec in ranked:
        params = spec.parameters or {}
        props = params.get("properties", {})
        required = [k for k in params.get("required", []) if k in props]
        if not required:
            continue
        values: dict[str, Any] = {}
        for name in required:
            prop = props[name]
            if "enum" in prop and prop["enum"]:
                values[name] = prop["enum"][0]
            elif prop.get("type") in _PLACEHOLDERS:
                values[name] = _PLACEHOLDERS[prop["type"]]
            else:
                break
        else:
            said = ", ".join(f"{k.replace('_', ' ')} {str(v).lower() if isinstance(v, bool) else v}"
                             for k, v in values.items())
            question = f"{spec.name.replace('_', ' ').capitalize()} with {said}."
            return Example(question=question, answer="Done.",
                           steps=[ExampleStep(tool=spec.name, arguments=values, observation="ok")])
    return None


def _fits(registry: ToolRegistry, step: ExampleStep) -> bool:
    tool = registry.get(step.tool)
    if tool is None:
        return False
    try:
        tool.args_model.model_validate(step.arguments)
    except ValueError:
        return False
    return True


def example_messages(examples: Sequence[Any], *, native_tools: bool) -> list[Message]:
    """Chat messages for worked examples (Example, dict, or a list of Messages each).

    The final answer of a tool example is plain text, also for backends that emulate tools
    with a JSON grammar. Measured on SmolLM2-135M: written as the JSON answer step, that
    last assistant turn is what the model copies first, so it answered at once without
    calling the tool in most questions; as plain text it called the tool every time.
    (``native_tools`` is kept for callers that want to format examples per backend.)"""
    out: list[Message] = []
    for i, item in enumerate(examples):
        if isinstance(item, (list, tuple)) and all(isinstance(m, Message) for m in item):
            out.extend(item)
            continue
        ex = item if isinstance(item, Example) else Example.model_validate(item)
        out.append(Message.user(ex.question))
        for j, step in enumerate(ex.steps):
            call = ToolCall(id=f"example_{i}_{j}", name=step.tool, arguments=step.arguments)
            out.append(Message.assistant(step.thought, [call]))
            out.append(Message.tool(fence(step.tool, step.observation), tool_call_id=call.id, name=step.tool))
        if ex.steps:
            out.append(Message.assistant(ex.answer))
        elif ex.direct:
            # the first step of a tool run is JSON on backends that emulate tools
            out.append(Message.assistant(ex.answer if native_tools else json.dumps({"answer": ex.answer})))
        else:
            reasoning = f"{ex.reasoning.strip()}\n" if ex.reasoning.strip() else ""
            out.append(Message.assistant(f"{reasoning}Answer: {ex.answer}"))
    return out
