"""Bounded retries for HTTP model APIs (used by the OpenAI-compatible backend).

Retried: 408, 409, 429, 5xx, timeouts and dropped or refused connections. A ``Retry-After``
header (seconds or an HTTP date, or ``retry-after-ms``) is honoured, capped. Retries stop at
``attempts`` tries or when the next wait would go past ``max_seconds``, whichever comes first;
then one :class:`BackendError` says what happened, e.g.
``openai:m@http://127.0.0.1:9/v1: server unreachable after 5 attempts (connection refused)``.
Other errors are re-raised unchanged for the caller to classify.

The ``openai`` client's own retries are switched off (``max_retries=0``) so that this is the
only retry loop: one place decides, one place bounds the total time.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from typing import Any, Callable, TypeVar

from agora.errors import BackendError

log = logging.getLogger("agora.backends")
T = TypeVar("T")

RETRY_STATUS = {408, 409, 429}
#: the longest single wait, whatever the server asks for
MAX_WAIT = 30.0
#: waits between connection attempts stay short: a server that is not there rarely comes back
MAX_CONNECT_WAIT = 1.0


def status_of(exc: BaseException) -> int | None:
    return getattr(exc, "status_code", None)


def is_connection_error(exc: BaseException) -> bool:
    """Timeouts, refused and dropped connections (openai.APIConnectionError and its kin)."""
    if status_of(exc) is not None:
        return False
    name = type(exc).__name__
    return name in {"APIConnectionError", "APITimeoutError"} or isinstance(exc, (ConnectionError, TimeoutError))


def is_retryable(exc: BaseException) -> bool:
    status = status_of(exc)
    if status is not None:
        return status in RETRY_STATUS or status >= 500
    return is_connection_error(exc)


def retry_after_seconds(exc: BaseException) -> float | None:
    """The wait a server asked for in ``Retry-After`` / ``retry-after-ms``, if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _root_cause(exc: BaseException) -> BaseException:
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        nxt = exc.__cause__ or exc.__context__
        if nxt is None:
            break
        exc = nxt
    return exc


def describe(exc: BaseException) -> str:
    """A few words on why a request failed: 'connection refused', 'timed out', 'HTTP 503 ...'."""
    status = status_of(exc)
    if status is not None:
        return f"HTTP {status}: {server_message(exc)}"
    if type(exc).__name__ == "APITimeoutError" or isinstance(_root_cause(exc), TimeoutError):
        return "timed out"
    root = _root_cause(exc)
    if isinstance(root, ConnectionRefusedError) or "refused" in str(root).lower():
        return "connection refused"
    text = str(root) or type(root).__name__
    return text.splitlines()[0][:200]


def server_message(exc: BaseException) -> str:
    """The error message a server put in its JSON body (OpenAI, vLLM, llama.cpp, FastAPI forms)."""
    body = getattr(exc, "body", None)
    message: Any = None
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict):
            message = error.get("message") or error.get("msg")
        elif isinstance(error, str):
            message = error
        if message is None and "detail" in body:
            message = body["detail"]
    if message is None:
        message = getattr(exc, "message", None) or str(exc)
    if not isinstance(message, str):
        message = str(message)
    return " ".join(message.split())[:300]


def call_with_retries(fn: Callable[[], T], *, label: str, attempts: int, max_seconds: float,
                      backoff: float = 0.5, give_up: Callable[[BaseException], bool] | None = None) -> T:
    """Run ``fn`` with bounded retries. ``attempts`` counts every try (1 = no retry).
    ``give_up(exc)`` True marks an error as final although its status says retryable (some
    servers answer 500 to a request they will never accept)."""
    import tenacity  # lazily: only API backends retry

    def should_retry(exc: BaseException) -> bool:
        return is_retryable(exc) and not (give_up is not None and give_up(exc))

    def failure(state: "tenacity.RetryCallState") -> BaseException:
        # tenacity calls wait/before_sleep only after a failed attempt: there is an exception
        exc = state.outcome.exception() if state.outcome is not None else None
        return exc if exc is not None else RuntimeError("no outcome")

    def wait(state: "tenacity.RetryCallState") -> float:
        exc = failure(state)
        asked = retry_after_seconds(exc)
        if asked is not None:
            return min(asked, MAX_WAIT)
        # exponential backoff with jitter, so threads hitting a 429 together spread out
        step = backoff * 2 ** (state.attempt_number - 1) * random.uniform(0.8, 1.2)
        cap = MAX_CONNECT_WAIT if is_connection_error(exc) else 8.0
        return min(step, cap)

    def stop(state: "tenacity.RetryCallState") -> bool:
        if state.attempt_number >= attempts:
            return True
        upcoming = getattr(state, "upcoming_sleep", 0.0) or 0.0
        return (state.seconds_since_start or 0.0) + upcoming > max_seconds

    def note(state: "tenacity.RetryCallState") -> None:
        log.debug("%s: attempt %d failed (%s), retrying in %.2fs", label, state.attempt_number,
                  describe(failure(state)), getattr(state, "upcoming_sleep", 0.0))

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(should_retry),
        wait=wait,
        stop=stop,
        before_sleep=note,
        reraise=True,
    )
    started = time.monotonic()
    tries = 0

    def attempt() -> T:
        nonlocal tries
        tries += 1
        return fn()

    try:
        return retrying(attempt)
    except Exception as exc:
        if not should_retry(exc):
            raise
        raise BackendError(_give_up_message(label, exc, tries, time.monotonic() - started)) from None


def _give_up_message(label: str, exc: BaseException, tries: int, seconds: float) -> str:
    what = "attempt" if tries == 1 else "attempts"
    status = status_of(exc)
    if status == 429:
        asked = retry_after_seconds(exc)
        hint = f"; server asked to wait {asked:.0f}s" if asked and asked > 1 else ""
        return f"{label}: rate limited (HTTP 429) after {tries} {what} in {seconds:.0f}s{hint}"
    if status is not None:
        return f"{label}: server error after {tries} {what} ({describe(exc)})"
    reason = describe(exc)
    if reason == "timed out":
        return f"{label}: no reply after {tries} {what} (timed out)"
    return f"{label}: server unreachable after {tries} {what} ({reason})"
