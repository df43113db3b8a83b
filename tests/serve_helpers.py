"""Shared by the serve tests: an in-process `agora serve` (uvicorn in a thread, on a free
loopback port) over injected fake backends, and the fakes themselves."""

from __future__ import annotations

import threading
import time
from typing import Any

from agora.backends import load_backend
from agora.backends.base import Backend
from agora.errors import BackendError
from agora.messages import Completion, Usage
from agora.profiles import load_profiles

try:  # the HTTP client the openai package is built on (httpx, or its successor httpx2)
    import httpx
except ImportError:  # pragma: no cover
    import httpx2 as httpx  # noqa: F401


class SlowBackend(Backend):
    """Streams ``tokens`` words, ``delay`` s apart; counts calls in flight (max_in_flight) and
    the tokens it produced, and notes whether a stream was abandoned (closed early)."""

    def __init__(self, spec: str = "slow", *, tokens: int = 40, delay: float = 0.05, concurrent: bool = True,
                 answer: str = "7", fail_after: int | None = None):
        self.spec, self.tokens, self.delay, self.answer = spec, tokens, delay, answer
        self.supports_concurrency = concurrent
        self.context_size = 4096
        self.fail_after = fail_after
        self.produced = 0
        self.abandoned = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def complete(self, messages, **options: Any) -> Completion:
        *_, final = self.stream(messages, **options)
        return final

    def stream(self, messages, **options: Any):
        self._enter()
        finished = False
        try:
            for i in range(self.tokens):
                if self.fail_after is not None and i == self.fail_after:
                    raise BackendError(f"{self.spec}: the connection to the model was lost")
                time.sleep(self.delay)
                self.produced += 1
                yield "thinking "
            yield f"Answer: {self.answer}"
            finished = True
            yield Completion(text="thinking " * self.tokens + f"Answer: {self.answer}", model=self.spec,
                             usage=Usage(prompt_tokens=10, completion_tokens=self.tokens + 2, calls=1))
        finally:
            if not finished:
                self.abandoned += 1
            self._leave()


class Loader:
    """spec -> backend: named fakes first, else agora's own specs (fake:REPLY ...)."""

    def __init__(self, **named: Backend):
        self.named = named

    def __call__(self, spec: str) -> Backend:
        return self.named[spec] if spec in self.named else load_backend(spec)


PROFILES = {
    "echo": {"model": "fake:Paris"},
    "debate": {"debate": 3, "rounds": 2, "model": "fake:4"},
    "slow": {"model": "slow"},
    "local": {"model": "local-slow"},
    "dies": {"model": "dies"},
}


class ServerThread:
    """``with ServerThread(config) as s: s.url`` — uvicorn serving the app in a thread."""

    def __init__(self, config: Any):
        import uvicorn

        from agora.serve import create_app

        self.app = create_app(config)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="error",
                                                    timeout_graceful_shutdown=1))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.url = f"{self.base}/v1"
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


def make_config(tmp_path, *, loader: Loader | None = None, profiles: dict | None = None, **options: Any):
    from agora.serve import ServeConfig

    return ServeConfig(profiles=load_profiles(profiles if profiles is not None else PROFILES, model="fake:42"),
                       runs_dir=tmp_path / "runs", load=loader or Loader(), **options)
