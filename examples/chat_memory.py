"""How a chat's memory behaves on a real model: per turn, the prompt tokens sent, how many the
model really evaluated (the rest came from its KV cache), seconds, and when old turns were
summarised. Prints figures; asserts nothing.

    python examples/chat_memory.py [--model local:smollm2] [--window 600] [--turns 8]
"""

from __future__ import annotations

import argparse
import time

from agora.chat.chat import Chat
from agora.events import Notice

FACTS = ["My name is Ada and I live in Lyon.", "I keep three cats called Tom, Kit and Mo.",
         "My favourite colour is green.", "I work as a baker in a small shop.", "My sister is called Eve.",
         "I was born in 1990.", "I play the cello on Sundays.", "My car is a blue Renault.",
         "I am learning Japanese.", "My best friend is called Noor."]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="local:smollm2")
    parser.add_argument("--window", type=int, default=600, help="context tokens the chat may use")
    parser.add_argument("--turns", type=int, default=8)
    parser.add_argument("--max-tokens", type=int, default=32)
    args = parser.parse_args()

    chat = Chat(args.model, context_size=args.window, max_tokens=args.max_tokens, summary_tokens=80, seed=0)
    print(f"model {chat.model} · window {args.window} · answers of at most {args.max_tokens} tokens")
    print(f"{'turn':>4} {'sent':>6} {'evaluated':>9} {'out':>4} {'seconds':>8}  note")
    started = time.perf_counter()
    for i in range(args.turns):
        notes: list[str] = []
        reply = chat.send(FACTS[i % len(FACTS)] + " Please remember it.",
                          on_event=lambda e: notes.append(e.text) if isinstance(e, Notice) else None)
        u = reply.usage
        print(f"{i + 1:>4} {u.prompt_tokens:>6} {u.prompt_tokens_evaluated or 0:>9} {u.completion_tokens:>4} "
              f"{reply.seconds:>8.2f}  {'; '.join(n.split(';')[0] for n in notes)}")
    view = chat.memory.view(chat.backend)
    print(f"total {time.perf_counter() - started:.1f} s · {view.folded} turns summarised into "
          f"{view.summary_tokens} tokens · {len(view.kept)} kept verbatim ({view.kept_tokens} tokens)")
    print(f"summary: {view.summary!r}")


if __name__ == "__main__":
    main()
