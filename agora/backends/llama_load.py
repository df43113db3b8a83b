"""Loading a GGUF with llama-cpp-python: file checks, quiet C logging, and the AMX workaround.

Kept apart from the backend so tools that start llama.cpp another way (the test fixture that
runs ``llama_cpp.server``) can load models the same safe way.
"""

from __future__ import annotations

import contextlib
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from agora.errors import ConfigError, missing_extra

_STDERR_LOCK = threading.Lock()


def check_gguf(path: str | os.PathLike) -> Path:
    """The path, or ConfigError when it is missing or not a GGUF file (checked by its magic
    bytes, so llama.cpp never sees a wrong file)."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ConfigError(f"GGUF file not found: {p}")
    if not p.is_file():
        raise ConfigError(f"not a file: {p} (expected a .gguf model file)")
    with p.open("rb") as f:
        magic = f.read(4)
    if magic != b"GGUF":
        raise ConfigError(f"not a GGUF model file: {p} (it does not start with the GGUF magic bytes)")
    return p


@contextlib.contextmanager
def quiet_stderr(enabled: bool = True):
    """Silence C-level writes to file descriptor 2 (llama.cpp prints there while loading)."""
    if not enabled:
        yield
        return
    with _STDERR_LOCK:
        saved = os.dup(2)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 2)
                yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def import_llama_cpp():
    try:
        import llama_cpp
    except ImportError:
        raise missing_extra("llama-cpp-python", "local") from None
    return llama_cpp


def amx_advertised() -> bool:
    """True when the CPU lists Intel AMX. ggml then puts weights in AMX buffers, and under some
    hypervisors (the CPU flag is shown but the tile state is not enabled) the first batched
    decode dies with a general protection fault in ``ldtilecfg``."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            return any(line.startswith("flags") and "amx_tile" in line for line in f)
    except OSError:
        return False


_PARAMS_LOCK = threading.Lock()


@contextlib.contextmanager
def without_extra_buffers(llama_cpp: Any, enabled: bool):
    """While loading, make llama.cpp keep weights in plain CPU buffers (no AMX / repacked
    buffers): ``use_extra_bufts`` is a model parameter llama-cpp-python does not expose, so
    its default-params function is wrapped for the duration of one load."""
    if not enabled:
        yield
        return
    low = llama_cpp.llama_cpp
    with _PARAMS_LOCK:
        original = low.llama_model_default_params

        def params():
            p = original()
            p.use_extra_bufts = False
            return p

        low.llama_model_default_params = params
        try:
            yield
        finally:
            low.llama_model_default_params = original


@lru_cache(maxsize=1)
def counting_llama():
    """A ``Llama`` that records how many tokens each ``eval`` decodes: the first eval of a
    generation is the part of the prompt that was not already in the KV cache."""
    llama_cpp = import_llama_cpp()

    from agora.backends.llama_sampling import SamplerOptions, sampler_for

    class CountingLlama(llama_cpp.Llama):
        eval_log: list[int] | None = None
        #: DRY and the grammar order are ours (agora.backends.llama_sampling); set per generation
        sampler_options: SamplerOptions = SamplerOptions()
        #: False = llama-cpp-python's own chain (grammar over the whole vocabulary every token);
        #: kept for the side-by-side benchmark
        grammar_first: bool = True

        def eval(self, tokens):
            if self.eval_log is not None:
                self.eval_log.append(len(tokens))
            return super().eval(tokens)

        def _init_sampler(self, *, top_k=40, top_p=0.95, min_p=0.05, typical_p=1.0, temp=0.8,
                          repeat_penalty=1.0, frequency_penalty=0.0, presence_penalty=0.0,
                          mirostat_mode=0, logits_processor=None, grammar=None, **rest):
            if not self.grammar_first or mirostat_mode or logits_processor is not None:
                return super()._init_sampler(
                    top_k=top_k, top_p=top_p, min_p=min_p, typical_p=typical_p, temp=temp,
                    repeat_penalty=repeat_penalty, frequency_penalty=frequency_penalty,
                    presence_penalty=presence_penalty, mirostat_mode=mirostat_mode,
                    logits_processor=logits_processor, grammar=grammar, **rest)
            return sampler_for(self, self.sampler_options, grammar=grammar, top_k=top_k, top_p=top_p,
                               min_p=min_p, typical_p=typical_p, temp=temp, repeat_penalty=repeat_penalty,
                               frequency_penalty=frequency_penalty, presence_penalty=presence_penalty)

    return CountingLlama


# the names the test fixture imported first
_without_extra_buffers = without_extra_buffers
