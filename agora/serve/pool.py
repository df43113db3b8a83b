"""A bounded pool of runs with a bounded queue, in front of the backends.

Runs are grouped in lanes. A profile whose backends all serve concurrent calls (API
backends) runs in the shared ``api`` lane, ``max_runs`` at a time; a profile on a model that
serves one call at a time (a local llama.cpp model, ``supports_concurrency = False``) gets a
lane of its own of width 1, so a queue of requests for it never starves the API profiles.
Waiting places are shared by all lanes (``max_queue``); when every place is taken a request
is refused at once with 429 and a Retry-After estimated from recent run times, instead of
piling up.

Everything here runs on the server's event loop (one thread), so it needs no locks.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from dataclasses import dataclass, field

from agora.serve.errors import overloaded


@dataclass
class Lane:
    width: int
    running: int = 0
    waiting: deque = field(default_factory=deque)


class RunPool:
    def __init__(self, *, max_runs: int = 16, max_queue: int = 32):
        self.max_runs = max(1, max_runs)
        self.max_queue = max(0, max_queue)
        self.lanes: dict[str, Lane] = {}
        self._avg_seconds = 5.0  # until a run has finished: a guess for Retry-After

    def lane(self, key: str, concurrent: bool) -> Lane:
        if key not in self.lanes:
            self.lanes[key] = Lane(self.max_runs if concurrent else 1)
        return self.lanes[key]

    @property
    def queued(self) -> int:
        return sum(len(lane.waiting) for lane in self.lanes.values())

    @property
    def running(self) -> int:
        return sum(lane.running for lane in self.lanes.values())

    def retry_after(self, lane: Lane) -> int:
        ahead = len(lane.waiting) + 1
        return max(1, math.ceil(self._avg_seconds * ahead / lane.width))

    async def acquire(self, lane: Lane) -> None:
        """Take a run slot of ``lane``: at once, after waiting in the queue, or raise a 429
        APIError when the queue is full. A cancelled waiter (client gone) leaves the queue."""
        if lane.running < lane.width and not lane.waiting:
            lane.running += 1
            return
        if self.queued >= self.max_queue:
            raise overloaded(self.retry_after(lane))
        ready: asyncio.Future = asyncio.get_running_loop().create_future()
        lane.waiting.append(ready)
        try:
            await ready  # release() hands its slot over by resolving this future
        except asyncio.CancelledError:
            if ready in lane.waiting:
                lane.waiting.remove(ready)
            elif ready.done() and not ready.cancelled():
                self.release(lane)  # the slot was handed over just as the client left
            raise

    def release(self, lane: Lane, seconds: float | None = None) -> None:
        if seconds is not None:  # a moving average keeps Retry-After close to recent runs
            self._avg_seconds = 0.8 * self._avg_seconds + 0.2 * seconds
        while lane.waiting:
            ready = lane.waiting.popleft()
            if not ready.done():
                ready.set_result(None)  # the slot passes on: running stays the same
                return
        lane.running -= 1
