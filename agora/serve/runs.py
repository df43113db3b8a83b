"""The runs of a server: each one's events saved as a JSONL transcript as they happen (the
same format as ``agora ask --save``, so ``agora replay`` reads it) and fanned out live to
whoever follows the run (the chat stream, ``/v1/agora/runs/{id}/events``, the web page).

A run executes in a worker thread; :meth:`Run.emit` is its ``on_event``. Cancelling is
cooperative: :meth:`Run.cancel` sets a flag, and the next event the run emits raises
:class:`RunCancelled` in the worker. Token deltas arrive every few milliseconds while a model
generates, steps and debate turns at each step, so a run stops at its next event; a single
model call that is already in flight (an API request without streaming) is not interrupted,
and the per-run wall-clock limit bounds it.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from agora.events import Notice, RunFinished, TokenDelta, TranscriptWriter, read_transcript

RUN_ID = re.compile(r"^chatcmpl-[0-9a-f]{32}$")


class RunCancelled(BaseException):
    """Raised from a run's event handler once it is cancelled. A BaseException, like
    KeyboardInterrupt, so the agent's and debate's ``except Exception`` (one failing
    debater must not end a debate) let it through and the whole run stops."""


class Run:
    def __init__(self, run_id: str, profile: str, path: Path, loop: asyncio.AbstractEventLoop):
        self.id = run_id
        self.profile = profile
        self.path = path
        self.created = time.time()
        self.status = "running"  # running | finished | failed | cancelled
        self.answer: Any = None  # the ProfileAnswer once finished
        self.error: str | None = None
        self.cancel_reason: str | None = None
        self._loop = loop
        self._writer = TranscriptWriter(path)
        self._lock = threading.Lock()
        self._closed = False
        self._finished_root = False
        self.history: list[Any] = []  # delivered events (on the loop's thread)
        self._followers: list[asyncio.Queue] = []
        self.done = asyncio.Event()
        self.watch: Any = None  # the task that stops the wall-clock watchdog when the run ends

    # --- worker side (any thread) -----------------------------------------------------------

    def emit(self, event: Any) -> None:
        if self.cancel_reason is not None:
            raise RunCancelled(self.cancel_reason)
        self._record(event)

    def _record(self, event: Any) -> None:
        with self._lock:
            if self._closed:
                return
            self._writer(event)  # flushed at once: a crash keeps every event so far
            if isinstance(event, RunFinished) and event.source in ("", "debate"):
                self._finished_root = True
        self._loop.call_soon_threadsafe(self._deliver, event)

    def cancel(self, reason: str) -> None:
        if self.cancel_reason is None:
            self.cancel_reason = reason

    def close(self, status: str, *, answer: Any = None, error: str | None = None) -> None:
        """End the transcript: a run that did not reach its own RunFinished (cancelled, failed)
        gets a notice and a RunFinished saying why, so the file always tells how it ended."""
        if status != "finished" and not self._finished_root:
            text = f"run {status}: {error or self.cancel_reason or ''}".rstrip(": ")
            self._record(Notice(source="server", level="error" if status == "failed" else "warning", text=text))
            self._record(RunFinished(source="server", answer="", complete=False, stop_reason=status))
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._writer.close()
        self._loop.call_soon_threadsafe(self._finish, status, answer, error)

    # --- loop side ------------------------------------------------------------------------

    def _deliver(self, event: Any) -> None:
        self.history.append(event)
        for queue in self._followers:
            queue.put_nowait(event)

    def _finish(self, status: str, answer: Any, error: str | None) -> None:
        self.status, self.answer, self.error = status, answer, error
        # a finished run stays in memory a while (its followers replay it): without its
        # token deltas, which the transcript does not keep either
        self.history = [e for e in self.history if not isinstance(e, TokenDelta)]
        for queue in self._followers:
            queue.put_nowait(None)
        self.done.set()

    def follow(self) -> asyncio.Queue:
        """A queue of every event so far, then each new one, then None at the end."""
        queue: asyncio.Queue = asyncio.Queue()
        for event in self.history:
            queue.put_nowait(event)
        if self.done.is_set():
            queue.put_nowait(None)
        else:
            self._followers.append(queue)
        return queue

    def unfollow(self, queue: asyncio.Queue) -> None:
        if queue in self._followers:
            self._followers.remove(queue)


def failure(run: Run) -> Any:
    """The APIError to send for a run that ended without a usable answer, else None."""
    from agora.serve.errors import APIError

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


class RunStore:
    """Runs by id. The transcripts on disk are the record (several replicas may share the
    folder); the in-memory runs are the live ones and a bounded number of recent ones."""

    def __init__(self, folder: str | Path, *, keep: int = 256):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.keep = keep
        self.runs: dict[str, Run] = {}

    def create(self, profile: str) -> Run:
        run_id = f"chatcmpl-{uuid.uuid4().hex}"
        run = Run(run_id, profile, self.folder / f"{run_id}.jsonl", asyncio.get_running_loop())
        self.runs[run_id] = run
        finished = [k for k, r in self.runs.items() if r.done.is_set()]
        for k in finished[: max(0, len(self.runs) - self.keep)]:
            del self.runs[k]  # their transcripts stay on disk
        return run

    def live(self) -> list[Run]:
        return [r for r in self.runs.values() if not r.done.is_set()]

    def path(self, run_id: str) -> Path | None:
        if not RUN_ID.match(run_id):  # never a path built from arbitrary input
            return None
        path = self.folder / f"{run_id}.jsonl"
        return path if path.is_file() else None

    def transcript(self, run_id: str) -> dict[str, Any] | None:
        path = self.path(run_id)
        if path is None:
            return None
        events = read_transcript(path)
        run = self.runs.get(run_id)
        if run is not None:
            status = run.status
        else:
            ends = [e for e in events if isinstance(e, RunFinished) and e.source in ("", "debate", "server")]
            status = ("finished" if ends[-1].source != "server" else ends[-1].stop_reason) if ends else "unknown"
        return {"id": run_id, "object": "agora.run", "status": status,
                "profile": run.profile if run is not None else None,
                "events": [e.model_dump(mode="json") for e in events if not isinstance(e, TokenDelta)]}
