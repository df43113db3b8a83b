"""The HTTP app of ``agora serve`` (FastAPI): OpenAI's chat completions in front of agora's
profiles, agora's own run endpoints, and the web page.

    GET  /v1/models                      the profiles
    POST /v1/chat/completions            run one (stream: true for server-sent events)
    GET  /v1/agora/runs/{id}             a run's saved transcript
    GET  /v1/agora/runs/{id}/events      its typed events, live (server-sent events)
    GET  /                               the web page (static files, no build step)

A request is checked (size, fields, messages) before it takes a run slot; a run executes in
a worker thread and reports through its Run (agora.serve.runs); a client that goes away
cancels it. Every error leaves as OpenAI's error JSON.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from agora.errors import AgoraError
from agora.events import Notice
from agora.profiles import Profile, reuse_backends, run_profile
from agora.serve.auth import check_bearer
from agora.serve.chunks import DONE, ReasoningText, chunk, completion, finish_reason, sse, usage_json
from agora.serve.errors import APIError, error_body, internal, unknown_model
from agora.serve.pool import Lane, RunPool
from agora.serve.requests import ChatRequest, Limits, check_length, parse_body
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


class _Disconnected(Exception):
    pass


def create_app(config: ServeConfig) -> FastAPI:
    from agora.backends import shared_backend

    load = reuse_backends(config.load or shared_backend)
    pool = RunPool(max_runs=config.max_runs, max_queue=config.max_queue)
    store = RunStore(config.runs_dir)
    threads: dict[str, threading.Thread] = {}
    lanes: dict[str, tuple[str, bool]] = {}
    created = int(time.time())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        # shutdown (SIGTERM): uvicorn has let in-flight requests finish for its grace period;
        # what still runs is cancelled, and every transcript is closed with how it ended
        live = store.live()
        for run in live:
            run.cancel("server shutting down")
        deadline = time.monotonic() + config.stop_seconds
        for run in live:
            thread = threads.get(run.id)
            if thread is not None:
                await asyncio.to_thread(thread.join, max(0.0, deadline - time.monotonic()))
            if not run.done.is_set():
                run.close("cancelled")  # a worker stuck in a model call: its transcript ends here

    app = FastAPI(title="agora", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)

    # --- errors: always OpenAI's shape, never a traceback ---------------------------------

    @app.exception_handler(APIError)
    async def _api_error(request: Request, err: APIError) -> JSONResponse:
        return JSONResponse(err.body(), status_code=err.status, headers=err.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        message = "not found" if err.status_code == 404 else str(err.detail)
        return JSONResponse(error_body(err.status_code, message), status_code=err.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body(400, "invalid request"), status_code=400)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)  # the traceback stays in the log
        return JSONResponse(internal().body(), status_code=500)

    def authorize(request: Request) -> None:
        check_bearer(request.headers.get("authorization"), config.api_key)

    # --- the OpenAI surface -----------------------------------------------------------------

    @app.get("/v1/models")
    async def models(request: Request) -> dict:
        authorize(request)
        return {"object": "list", "data": [
            {"id": name, "object": "model", "created": created, "owned_by": "agora",
             "kind": p.kind, "description": p.description,
             "debaters": p.debate or 0, "rounds": p.rounds if p.debate else 0}
            for name, p in config.profiles.items()]}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Response:
        authorize(request)
        check_length(request.headers.get("content-length"), config.limits)
        raw = await _read_body(request, config.limits.max_body_bytes)
        req, messages = parse_body(raw, config.limits)
        profile = config.profiles.get(req.model)
        if profile is None:
            raise unknown_model(req.model, list(config.profiles))
        lane = await _lane(profile)
        try:
            await _unless_gone(pool.acquire(lane), request)
        except _Disconnected:
            return Response(status_code=499)
        run = _start(profile, messages, req, lane)
        headers = {"X-Agora-Run-Id": run.id}
        if req.stream:
            return StreamingResponse(_stream(run, req), media_type="text/event-stream",
                                     headers={**headers, "Cache-Control": "no-cache"})
        try:
            await _unless_gone(run.done.wait(), request)
        except _Disconnected:
            run.cancel("client disconnected")
            return Response(status_code=499)
        failure = _failure(run)
        if failure is not None:
            failure.headers.update(headers)  # the transcript tells what happened
            raise failure
        text = ReasoningText()
        reasoning = "".join(text(e) for e in run.history).strip()
        return JSONResponse(completion(run.id, req.model, run.answer, reasoning, int(run.created)), headers=headers)

    async def _lane(profile: Profile) -> Lane:
        """The lane of a profile: its own, one run at a time, when one of its models serves
        one call at a time (a local model); else the shared API lane."""
        if profile.name not in lanes:
            specs = list(dict.fromkeys((profile.models or [profile.model]) + ([profile.judge] if profile.judge else [])))
            try:
                backends = await asyncio.to_thread(lambda: [load(s) for s in specs])
            except AgoraError as err:
                raise APIError(500, f"profile {profile.name}: {err}", code="profile_error") from None
            serial = [s for s, b in zip(specs, backends) if not getattr(b, "supports_concurrency", False)]
            lanes[profile.name] = (f"model:{serial[0]}", False) if serial else ("api", True)
        key, concurrent = lanes[profile.name]
        return pool.lane(key, concurrent)

    def _start(profile: Profile, messages: list, req: ChatRequest, lane: Lane) -> Run:
        run = store.create(profile.name)
        limits = config.limits
        strict = serving_profile(profile)
        max_tokens = req.max_completion_tokens or req.max_tokens
        options = dict(temperature=req.temperature, seed=req.seed,
                       max_tokens=min(max_tokens or profile.max_tokens, limits.max_tokens),
                       max_seconds=min(profile.max_seconds, limits.max_seconds), token_budget=limits.token_budget)
        trace = config.tracing.run() if config.tracing is not None else None
        handler = run.emit if trace is None else _both(run.emit, trace)
        loop = asyncio.get_running_loop()

        def work() -> None:
            started = time.perf_counter()
            try:
                answer = run_profile(strict, messages, on_event=handler, load=load, **options)
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
                loop.call_soon_threadsafe(pool.release, lane, time.perf_counter() - started)
                loop.call_soon_threadsafe(threads.pop, run.id, None)

        thread = threading.Thread(target=work, name=f"agora-run-{run.id[-8:]}", daemon=True)
        threads[run.id] = thread
        thread.start()
        # the agent checks its wall-clock limit between model calls; one long call (a model
        # that goes on generating) is stopped here, at its next token, a little after the limit
        seconds = options["max_seconds"]
        watchdog = loop.call_later(seconds + WATCHDOG_GRACE, run.cancel, f"wall-clock limit of {seconds:g} s reached")
        run.watch = asyncio.ensure_future(_cancel_when_done(run, watchdog))  # held: tasks are weakly kept
        return run

    async def _stream(run: Run, req: ChatRequest):
        queue = run.follow()
        text = ReasoningText()
        try:
            yield sse(chunk(run.id, req.model, {"role": "assistant", "content": ""}, created=int(run.created)))
            while (event := await queue.get()) is not None:
                piece = text(event)
                if piece:
                    yield sse(chunk(run.id, req.model, {"reasoning_content": piece}, created=int(run.created)))
            failure = _failure(run)
            if failure is not None:  # headers are sent: the error goes in the stream, as OpenAI does
                yield sse(failure.body())
            else:
                answer = run.answer
                yield sse(chunk(run.id, req.model, {"content": answer.answer}, created=int(run.created)))
                yield sse(chunk(run.id, req.model, {}, finish=finish_reason(answer), created=int(run.created)))
                if req.stream_options is not None and req.stream_options.include_usage:
                    yield sse(chunk(run.id, req.model, None, usage=usage_json(answer.usage), created=int(run.created)))
            yield DONE
        finally:  # also on a client that went away (the response task is cancelled)
            run.unfollow(queue)
            if not run.done.is_set():
                run.cancel("client disconnected")

    # --- agora's own run endpoints -------------------------------------------------------

    @app.get("/v1/agora/runs/{run_id}")
    async def transcript(run_id: str, request: Request) -> dict:
        authorize(request)
        out = await asyncio.to_thread(store.transcript, run_id)
        if out is None:
            raise APIError(404, f"no run {run_id}", param="id", code="run_not_found")
        return out

    @app.get("/v1/agora/runs/{run_id}/events")
    async def events(run_id: str, request: Request) -> StreamingResponse:
        authorize(request)
        run = store.runs.get(run_id)
        if run is None:
            saved = await asyncio.to_thread(store.transcript, run_id)
            if saved is None:
                raise APIError(404, f"no run {run_id}", param="id", code="run_not_found")

            async def replay():
                for event in saved["events"]:
                    yield _typed(event["type"], event)
                yield _typed("end", {"status": saved["status"]})
            return StreamingResponse(replay(), media_type="text/event-stream")

        async def live():
            queue = run.follow()
            try:
                while (event := await queue.get()) is not None:
                    yield _typed(event.type, event.model_dump(mode="json"))
                yield _typed("end", {"status": run.status, "error": run.error})
            finally:
                run.unfollow(queue)  # following a run never cancels it

        return StreamingResponse(live(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    # --- the web page ----------------------------------------------------------------------

    static = resources.files("agora.serve") / "static"

    @app.get("/")
    async def page() -> FileResponse:
        return FileResponse(str(static / "index.html"), media_type="text/html")

    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.state.store, app.state.pool, app.state.threads = store, pool, threads
    return app


def serving_profile(profile: Profile) -> Profile:
    """The profile as a server runs it: the python tool only where its sandbox has every
    layer (strict), whatever agora.toml says, since the code comes from remote requests."""
    return profile.model_copy(update={"strict_sandbox": True})


def _both(first: Callable, second: Callable) -> Callable:
    def emit(event: Any) -> None:
        first(event)  # may raise RunCancelled: the run stops before anything else sees it
        try:
            second(event)
        except Exception:  # noqa: BLE001 - tracing must never break a run
            log.exception("event handler failed")
    return emit


async def _cancel_when_done(run: Run, handle: asyncio.TimerHandle) -> None:
    await run.done.wait()
    handle.cancel()


def _quietly(fn: Callable[[], Any]) -> None:
    try:
        fn()
    except Exception:  # noqa: BLE001
        log.exception("tracing failed")


def _failure(run: Run) -> APIError | None:
    """The error to send for a run that ended without a usable answer, else None."""
    if run.status == "cancelled":
        return APIError(500, f"the run was cancelled ({run.cancel_reason or 'unknown reason'})", code="run_cancelled")
    if run.status == "failed":
        return APIError(500, f"the run failed: {run.error}", code="run_failed")
    answer = run.answer
    if answer is None or not answer.answer or answer.stop_reason in ("error", "no_answers"):
        notices = [e.text for e in run.history if isinstance(e, Notice) and e.level == "error"]
        why = notices[-1] if notices else f"no answer (stop reason: {getattr(answer, 'stop_reason', '?')})"
        return APIError(500, f"the model backend failed: {why}", code="backend_error")
    return None


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` (also when it is chunked and
    announced no length)."""
    from agora.serve.errors import too_large

    body = bytearray()
    async for part in request.stream():
        body += part
        if len(body) > limit:
            raise too_large(f"the request body is larger than {limit} bytes")
    return bytes(body)


async def _unless_gone(awaitable: Any, request: Request, every: float = 0.1) -> Any:
    """Await ``awaitable``; if the client disconnects first, cancel it and raise _Disconnected."""
    task = asyncio.ensure_future(awaitable)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=every)
            if done:
                return task.result()
            if await request.is_disconnected():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
                raise _Disconnected()
    except asyncio.CancelledError:
        task.cancel()
        raise


def _typed(kind: str, data: dict) -> bytes:
    import json

    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()
