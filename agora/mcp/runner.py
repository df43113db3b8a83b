"""An asyncio event loop in a daemon thread: the MCP SDK is async, agora's loop is not.

Each MCP connection owns one :class:`LoopThread`; synchronous code hands it coroutines with
:meth:`LoopThread.submit` and waits on the future at most a call's time limit (cancelling the
coroutine when it gives up), so a hung server costs a call its time limit, never the run.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any, Awaitable, Callable, TypeVar

T = TypeVar("T")


class LoopThread:
    def __init__(self, name: str):
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._main, daemon=True, name=f"agora-mcp-{name}")
        self._thread.start()

    def _main(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:
            self.loop.close()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and not self.loop.is_closed()

    def submit(self, make: Callable[[], Awaitable[T]]) -> concurrent.futures.Future:
        """Start ``make()`` on the loop; the future is its outcome."""
        async def wrapper() -> T:
            return await make()

        return asyncio.run_coroutine_threadsafe(wrapper(), self.loop)

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        if self.alive:
            self.loop.call_soon_threadsafe(fn, *args)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the loop once what was scheduled has ended (or after ``timeout``)."""
        if self.alive:
            self.loop.call_soon_threadsafe(self.loop.stop)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)


__all__ = ["LoopThread"]
