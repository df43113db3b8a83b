"""Token sampling for the local backend: grammar checked on the sampled token first, DRY.

Why grammar-constrained steps were ~4x slower than free text: llama-cpp-python puts the grammar
sampler in the chain, so every token runs the grammar over the whole vocabulary (49,152 tokens
for SmolLM2, each decoded and matched against every live grammar stack, more of them for an
``anyOf`` over several tools). llama.cpp's own sampler (``common_sampler_sample``) does it the
other way round, and so do we: sample from the chain without the grammar, check only that one
token against the grammar, and apply the grammar to the whole vocabulary only when the token is
rejected (rare once the model follows the format). With greedy decoding the token is the same
as full-vocabulary grammar sampling would give.

The chain is built here (not by llama-cpp-python) so it can also hold the DRY sampler, which
llama-cpp-python does not expose through ``create_completion``.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class SamplerOptions:
    """What the chain holds beyond llama-cpp-python's own arguments (set per generation)."""

    dry_multiplier: float = 0.0
    dry_base: float = 1.75
    dry_allowed_length: int = 2
    dry_last_n: int = -1  # -1 = the whole context
    dry_breakers: list[str] = field(default_factory=lambda: ["\n", ":", "\"", "*"])


def build_chain(llm: Any, options: SamplerOptions, *, top_k: int, top_p: float, min_p: float, typical_p: float,
                temp: float, repeat_penalty: float, frequency_penalty: float, presence_penalty: float) -> Any:
    """The sampler chain without grammar: penalties, DRY, then greedy or top-k/p sampling."""
    from llama_cpp import _internals

    chain = _internals.LlamaSampler()
    chain.add_penalties(n_vocab=llm._n_vocab, penalty_last_n=llm.last_n_tokens_size, penalty_repeat=repeat_penalty,
                        penalty_freq=frequency_penalty, penalty_present=presence_penalty)
    if options.dry_multiplier > 0:
        chain.add_dry(llm._model, options.dry_multiplier, options.dry_base, options.dry_allowed_length,
                      options.dry_last_n, options.dry_breakers)
    if temp <= 0.0:
        chain.add_greedy()
    else:
        chain.add_top_k(top_k)
        chain.add_typical(typical_p, 1)
        chain.add_top_p(top_p, 1)
        chain.add_min_p(min_p, 1)
        chain.add_temp(temp)
        chain.add_dist(llm._seed)
    return chain


_TOKEN = np.dtype([("id", np.intc), ("logit", np.single), ("p", np.single)])


class GrammarFirst:
    """A sampler with llama-cpp-python's ``sample(ctx, idx)`` interface: the chain picks a
    token, the grammar checks just that token, and only a rejected token costs a pass of the
    grammar over the whole vocabulary."""

    def __init__(self, llm: Any, chain: Any, grammar: Any):
        from llama_cpp import llama_cpp as low

        self._low = low
        self._chain = chain
        self._grammar = low.llama_sampler_init_grammar(llm._model.vocab, grammar._grammar.encode("utf-8"),
                                                       grammar._root.encode("utf-8"))
        if not self._grammar:
            raise ValueError("llama.cpp could not parse the grammar")
        self._n_vocab = llm._n_vocab
        self._all = (low.llama_token_data * self._n_vocab)()
        self._view = np.frombuffer(self._all, dtype=_TOKEN)
        self._ids = np.arange(self._n_vocab, dtype=np.intc)
        self._one = (low.llama_token_data * 1)()
        #: tokens sampled, and how many needed the full grammar pass (for the benchmark)
        self.tokens = 0
        self.full_passes = 0

    def _candidates(self, ctx: Any, idx: int) -> Any:
        logits = np.ctypeslib.as_array(self._low.llama_get_logits_ith(ctx, idx), shape=(self._n_vocab,))
        self._view["id"] = self._ids
        self._view["logit"] = logits
        self._view["p"] = 0.0
        return self._low.llama_token_data_array(
            data=ctypes.cast(self._all, self._low.llama_token_data_p), size=self._n_vocab, selected=-1, sorted=False)

    def _allowed(self, token: int) -> bool:
        self._one[0].id, self._one[0].logit, self._one[0].p = token, 0.0, 0.0  # type: ignore[assignment]
        one = self._low.llama_token_data_array(
            data=ctypes.cast(self._one, self._low.llama_token_data_p), size=1, selected=-1, sorted=False)
        self._low.llama_sampler_apply(self._grammar, ctypes.byref(one))
        return not math.isinf(one.data[0].logit)

    def sample(self, ctx: Any, idx: int = -1) -> int:
        raw = ctx.ctx
        cur = self._candidates(raw, idx)
        self._low.llama_sampler_apply(self._chain.sampler, ctypes.byref(cur))
        token = int(cur.data[cur.selected].id)
        self.tokens += 1
        if not self._allowed(token):
            self.full_passes += 1
            cur = self._candidates(raw, idx)
            self._low.llama_sampler_apply(self._grammar, ctypes.byref(cur))
            self._low.llama_sampler_apply(self._chain.sampler, ctypes.byref(cur))
            token = int(cur.data[cur.selected].id)
        self._low.llama_sampler_accept(self._grammar, token)
        self._low.llama_sampler_accept(self._chain.sampler, token)
        return token

    def close(self) -> None:
        if self._grammar:
            self._low.llama_sampler_free(self._grammar)
            self._grammar = None
        self._chain.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: llama.cpp may be gone already
            pass


def sampler_for(llm: Any, options: SamplerOptions, *, grammar: Any = None, **chain_args: Any) -> Any:
    """What ``Llama._init_sampler`` returns, built our way (see the module docstring)."""
    chain = build_chain(llm, options, **chain_args)
    return chain if grammar is None else GrammarFirst(llm, chain, grammar)


__all__ = ["SamplerOptions", "GrammarFirst", "build_chain", "sampler_for"]
