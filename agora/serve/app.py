"""The HTTP app of ``agora serve`` (FastAPI): OpenAI's chat completions in front of agora's
profiles, agora's own run endpoints, and the web page.

    GET  /v1/models                      the profiles
    POST /v1/chat/completions            run one (stream: true for server-sent events)
    GET  /v1/agora/runs/{id}             a run's saved transcript
    GET  /v1/agora/runs/{id}/events      its typed events, live (server-sent events)
    GET  /                               the web page (static files, no build step)

A request is checked (size, fields, messages) before it takes a run slot; a run executes in
a worker thread (agora.serve.runner) and reports through its Run (agora.serve.runs); a
client that goes away cancels it. Every error leaves as OpenAI's error JSON.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from agora.serve.auth import check_bearer
from agora.serve.chunks import KEEP_ALIVE, PING, ReasoningText, completion, next_event, stream_chat
from agora.serve.errors import APIError, error_body, internal, too_large, unknown_model
from agora.serve.requests import check_length, parse_body
from agora.serve.runner import Runner, ServeConfig
from agora.serve.runs import failure

log = logging.getLogger("agora.serve")


class _Disconnected(Exception):
    pass


def create_app(config: ServeConfig) -> FastAPI:
    runner = Runner(config)
    store = runner.store
    created = int(time.time())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        await runner.shutdown()  # SIGTERM: uvicorn has let in-flight requests finish for its grace period

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
        lane = await runner.lane(profile)
        try:
            await _unless_gone(runner.pool.acquire(lane), request)  # 429 when the queue is full
        except _Disconnected:
            return Response(status_code=499)
        run = runner.start(profile, messages, req, lane)
        headers = {"X-Agora-Run-Id": run.id}
        if req.stream:
            usage = req.stream_options is not None and req.stream_options.include_usage
            return StreamingResponse(stream_chat(run, req.model, include_usage=usage), media_type="text/event-stream",
                                     headers={**headers, "Cache-Control": "no-cache"})
        try:
            await _unless_gone(run.done.wait(), request)
        except _Disconnected:
            run.cancel("client disconnected")
            return Response(status_code=499)
        error = failure(run)
        if error is not None:
            error.headers.update(headers)  # the transcript tells what happened
            raise error
        text = ReasoningText()
        reasoning = "".join(text(e) for e in run.history).strip()
        return JSONResponse(completion(run.id, req.model, run.answer, reasoning, int(run.created)), headers=headers)

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
                while (event := await next_event(queue)) is not None:
                    yield KEEP_ALIVE if event is PING else _typed(event.type, event.model_dump(mode="json"))
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
    app.state.store, app.state.pool, app.state.runner = store, runner.pool, runner
    return app


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` (also when it is chunked and
    announced no length)."""
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
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()
