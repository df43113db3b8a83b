"""Saved KV states, so several conversations sharing one local model keep their prefixes.

llama-cpp-python already reuses the longest common prefix between the live context and a
new prompt. That is enough for one conversation, but debaters take turns on one model: each
call overwrites the previous debater's context and the next call would re-read its whole
history. Before the live context is overwritten we copy its KV cells (only the used ones,
via ``llama_state_seq_get_data``: ~23 KB per token for SmolLM2-135M) and restore the best
saved one when a later prompt continues it.

Why not ``llama_cpp.LlamaRAMCache``: it saves a full ``LlamaState`` after *every* call, and
that state also copies the logits buffer (n_batch x n_vocab floats: 100 MB for SmolLM2, 512 MB
for Gemma) - slower and far larger than the KV cells themselves. Here a state is saved only
when a context is about to be replaced, and holds only the KV cells.
"""

from __future__ import annotations

import ctypes
from collections import OrderedDict
from typing import Any, Sequence

#: don't bother saving or restoring contexts shorter than this (re-reading them is cheap)
MIN_TOKENS = 48


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


class PrefixStates:
    """An LRU of saved sequence states, bounded in bytes."""

    def __init__(self, capacity_bytes: int = 256 * 2**20) -> None:
        self.capacity_bytes = capacity_bytes
        self._states: OrderedDict[tuple[int, ...], bytes] = OrderedDict()
        self.saves = 0
        self.restores = 0

    @property
    def size_bytes(self) -> int:
        return sum(len(v) for v in self._states.values())

    def prepare(self, llm: Any, prompt: Sequence[int]) -> None:
        """Call before generating ``prompt``: save the live context if the prompt will
        discard much of it, then load the saved state that shares the longest prefix."""
        import llama_cpp

        live = [int(t) for t in llm.input_ids[: llm.n_tokens]]
        live_match = common_prefix(live, prompt)
        if len(live) - live_match >= MIN_TOKENS:
            self._save(llama_cpp, llm, tuple(live))
        best_key, best_match = None, live_match
        for key in self._states:
            match = common_prefix(key, prompt)
            if match > best_match:
                best_key, best_match = key, match
        if best_key is not None and best_match - live_match >= MIN_TOKENS:
            self._restore(llama_cpp, llm, best_key)

    def _save(self, llama_cpp: Any, llm: Any, key: tuple[int, ...]) -> None:
        # a saved state that is a prefix of this one is now redundant
        for old in [k for k in self._states if len(k) <= len(key) and key[: len(k)] == k]:
            del self._states[old]
        size = llama_cpp.llama_state_seq_get_size(llm.ctx, 0)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(llm.ctx, buffer, size, 0)
        if not written:
            return
        # string_at is one memcpy; slicing a ctypes array builds a list of ints (~75 ms a save)
        self._states[key] = ctypes.string_at(buffer, written)
        self.saves += 1
        while self._states and self.size_bytes > self.capacity_bytes:
            self._states.popitem(last=False)

    def _restore(self, llama_cpp: Any, llm: Any, key: tuple[int, ...]) -> None:
        data = self._states[key]
        buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        if llama_cpp.llama_state_seq_set_data(llm.ctx, buffer, len(data), 0) != len(data):
            llm.reset()  # the context is in an unknown state: re-read the prompt from scratch
            return
        self._states.move_to_end(key)
        llm.input_ids[: len(key)] = key
        llm.n_tokens = len(key)
        # logits belong to the old context: llama-cpp-python must decode before sampling
        llm._requires_eval = True
        self.restores += 1

    def clear(self) -> None:
        self._states.clear()
