"""Generation speed of a grammar-constrained tool step against free text, same model, prompt
and seed, interleaved in one run: agora's order (sample, then check that one token against the
grammar) and llama-cpp-python's (the grammar over the whole vocabulary every token).

    python examples/bench_tool_step.py [--model local:smollm2] [--runs 5] [--tokens 48]

Speed = generated tokens / generation seconds, the prompt already in the KV cache (it is read
once before each timed call), so only token generation is compared. Target: a tool step at
>= 0.7x the free-text tokens/s.
"""

from __future__ import annotations

import argparse
import statistics
import time

from agora.backends import load_backend
from agora.backends.base import tool_step_schema
from agora.messages import Message, ModelSettings, ToolSpec

TOOLS = [
    ToolSpec(name="python", description="Run Python code and return what it prints.",
             parameters={"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]}),
    ToolSpec(name="calculator", description="Evaluate an arithmetic expression.",
             parameters={"type": "object", "properties": {"expression": {"type": "string"}},
                         "required": ["expression"]}),
    ToolSpec(name="search", description="Search the web.",
             parameters={"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}),
]
PROMPT = [Message.system("You are a helpful assistant. Reply with one JSON object: "
                         '{"tool": "<name>", "arguments": {...}}.'),
          Message.user("Write a Python program that prints the first twenty square numbers, one per line, "
                       "with a comment on each line explaining it.")]


def timed(backend, schema, tokens: int, seed: int) -> tuple[float, int]:
    settings = ModelSettings(max_tokens=tokens, temperature=0.0, seed=seed)
    backend.complete(PROMPT, settings=settings.merged({"max_tokens": 1}))  # the prompt into the KV cache
    gen = backend._generate(PROMPT, schema=schema, kind="call", settings=settings,
                            seed=seed, stream=False)
    started = time.perf_counter()
    try:
        while True:
            next(gen)
    except StopIteration as done:
        _, _, usage = done.value
    seconds = time.perf_counter() - started
    return usage.completion_tokens / seconds, usage.completion_tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="local:smollm2")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=48)
    args = parser.parse_args()
    backend = load_backend(args.model)
    llm = backend._llm
    schema = tool_step_schema(TOOLS, thought_max=0)  # the first step of a run: a call or {"answer"}
    rates: dict[str, list[float]] = {"free text": [], "tool step (agora)": [], "tool step (whole vocabulary)": []}
    for run in range(args.runs):
        llm.grammar_first = True
        rates["free text"].append(timed(backend, None, args.tokens, run)[0])
        rates["tool step (agora)"].append(timed(backend, schema, args.tokens, run)[0])
        llm.grammar_first = False
        rates["tool step (whole vocabulary)"].append(timed(backend, schema, args.tokens, run)[0])
    llm.grammar_first = True
    free = statistics.median(rates["free text"])
    print(f"{args.model}, {args.runs} runs, up to {args.tokens} tokens, greedy; median tokens/s:")
    for name, values in rates.items():
        median = statistics.median(values)
        print(f"  {name:30s} {median:7.1f} tok/s   {median / free:5.2f}x free text")


if __name__ == "__main__":
    main()
