"""Runs a profile for a request: picks its lane in the pool, starts the run in a worker
thread under the server's limits, stops it when it passes its wall-clock limit, and at
shutdown cancels what is still running and closes every transcript."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from agora.errors import AgoraError
from agora.profiles import Profile, reuse_backends, run_profile
from agora.serve.errors import APIError
from agora.serve.pool import Lane, RunPool
from agora.serve.requests import ChatRequest, Limits
from agora.serve.runs import Run, RunCancelled, RunStore

log = logging.getLogger("agora.serve")

#: seconds past a run's wall-clock limit before the server stops it (the run's own check
#: between model calls comes first and still gives its best answer)
WATCHDOG_GRACE = 1.0


@dataclass
class ServeConfig:
    profiles: dict[str, Profile]
    runs_dir: str | Path
    api_key: str | None = None
    limits: Limits = field(default_factory=Limits)
    max_runs: int = 16
    max_queue: int = 32
    #: model spec -> backend (default: agora's process-wide shared backends)
    load: Callable[[str], Any] | None = None
    #: seconds a run may take to stop once cancelled at shutdown before it is left behind
    stop_seconds: float = 10.0
    #: agora.otel.Tracing: spans for every run (its load should be tracing.wrap_load(...))
    tracing: Any = None


def serving_profile(profile: Profile) -> Profile:
    """The profile as a server runs it: the python tool only where its sandbox has every
    layer (strict), whatever agora.toml says, since the code comes from remote requests."""
    return profile.model_copy(update={"strict_sandbox": True})


class Runner:
    def __init__(self, config: ServeConfig):
        from agora.backends import shared_backend

        self.config = config
        self.load = reuse_backends(config.load or shared_backend)
        self.pool = RunPool(max_runs=config.max_runs, max_queue=config.max_queue)
        self.store = RunStore(config.runs_dir)
        self.threads: dict[str, threading.Thread] = {}
        self._lanes: dict[str, tuple[str, bool]] = {}

    async def lane(self, profile: Profile) -> Lane:
        """The lane of a profile: its own, one run at a time, when one of its models serves
        one call at a time (a local model); else the shared API lane."""
        if profile.name not in self._lanes:
            specs = list(dict.fromkeys((profile.models or [profile.model]) + ([profile.judge] if profile.judge else [])))
            try:
                backends = await asyncio.to_thread(lambda: [self.load(s) for s in specs])
            except AgoraError as err:
                raise APIError(500, f"profile {profile.name}: {err}", code="profile_error") from None
            serial = [s for s, b in zip(specs, backends) if not getattr(b, "supports_concurrency", False)]
            self._lanes[profile.name] = (f"model:{serial[0]}", False) if serial else ("api", True)
        key, concurrent = self._lanes[profile.name]
        return self.pool.lane(key, concurrent)

    def start(self, profile: Profile, messages: list, req: ChatRequest, lane: Lane) -> Run:
        """Start a run that already holds a slot of ``lane``; the slot is released when it ends."""
        run = self.store.create(profile.name)
        limits = self.config.limits
        asked = req.max_completion_tokens or req.max_tokens
        seconds = min(profile.max_seconds, limits.max_seconds)
        options: dict[str, Any] = dict(temperature=req.temperature, seed=req.seed,
                                       max_tokens=min(asked or profile.max_tokens, limits.max_tokens),
                                       max_seconds=seconds, token_budget=limits.token_budget)
        tracing = self.config.tracing
        trace = tracing.run() if tracing is not None else None
        handler = run.emit if trace is None else _both(run.emit, trace)
        loop = asyncio.get_running_loop()
        profile = serving_profile(profile)

        def work() -> None:
            started = time.perf_counter()
            try:
                answer = run_profile(profile, messages, on_event=handler, load=self.load, **options)
                run.close("finished", answer=answer)
            except RunCancelled:
                run.close("cancelled")
            except AgoraError as err:
                run.close("failed", error=str(err))
            except Exception as err:  # noqa: BLE001 - reported as a 500, traceback to the log only
                log.exception("run %s failed", run.id)
                run.close("failed", error=f"internal error ({type(err).__name__})")
            finally:
                if trace is not None:
                    _quietly(trace.finish)
                loop.call_soon_threadsafe(self.pool.release, lane, time.perf_counter() - started)
                loop.call_soon_threadsafe(self.threads.pop, run.id, None)

        thread = threading.Thread(target=work, name=f"agora-run-{run.id[-8:]}", daemon=True)
        self.threads[run.id] = thread
        thread.start()
        # the agent checks its wall-clock limit between model calls; one long call (a model
        # that goes on generating) is stopped here, at its next token, a little after the limit
        watchdog = loop.call_later(seconds + WATCHDOG_GRACE, run.cancel, f"wall-clock limit of {seconds:g} s reached")
        run.watch = asyncio.ensure_future(_cancel_when_done(run, watchdog))  # held: tasks are weakly kept
        return run

    async def shutdown(self) -> None:
        """After uvicorn's grace period: cancel what still runs, wait for it a little, and
        close every transcript with how its run ended."""
        live = self.store.live()
        for run in live:
            run.cancel("server shutting down")
        deadline = time.monotonic() + self.config.stop_seconds
        for run in live:
            thread = self.threads.get(run.id)
            if thread is not None:
                await asyncio.to_thread(thread.join, max(0.0, deadline - time.monotonic()))
            if not run.done.is_set():
                run.close("cancelled")  # a worker stuck in a model call: its transcript ends here


async def _cancel_when_done(run: Run, handle: asyncio.TimerHandle) -> None:
    await run.done.wait()
    handle.cancel()


def _both(first: Callable, second: Callable) -> Callable:
    def emit(event: Any) -> None:
        first(event)  # may raise RunCancelled: the run stops before anything else sees it
        try:
            second(event)
        except Exception:  # noqa: BLE001 - tracing must never break a run
            log.exception("event handler failed")
    return emit


def _quietly(fn: Callable[[], Any]) -> None:
    try:
        fn()
    except Exception:  # noqa: BLE001
        log.exception("tracing failed")
