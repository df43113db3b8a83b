"""Batch runs: many questions through one answering function, ``concurrency`` at a time,
each result appended to a JSONL file (and flushed) the moment it is done.

The output file is the state: a run that is killed keeps every finished result, and the
next run over the same file skips the items already there (a torn last line, from a kill
mid-write, is cut off first). An item that fails is recorded with its error and the others
go on; ``retry_failed=True`` runs the failed ones again (their new line comes later in the
file and is the one that counts).

Input lines are JSON objects: ``{"id": ..., "question": "..."}`` or ``{"id": ...,
"messages": [{"role": ..., "content": ...}, ...]}``; other keys (``expected`` ...) are copied
into the result. Without an ``id`` an item is named by its line number.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from agora.errors import AgoraError, ConfigError
from agora.messages import Message


@dataclass
class BatchItem:
    id: str
    messages: list[Message]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def question(self) -> str:
        return self.messages[-1].content


@dataclass
class BatchSummary:
    total: int = 0
    skipped: int = 0
    done: int = 0
    failed: int = 0
    seconds: float = 0.0
    interrupted: bool = False


def read_items(path: str | Path) -> list[BatchItem]:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such file")
    items, seen = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as err:
            raise ConfigError(f"{path}:{n}: not a JSON object ({err.msg})") from None
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}:{n}: expected a JSON object")
        item_id = str(raw.pop("id", n))
        if item_id in seen:
            raise ConfigError(f"{path}:{n}: id {item_id!r} appears twice")
        seen.add(item_id)
        items.append(BatchItem(item_id, _messages(raw, f"{path}:{n}"), raw))
    return items


def _messages(raw: dict[str, Any], where: str) -> list[Message]:
    if "messages" in raw:
        msgs = raw.pop("messages")
        try:
            messages = [Message(role=m["role"], content=m.get("content") or "") for m in msgs]
        except (TypeError, KeyError, ValueError):
            raise ConfigError(f"{where}: messages must be a list of {{role, content}} objects") from None
    else:
        text = raw.pop("question", None) or raw.pop("prompt", None)
        if not isinstance(text, str):
            raise ConfigError(f"{where}: needs a \"question\" (a string) or \"messages\"")
        messages = [Message.user(text)]
    if not messages or messages[-1].role != "user" or not messages[-1].content.strip():
        raise ConfigError(f"{where}: the last message must be a non-empty user message")
    return messages


def finished_ids(out: str | Path, *, retry_failed: bool = False) -> set[str]:
    """Ids already in ``out`` (the last line for an id counts). A torn last line is removed."""
    out = Path(out)
    if not out.is_file():
        return set()
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):  # killed mid-write: drop the partial line
        data = data[: data.rfind(b"\n") + 1]
        out.write_bytes(data)
    state: dict[str, bool] = {}
    for line in data.decode("utf-8").splitlines():
        try:
            row = json.loads(line)
            state[str(row["id"])] = bool(row.get("ok"))
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return {k for k, ok in state.items() if ok or not retry_failed}


def bounded_map(fn: Callable[[Any], Any], jobs: Iterable[Any], concurrency: int) -> Iterator[tuple[Any, Any]]:
    """``(job, fn(job))`` as each finishes, at most ``concurrency`` running at once (jobs are
    started in order, never all submitted ahead). With concurrency 1 everything runs in the
    calling thread, in order. An exception of ``fn`` is raised here."""
    if concurrency < 1:
        raise ConfigError("concurrency must be at least 1")
    if concurrency == 1:
        for job in jobs:
            yield job, fn(job)
        return
    pending: dict[Future, Any] = {}
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="agora-batch")
    try:
        for job in jobs:
            pending[pool.submit(fn, job)] = job
            while len(pending) >= concurrency:
                yield from _finished(pending)
        while pending:
            yield from _finished(pending)
    except BaseException:  # Ctrl-C, or a job failed: start nothing more
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _finished(pending: dict[Future, Any]) -> Iterator[tuple[Any, Any]]:
    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    for future in done:
        yield pending.pop(future), future.result()


def run_batch(items: Sequence[BatchItem], answer: Callable[[BatchItem], dict[str, Any]], *,
              out: str | Path, concurrency: int = 4, retry_failed: bool = False,
              on_result: Callable[[dict[str, Any], BatchSummary], None] | None = None,
              on_start: Callable[[BatchSummary], None] | None = None) -> BatchSummary:
    """Answer every item not yet in ``out``; ``answer(item)`` returns the result's fields
    (``answer``, ``ok`` ...) or raises. At most ``concurrency`` items run at once."""
    if concurrency < 1:
        raise ConfigError("concurrency must be at least 1")
    started = time.perf_counter()
    skip = finished_ids(out, retry_failed=retry_failed)
    todo = [i for i in items if i.id not in skip]
    summary = BatchSummary(total=len(items), skipped=len(items) - len(todo))
    if on_start is not None:
        on_start(summary)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "a", encoding="utf-8") as sink:
        try:
            for _, row in bounded_map(lambda item: _one(answer, item), todo, concurrency):
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                sink.flush()  # written the moment it is done: a kill loses nothing finished
                summary.done += 1
                summary.failed += 0 if row["ok"] else 1
                if on_result is not None:
                    on_result(row, summary)
        except KeyboardInterrupt:
            summary.interrupted = True
            raise
        finally:
            summary.seconds = time.perf_counter() - started
    return summary


def _one(answer: Callable[[BatchItem], dict[str, Any]], item: BatchItem) -> dict[str, Any]:
    started = time.perf_counter()
    row: dict[str, Any] = {"id": item.id, "question": item.question}
    try:
        row.update(answer(item))
        row.setdefault("ok", True)
        row.setdefault("error", None)
    except AgoraError as err:
        row.update(ok=False, answer=None, error=str(err))
    except Exception as err:  # noqa: BLE001 - one failing item must not end the batch
        row.update(ok=False, answer=None, error=f"{type(err).__name__}: {err}")
    row["seconds"] = round(time.perf_counter() - started, 3)
    for key, value in item.extra.items():
        row.setdefault(key, value)
    return row


def profile_answerer(profile: Any, load: Callable[[str], Any] | None = None, *, tracing: Any = None,
                     **options: Any) -> Callable[[BatchItem], dict]:
    """``answer(item)`` for :func:`run_batch` that runs ``profile`` (agora.profiles); with
    ``tracing`` (agora.otel.Tracing) each item is traced."""
    from agora.profiles import run_profile

    if tracing is not None:
        from agora.backends import shared_backend

        load = tracing.wrap_load(load or shared_backend)

    def answer(item: BatchItem) -> dict[str, Any]:
        trace = tracing.run() if tracing is not None else None
        try:
            got = run_profile(profile, item.messages, load=load, on_event=trace, **options)
        finally:
            if trace is not None:
                trace.finish()
        error = getattr(got.result, "error", None)
        ok = bool(got.answer) and got.stop_reason not in ("error", "no_answers")
        u = got.usage
        return {"answer": got.answer, "ok": ok,
                "error": None if ok else (error or f"no answer (stop reason: {got.stop_reason})"),
                "complete": got.complete, "stop_reason": got.stop_reason,
                "usage": {"prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens,
                          "total_tokens": u.total_tokens, "calls": u.calls}}

    return answer


__all__ = ["BatchItem", "BatchSummary", "read_items", "finished_ids", "bounded_map", "run_batch", "profile_answerer"]
