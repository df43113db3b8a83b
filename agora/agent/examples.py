"""In-context worked examples for the agent, and how they become chat messages.

A worked example is a short solved conversation placed before the real question. Tiny models
learn the shape of a tool step far better from one example than from a description: with
the example and the backend's grammar, SmolLM2-135M copies the expression into a calculator
call and the result into the answer.

Users pass their own as ``Agent(examples=[...])``: dicts like ::

    {"question": "What is 17 * 23 + 4?",
     "steps": [{"thought": "I compute it.", "tool": "calculator",
                "arguments": {"expression": "17*23+4"}, "observation": "395"}],
     "answer": "395"}

(without ``steps`` for chain-of-thought: ``{"question", "reasoning", "answer"}``), or lists
of :class:`~agora.messages.Message`. ``examples=[]`` turns the built-in ones off.
"""

from __future__ import annotations

from typing import Any, Sequence

from pydantic import BaseModel, Field

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


#: worked examples of the built-in tools (kept only when the tool is present and the
#: arguments fit its current schema)
BUILTIN_EXAMPLES: dict[str, list[dict[str, Any]]] = {
    # The thought is the bare expression: SmolLM2-135M then copies the expression from the
    # question into both the thought and the call (a wordy thought made it skip the tool).
    "calculator": [
        {"question": "What is 7*3+4-12*9?",
         "steps": [{"thought": "7*3+4-12*9", "tool": "calculator",
                    "arguments": {"expression": "7*3+4-12*9"}, "observation": "-83"}],
         "answer": "-83"},
    ],
    "python": [
        {"question": "What is the sum of the squares of the numbers from 1 to 10?",
         "steps": [{"thought": "I compute it with Python.", "tool": "python",
                    "arguments": {"code": "print(sum(i * i for i in range(1, 11)))"},
                    "observation": "385"}],
         "answer": "385"},
    ],
    "search": [
        {"question": "Who wrote the novel Middlemarch?",
         "steps": [{"thought": "I search the web.", "tool": "search",
                    "arguments": {"query": "Middlemarch novel author"},
                    "observation": "1. Middlemarch - Wikipedia\nMiddlemarch is a novel by George Eliot, "
                                   "published in 1871-72."}],
         "answer": "George Eliot"},
    ],
    "retrieve": [
        {"question": "What is the warranty period in our product manual?",
         "steps": [{"thought": "I look it up in the documents.", "tool": "retrieve",
                    "arguments": {"query": "warranty period"},
                    "observation": "[1] manual.pdf p.4: The warranty period is two years from purchase."}],
         "answer": "Two years from purchase [1]"},
    ],
}

#: one line of advice per built-in tool, put in the system prompt when the tool is present
TOOL_HINTS = {
    "calculator": "Use the calculator for every calculation: pass it the whole expression instead of "
                  "computing in your head.",
    "python": "Use python to compute or check anything numeric: print the result.",
    "search": "Use search for facts you are not sure of, and name the source in the answer.",
    "retrieve": "Use retrieve to look things up in the user's documents, and cite the passages.",
}


def hints_for(registry: ToolRegistry) -> list[str]:
    return [TOOL_HINTS[name] for name in registry.names() if name in TOOL_HINTS]


def builtin_examples(registry: ToolRegistry) -> list[Example]:
    """Built-in examples for the tools in ``registry`` whose arguments still validate."""
    out = []
    for name in registry.names():
        for raw in BUILTIN_EXAMPLES.get(name, []):
            example = Example.model_validate(raw)
            if all(_fits(registry, s) for s in example.steps):
                out.append(example)
    return out


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
        else:
            reasoning = f"{ex.reasoning.strip()}\n" if ex.reasoning.strip() else ""
            out.append(Message.assistant(f"{reasoning}Answer: {ex.answer}"))
    return out
