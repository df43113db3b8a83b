"""Backends chosen by a spec string. Each backend module is imported only when chosen, so
``import agora`` stays light and a missing optional package gives an install hint.

Specs::

    local:smollm2              the bundled SmolLM2-135M-Instruct (default)
    local:gemma3-270m          the packaged Gemma-3-270M base model
    gguf:/path/to/model.gguf   any GGUF file
    openai:<model>             OpenAI (OPENAI_API_KEY, OPENAI_BASE_URL)
    openai:<model>@<base-url>  any OpenAI-compatible server (llama.cpp server, vLLM, Ollama...)
    fake[:reply]               a deterministic offline backend (agora.testing.fakes)
"""

from __future__ import annotations

import threading
from typing import Any

from agora.errors import ConfigError
from agora import defaults
from agora.backends.base import Backend, OutputSchema

DEFAULT_MODEL = defaults.MODEL
LOCAL_MODELS = ("smollm2", "gemma3-270m")


def load_backend(spec: str | Backend | None = None, **options: Any) -> Backend:
    """Build a new backend named by ``spec`` (a Backend passes through unchanged). Callers
    want :func:`shared_backend`, which loads a local model once; this builds a fresh one.

    ``options`` go to the backend: for local models ``n_ctx``, ``n_threads``,
    ``n_gpu_layers``, ``verbose``; for OpenAI ``api_key``, ``timeout``, ``max_retries``.
    """
    if isinstance(spec, Backend):
        return spec
    spec = (spec or DEFAULT_MODEL).strip()
    scheme, _, rest = spec.partition(":")
    if scheme == "local":
        if rest not in LOCAL_MODELS:
            raise ConfigError(f"unknown local model {rest!r}: choose one of {', '.join(LOCAL_MODELS)}")
        from agora.backends.llama_cpp import LlamaBackend
        from agora.backends.models import local_model_path

        return LlamaBackend(local_model_path(rest), spec=spec, **options)
    if scheme == "gguf":
        if not rest:
            raise ConfigError("gguf: needs a path, e.g. gguf:/path/to/model.gguf")
        from agora.backends.llama_cpp import LlamaBackend

        return LlamaBackend(rest, spec=spec, **options)
    if scheme == "openai":
        model, _, base_url = rest.partition("@")
        if not model:
            raise ConfigError("openai: needs a model name, e.g. openai:gpt-4o-mini")
        from agora.backends.openai import OpenAIBackend

        return OpenAIBackend(model, base_url=base_url or None, spec=spec, **options)
    if scheme == "fake":
        from agora.testing.fakes import EchoBackend

        return EchoBackend(reply=rest or "42", spec=spec)
    raise ConfigError(
        f"unknown model spec {spec!r}: use local:smollm2, local:gemma3-270m, gguf:PATH, "
        "openai:MODEL[@URL] or fake"
    )


# --- one loaded local model per process ------------------------------------------------

_SHARED: dict[tuple, Backend] = {}
_SHARED_LOCK = threading.Lock()


def shared_backend(spec: str | Backend | None = None, **options: Any) -> Backend:
    """The backend for ``spec``: the one function the rest of agora (agents, chat, debate,
    retrieval, bench, profiles, CLI) turns a spec into a backend with. A Backend passes
    through; None is the default model. Like :func:`load_backend`, but a local model
    (``local:``/``gguf:``) is loaded once per process: the same spec and options give the same instance, so debaters, the judge and
    the retrieval embedder share one model (its lock serialises their calls and its KV
    states keep each conversation's prefix). Options left out or None count as the
    backend's defaults, and ``local:NAME`` and ``gguf:PATH`` of the same file are one model.
    API and fake backends are cheap and stateless: they are built fresh each call.
    Thread-safe: a second thread asking while the model loads waits for that load."""
    if isinstance(spec, Backend):
        return spec
    spec = (spec or DEFAULT_MODEL).strip()
    scheme, _, rest = spec.partition(":")
    if scheme not in ("local", "gguf") or (scheme == "local" and rest not in LOCAL_MODELS):
        return load_backend(spec, **options)
    key = _shared_key(scheme, rest, options)
    with _SHARED_LOCK:
        backend = _SHARED.get(key)
        if backend is None:
            backend = _SHARED[key] = load_backend(spec, **{k: v for k, v in options.items() if v is not None})
        return backend


def _shared_key(scheme: str, rest: str, options: dict[str, Any]) -> tuple:
    import inspect
    from pathlib import Path

    from agora.backends.llama_cpp import LlamaBackend
    from agora.backends.models import local_model_path

    path = local_model_path(rest) if scheme == "local" else Path(rest).expanduser()
    params = inspect.signature(LlamaBackend.__init__).parameters
    settings = {n: p.default for n, p in params.items()
                if p.kind is p.KEYWORD_ONLY and n != "spec"}
    settings.update({k: v for k, v in options.items() if v is not None})
    return (str(path.resolve()), tuple(sorted((k, repr(v)) for k, v in settings.items())))


def close_shared() -> None:
    """Close and forget every shared backend (tests, long-running servers)."""
    with _SHARED_LOCK:
        backends = list(_SHARED.values())
        _SHARED.clear()
    for backend in backends:
        backend.close()


__all__ = ["Backend", "OutputSchema", "load_backend", "shared_backend", "close_shared",
           "DEFAULT_MODEL", "LOCAL_MODELS"]
