"""Tokens per second of the local backend: agora's LlamaBackend versus llama-cpp-python called
directly, same model, prompt, seed and token limit, interleaved in one run.

    python examples/bench_backend.py [--model local:smollm2] [--runs 5] [--max-tokens 64]

Prompt speed = prompt tokens / time to the first token (each run starts with a fresh prefix,
so the whole prompt is read); generation speed = (tokens - 1) / time after the first token.
Also shows what KV prefix reuse saves on a follow-up turn.
"""

from __future__ import annotations

import argparse
import statistics
import time

from agora.backends import load_backend
from agora.backends.llama_load import quiet_stderr, without_extra_buffers
from agora.messages import Completion, Message

TEXT = ("The committee reviewed the proposal for a new public library in the town centre. "
        "Supporters pointed to rising visitor numbers, the need for quiet study space and the "
        "value of free internet access; opponents worried about the cost of construction, the "
        "loss of parking and the upkeep of an older building nearby. ") * 3


def messages(run: int) -> list[Message]:
    # a different first line per run, so neither side can reuse the previous run's KV cache
    return [Message.system(f"Run {run}. You are a helpful assistant."),
            Message.user(TEXT + "\nSummarise the arguments for and against in three sentences.")]


def via_agora(backend, run: int, max_tokens: int) -> tuple[float, float, int, int]:
    started = time.perf_counter()
    first = None
    for item in backend.stream(messages(run), max_tokens=max_tokens, temperature=0.7, seed=run):
        if first is None:
            first = time.perf_counter() - started
        if isinstance(item, Completion):
            total = time.perf_counter() - started
            return first, total, item.usage.prompt_tokens, item.usage.completion_tokens
    raise RuntimeError("no completion")


def direct(llm, run: int, max_tokens: int) -> tuple[float, float, int, int]:
    chat = [{"role": m.role, "content": m.content} for m in messages(run)]
    started = time.perf_counter()
    first = None
    pieces = []
    for chunk in llm.create_chat_completion(chat, max_tokens=max_tokens, temperature=0.7, seed=run,
                                            stream=True):
        delta = chunk["choices"][0]["delta"].get("content")
        if delta:
            if first is None:
                first = time.perf_counter() - started
            pieces.append(delta)
    total = time.perf_counter() - started
    n_out = len(llm.tokenize("".join(pieces).encode(), add_bos=False, special=True))
    return first or total, total, 0, n_out


def speeds(rows: list[tuple[float, float, int, int]], prompt_tokens: int) -> tuple[float, float, float]:
    pp = statistics.median(prompt_tokens / r[0] for r in rows)
    tg = statistics.median((r[3] - 1) / (r[1] - r[0]) for r in rows if r[3] > 1 and r[1] > r[0])
    wall = statistics.median(r[1] for r in rows)
    return pp, tg, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="local:smollm2")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--max-tokens", type=int, default=64)
    ap.add_argument("--n-ctx", type=int, default=4096)
    args = ap.parse_args()

    backend = load_backend(args.model, n_ctx=args.n_ctx)
    # the same loading path as agora (quiet, and without AMX buffers where they crash), but a
    # plain llama_cpp.Llama object used through its own chat API
    import llama_cpp

    with quiet_stderr(), without_extra_buffers(llama_cpp, not backend._extra_buffers):
        llm = llama_cpp.Llama(model_path=str(backend.path), n_ctx=args.n_ctx, verbose=False)

    via_agora(backend, -1, 8)  # warm up both (first decode allocates buffers)
    direct(llm, -1, 8)
    ours, theirs = [], []
    for run in range(args.runs):
        ours.append(via_agora(backend, run, args.max_tokens))
        theirs.append(direct(llm, run, args.max_tokens))
    prompt_tokens = ours[0][2]

    a, d = speeds(ours, prompt_tokens), speeds(theirs, prompt_tokens)
    print(f"model {args.model}  prompt {prompt_tokens} tokens  up to {args.max_tokens} new tokens  "
          f"{args.runs} runs each, interleaved (medians)")
    print(f"{'':24}{'agora':>12}{'llama-cpp':>12}{'ratio':>8}")
    print(f"{'prompt tokens/s':24}{a[0]:12.1f}{d[0]:12.1f}{a[0] / d[0]:8.2f}")
    print(f"{'generation tokens/s':24}{a[1]:12.1f}{d[1]:12.1f}{a[1] / d[1]:8.2f}")
    print(f"{'wall seconds per call':24}{a[2]:12.3f}{d[2]:12.3f}{a[2] / d[2]:8.2f}")

    # KV prefix reuse: a follow-up turn re-reads only the new part
    first = backend.complete(messages(99), max_tokens=args.max_tokens, seed=1)
    follow = messages(99) + [Message.assistant(first.text), Message.user("Now in one sentence.")]
    again = backend.complete(follow, max_tokens=16, seed=1)
    print(f"follow-up turn: {again.usage.prompt_tokens} prompt tokens, "
          f"{again.usage.prompt_tokens_evaluated} evaluated (the rest reused from the KV cache)")
    llm.close()
    backend.close()


if __name__ == "__main__":
    main()
