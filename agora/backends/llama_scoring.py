"""The log-probability a llama.cpp model gives each of several continuations of one prompt.

Used to choose among lines a program may write (:meth:`LlamaBackend.score_lines`): the whole
line's probability, where greedy decoding under a grammar commits to the first token alone
(a line starting ``cost`` beats one starting ``(`` however the rest reads). The
continuations are walked as a trie: each shared prefix token is evaluated once, the KV cache
rewound between branches, and only the last token's logits are read (no ``logits_all``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Sequence

import numpy as np

from agora.backends.kv_states import common_prefix


def _log_softmax(logits: Any) -> np.ndarray:
    row = np.asarray(logits, dtype=np.float64)
    top = row.max()
    return row - top - np.log(np.exp(row - top).sum())


def _last_logits(llm: Any) -> np.ndarray:
    return _log_softmax(np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),)))


def continuation_logprobs(llm: Any, prompt: Sequence[int],
                          continuations: Sequence[Sequence[int]]) -> tuple[list[float], int]:
    """The summed log-probability of each token list in ``continuations`` after ``prompt``
    (tokens, ``prompt`` not empty), and how many tokens were evaluated. The live context is
    reused where it shares a prefix."""
    prompt = list(prompt)
    live = list(llm.input_ids[: llm.n_tokens])
    kept = min(common_prefix(live, prompt), len(prompt) - 1)  # the prompt's last token is run again: its logits
    llm.n_tokens = kept
    llm.eval(prompt[kept:])
    start = len(prompt)
    scores = [0.0] * len(continuations)
    evaluated = len(prompt) - kept

    def walk(depth: int, members: list[int], row: np.ndarray) -> None:
        nonlocal evaluated
        groups: dict[int, list[int]] = defaultdict(list)
        for i in members:
            groups[continuations[i][depth]].append(i)
        for token, group in groups.items():
            for i in group:
                scores[i] += float(row[token])
            longer = [i for i in group if len(continuations[i]) > depth + 1]
            if longer:
                llm.n_tokens = start + depth  # back to this branch point
                llm.eval([token])
                evaluated += 1
                walk(depth + 1, longer, _last_logits(llm))

    walk(0, [i for i, c in enumerate(continuations) if c], _last_logits(llm))
    return scores, evaluated


__all__ = ["continuation_logprobs"]
