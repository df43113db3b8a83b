"""A switch that forbids real model requests, for test suites (like pydantic-ai's
``ALLOW_MODEL_REQUESTS``). The real backends (local llama.cpp models, OpenAI-compatible
servers) call :func:`check_model_request` before each generation or embedding; the fakes in
:mod:`agora.testing` never do, so a test suite that blocks requests runs on fakes only and a
forgotten real model fails loudly instead of downloading, loading or billing.

Blocked when either says so::

    AGORA_ALLOW_MODEL_REQUESTS=0 pytest            # the environment (0, false, no, off)

    from agora.testing import block_model_requests
    block_model_requests()                          # from here on (e.g. in conftest.py)
    with block_model_requests():                    # or only inside the block
        ...
"""

from __future__ import annotations

import os
import threading

from agora.errors import AgoraError

ENV = "AGORA_ALLOW_MODEL_REQUESTS"


class ModelRequestBlocked(AgoraError):
    """A real model was called while model requests are blocked."""


_lock = threading.Lock()
_blocks = [0]  # block_model_requests() in force (process-wide: debaters and tools run in threads)


def model_requests_allowed() -> bool:
    """False while a block_model_requests() is in force or the environment says no."""
    if _blocks[0] > 0:
        return False
    return os.environ.get(ENV, "").strip().lower() not in ("0", "false", "no", "off")


def check_model_request(spec: str) -> None:
    """Raise ModelRequestBlocked when real model requests are not allowed."""
    if not model_requests_allowed():
        raise ModelRequestBlocked(
            f"a real model request to {spec or 'a model'} was blocked (model requests are off: "
            f"block_model_requests() or {ENV}=0); use agora.testing's fakes in tests")


class block_model_requests:
    """Forbid real model requests in this process: from the call on (undo with
    :func:`allow_model_requests`), or, used as ``with block_model_requests():``, until the
    block ends."""

    def __init__(self) -> None:
        with _lock:
            _blocks[0] += 1

    def __enter__(self) -> "block_model_requests":
        return self

    def __exit__(self, *exc: object) -> None:
        with _lock:
            _blocks[0] = max(0, _blocks[0] - 1)


def allow_model_requests() -> None:
    """Lift every block_model_requests() (the environment still counts)."""
    with _lock:
        _blocks[0] = 0


__all__ = ["ENV", "ModelRequestBlocked", "model_requests_allowed", "check_model_request",
           "block_model_requests", "allow_model_requests"]
