"""`agora ask` end to end versus llama-cpp-python called directly, and `agora --help` cold start.

    python examples/bench_ask.py [--runs 5] [--max-tokens 64] [--question "..."]

Both sides are whole fresh processes, run interleaved in one session: `agora ask QUESTION
--model local:smollm2 --max-tokens N --temperature 0 --seed S --json` against a small script
that imports llama_cpp, loads the same GGUF with the same context size, and sends the same
messages (the ones agora's chain-of-thought prompt builds, captured through a recording
backend) to `Llama.create_chat_completion` with the same token limit, temperature and seed.
The ratio of the median wall times is agora's whole overhead: imports, configuration, prompt
building, event rendering. Cold start: median wall time of `python -m agora --help`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

DIRECT = r"""
import json, sys
import llama_cpp
from agora.backends.llama_load import quiet_stderr, without_extra_buffers
job = json.loads(sys.argv[1])
# loaded the way agora loads it (plain weight buffers where AMX is advertised but may crash)
with quiet_stderr(), without_extra_buffers(llama_cpp, job["plain_buffers"]):
    llm = llama_cpp.Llama(model_path=job["path"], n_ctx=job["n_ctx"], n_threads=job["n_threads"],
                          seed=job["seed"], verbose=False)
out = llm.create_chat_completion(job["messages"], max_tokens=job["max_tokens"],
                                 temperature=job["temperature"], seed=job["seed"])
print(json.dumps({"text": out["choices"][0]["message"]["content"],
                  "completion_tokens": out["usage"]["completion_tokens"]}))
"""


def sent_messages(question: str) -> list[dict]:
    """The messages `agora ask QUESTION` sends to the model, captured by a recording backend."""
    from agora import Agent
    from agora.testing.fakes import FunctionBackend

    seen: list = []

    def record(messages, options):
        seen.extend(messages)
        return "Answer: 0"

    Agent(model=FunctionBackend(record), temperature=0, seed=0).run(question)
    return [{"role": m.role, "content": m.content} for m in seen]


def timed(cmd: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed ({out.returncode}): {out.stderr.strip()[-400:]}")
    return seconds, out.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--max-tokens", type=int, default=64)
    ap.add_argument("--question", default="A shop sells pens at 3 dollars each. How much do 7 pens cost?")
    ap.add_argument("--long", action="store_true", help="a question with a long answer (fills --max-tokens)")
    args = ap.parse_args()

    from agora.backends import load_backend

    backend = load_backend("local:smollm2")  # to read the path, context size and threads agora uses
    path, n_ctx, n_threads = str(backend.path), backend.context_size, backend._llm.n_threads
    plain = not backend._extra_buffers
    backend.close()

    helps = []
    for _ in range(max(10, args.runs)):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "agora", "--help"], capture_output=True, check=True)
        helps.append(time.perf_counter() - started)
    bare = []
    for _ in range(max(10, args.runs)):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - started)

    if args.long:
        args.question = "Write a detailed, step-by-step explanation of how a bicycle gear system works."
    messages = sent_messages(args.question)
    ours, theirs, same = [], [], 0
    for run in range(args.runs):
        seed = run + 1
        s_ours, out = timed([sys.executable, "-m", "agora", "ask", args.question, "--model", "local:smollm2",
                             "--max-tokens", str(args.max_tokens), "--temperature", "0", "--seed", str(seed),
                             "--json"])
        job = dict(path=path, n_ctx=n_ctx, n_threads=n_threads, plain_buffers=plain, messages=messages,
                   max_tokens=args.max_tokens, temperature=0.0, seed=seed)
        s_theirs, raw = timed([sys.executable, "-c", DIRECT, json.dumps(job)])
        a, d = json.loads(out), json.loads(raw.strip().splitlines()[-1])
        same += a["reasoning"].strip() == d["text"].strip()
        ours.append((s_ours, a["usage"]["completion_tokens"]))
        theirs.append((s_theirs, d["completion_tokens"]))

    m_ours = statistics.median(s for s, _ in ours)
    m_theirs = statistics.median(s for s, _ in theirs)
    print(f"python -m agora --help: median {statistics.median(helps) * 1000:.0f} ms over {len(helps)} runs "
          f"(bare `python -c pass`: {statistics.median(bare) * 1000:.0f} ms)")
    print(f"agora ask vs llama-cpp-python direct, {args.runs} runs each, interleaved, fresh processes, "
          f"{len(messages)} messages, up to {args.max_tokens} tokens, temperature 0")
    print(f"  agora ask : median {m_ours:.2f} s  (completion tokens {[t for _, t in ours]})")
    print(f"  direct    : median {m_theirs:.2f} s  (completion tokens {[t for _, t in theirs]})")
    extra = statistics.median(a - b for (a, _), (b, _) in zip(ours, theirs))
    print(f"  ratio agora / direct: {m_ours / m_theirs:.3f}   agora's own cost per process: {extra * 1000:.0f} ms "
          f"(median paired difference)   identical text on {same} of {args.runs} runs")


if __name__ == "__main__":
    main()
