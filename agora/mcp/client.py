"""One connection to an MCP server, on the official ``mcp`` SDK: start it (a child process
over stdio, or a streamable-HTTP URL), list and pin its tools, call them under a time limit,
and shut it down.

Trust: the tool list is pinned when the connection opens (a SHA-256 of each tool's name,
title, description and schemas). Before a call the list is read again (``recheck``); a tool
whose definition changed, or that vanished, is refused until :meth:`McpConnection.accept`
takes the new definition. Only the tools of the allowlist (``allow``) are offered.

The SDK runs on a :class:`~agora.mcp.runner.LoopThread` per connection. The session lives
in one task there (anyio scopes must be left by the task that entered them); calls are
other tasks on the same loop.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import re
import tempfile
import threading
import time
import weakref
from typing import Any, Callable

from agora.errors import ConfigError, McpError, missing_extra
from agora.mcp.faults import chain, first_error, say
from agora.mcp.pins import ToolDef, tool_def
from agora.mcp.runner import LoopThread
from agora.mcp.spec import ServerSpec

#: largest reply accepted over HTTP (SSE event); over stdio lines are unbounded. Results are
#: cut to the observation budget afterwards; this only bounds memory.
MAX_REPLY_BYTES = 16 * 1024 * 1024


class ToolRefused(Exception):
    """A call the client will not make (a changed or vanished tool); the message says why."""


_live: "weakref.WeakSet[McpConnection]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:  # no orphan servers, even when a script forgets close()
    for conn in list(_live):
        conn.close()


class McpConnection:
    def __init__(self, spec: ServerSpec, *, on_event: Callable[[Any], None] | None = None):
        self.spec = spec
        self.name = spec.name or "mcp"
        self.on_event = on_event
        #: pinned definitions by agora name (after the allowlist)
        self.tools: dict[str, ToolDef] = {}
        #: tools whose definition changed (new ToolDef) or vanished (None) since pinned
        self.changed: dict[str, ToolDef | None] = {}
        self.server_name = ""
        self._client: Any = None
        self._loop: LoopThread | None = None
        self._closing: asyncio.Event | None = None
        self._finished = threading.Event()
        self._gone: str | None = None
        self._lock = threading.Lock()
        self._made: list[Any] = []
        self._inflight: set[concurrent.futures.Future] = set()
        self._garbage: str | None = None
        self._warned: set[str] = set()
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") \
            if spec.command else None

    # --- opening ---------------------------------------------------------------------------

    def open(self) -> "McpConnection":
        """Start or reach the server, list its tools and pin them. ConfigError for a bad
        command or an unreachable URL or allowlist (exit 2), McpError when the server fails."""
        try:
            import mcp  # noqa: F401
        except ImportError:
            raise missing_extra("the mcp package", "mcp") from None
        # the SDK logs what it drops (bad lines, teardown noise); agora reports failures itself
        logging.getLogger("mcp").addHandler(logging.NullHandler())
        logging.getLogger("mcp").propagate = False
        self._loop = LoopThread(self.name)
        ready: concurrent.futures.Future = concurrent.futures.Future()
        self._loop.submit(lambda: self._session(ready))
        _live.add(self)
        try:
            listed = ready.result(self.spec.connect_timeout)
        except concurrent.futures.TimeoutError:
            failure: BaseException = McpError(f"mcp server {self.name} ({self.spec.describe()}) did not answer within "
                               f"{self.spec.connect_timeout:g} s{self._stderr_tail()}")
            self.close()
            raise failure from None
        except BaseException as err:
            failure = self._start_error(first_error(err))  # before close(): it reads the server's stderr
            self.close()
            raise failure from None
        self._pin(listed)
        return self

    async def _session(self, ready: concurrent.futures.Future) -> None:
        from mcp import Client

        self._closing = asyncio.Event()
        try:
            async with Client(self._target(), mode="auto", message_handler=self._on_message) as client:
                self._client = client
                info = client.server_info
                self.server_name = info.name if info else ""
                ready.set_result(await self._list(client))
                await self._closing.wait()
        except BaseException as err:  # reported to open(), or remembered for later calls
            if not ready.done():
                ready.set_exception(err)
            elif not (self._closing and self._closing.is_set()):
                self._gone = f"the connection ended: {say(first_error(err))}"
        finally:
            self._client = None
            self._finished.set()

    async def _on_message(self, message: Any) -> None:
        """Notifications are not used; a line that is not JSON-RPC fails the calls in flight
        (the SDK would drop it and let them wait for their time limit)."""
        if isinstance(message, Exception):
            found = re.search(r"input_value=(.{1,80}?), input_type", str(message))
            self._garbage = found.group(1) if found else say(first_error(message))[:120]
            for future in list(self._inflight):
                future.cancel()

    def _target(self) -> Any:
        if self.spec.url:
            from mcp.client.streamable_http import streamable_http_client

            return streamable_http_client(self.spec.url, max_sse_event_size=MAX_REPLY_BYTES)
        from mcp import StdioServerParameters

        return _StdioTarget(StdioServerParameters(command=self.spec.command or "", args=self.spec.args,
                                                  env=self.spec.child_env(), cwd=self.spec.cwd), self._stderr)

    def _start_error(self, err: BaseException) -> Exception:
        where = f"mcp server {self.name}"
        if isinstance(err, (ConfigError, McpError)):
            return err
        if self.spec.command and isinstance(err, (FileNotFoundError, PermissionError, NotADirectoryError)):
            return ConfigError(f"{where}: cannot run {self.spec.command!r}: "
                               f"{'command not found' if isinstance(err, FileNotFoundError) else err.strerror}")
        if self.spec.url and any(type(e).__name__ in ("ConnectError", "ConnectTimeout", "UnsupportedProtocol",
                                                      "InvalidURL") or isinstance(e, OSError)
                                 for e in chain(err)):
            return ConfigError(f"{where}: cannot reach {self.spec.url}: {say(err)}")
        said = say(err)
        if said == "Connection closed":
            said = "it exited or closed its output before the MCP handshake"
        return McpError(f"{where} ({self.spec.describe()}) failed to start: {said}{self._stderr_tail()}")

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        try:
            self._stderr.flush()
            self._stderr.seek(0)
            lines = [ln.strip() for ln in self._stderr.read()[-4000:].splitlines() if ln.strip()]
        except (OSError, ValueError):
            return ""
        return f" (its stderr ends: {lines[-1][:200]})" if lines else ""

    async def _list(self, client: Any) -> list[Any]:
        tools, cursor = [], None
        for _ in range(100):  # a server that pages forever cannot hang us
            page = await client.list_tools(cursor=cursor, cache_mode="refresh")
            tools.extend(page.tools)
            cursor = page.next_cursor
            if not cursor:
                break
        return tools

    def _pin(self, listed: list[Any]) -> None:
        defs = {d.name: d for d in map(tool_def, listed)}
        if self.spec.allow is not None:
            unknown = [n for n in self.spec.allow if n not in defs and n not in {d.remote for d in defs.values()}]
            if unknown:
                self.close()
                raise ConfigError(f"mcp server {self.name}: allow names unknown tool(s) {', '.join(unknown)}; "
                                  f"it offers {', '.join(defs) or 'no tools'}")
            defs = {n: d for n, d in defs.items() if n in self.spec.allow or d.remote in self.spec.allow}
        self.tools = defs
        if self.on_event is not None:
            from agora.events import Notice

            for d in defs.values():
                args = ", ".join(f"{k}: {v.get('type', 'any') if isinstance(v, dict) else 'any'}"
                                 for k, v in (d.input_schema.get("properties") or {}).items())
                self.on_event(Notice(source=f"mcp:{self.name}", text=f"tool {d.name}({args}): {d.description}"))

    # --- calling ---------------------------------------------------------------------------

    def call(self, name: str, arguments: dict[str, Any], *, timeout: float | None = None) -> Any:
        """Call tool ``name``: the SDK's CallToolResult. Raises ToolRefused (changed tool),
        TimeoutError, or McpError (the server is gone or failed)."""
        limit = self.spec.timeout if timeout is None else min(self.spec.timeout, timeout)
        deadline = time.monotonic() + limit
        tool = self.tools.get(name)
        if tool is None:
            raise ToolRefused(f"{name} is not a tool of mcp server {self.name}")
        client = self._ready()
        if self.spec.recheck:
            self.recheck(timeout=max(0.05, deadline - time.monotonic()))
        if name in self.changed:
            self._warn_changed(name)
            raise ToolRefused(self.refusal(name))
        left = max(0.05, deadline - time.monotonic())
        try:
            return self._await(lambda: client.call_tool(tool.remote, arguments, read_timeout_seconds=left), left + 1.0)
        except Exception as err:
            failure = self._call_error(err)
            if isinstance(failure, TimeoutError):
                failure = TimeoutError(f"mcp server {self.name} did not answer within {limit:g} s")
            raise failure from None

    def _await(self, make: Callable[[], Any], timeout: float) -> Any:
        """Run ``make()`` on the loop, waiting ``timeout`` s; McpError when the server sends garbage."""
        self._garbage = None
        if self._loop is None:
            raise McpError(f"mcp server {self.name} is not connected")
        future = self._loop.submit(make)
        self._inflight.add(future)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError(f"no answer within {timeout:g} s") from None
        except concurrent.futures.CancelledError:
            if self._garbage is None:
                raise McpError(f"mcp server {self.name}: the call was cancelled") from None
            raise McpError(f"mcp server {self.name} sent something that is not MCP (JSON-RPC): "
                           f"{self._garbage}") from None
        finally:
            self._inflight.discard(future)

    def _ready(self) -> Any:
        if self._gone is None and self._finished.is_set():
            self._gone = "the connection is closed"
        if self._gone is not None or self._client is None:
            raise McpError(f"mcp server {self.name} is gone: {self._gone or 'not connected'}"
                           f"{self._stderr_tail()}")
        return self._client

    def _call_error(self, err: BaseException) -> Exception:
        err = first_error(err)
        if isinstance(err, (McpError, TimeoutError)):
            return err
        code = getattr(getattr(err, "error", None), "code", None)
        if code == -32000 or "Connection closed" in str(err):  # CONNECTION_CLOSED: the server died
            self._gone = "it crashed or exited"
            return McpError(f"mcp server {self.name} closed the connection mid-call (crashed or exited)"
                            f"{self._stderr_tail()}")
        if code == -32001:  # REQUEST_TIMEOUT
            return TimeoutError(f"mcp server {self.name} did not answer in time")
        if type(err).__name__ == "ValidationError":
            return McpError(f"mcp server {self.name} answered with something that is not a valid MCP "
                            f"result: {say(err)}")
        return McpError(f"mcp server {self.name}: {say(err)}")

    def recheck(self, *, timeout: float | None = None) -> dict[str, ToolDef | None]:
        """List the tools again and record those whose definition differs from the pin."""
        client = self._ready()
        try:
            listed = self._await(lambda: self._list(client), timeout or self.spec.timeout)
        except TimeoutError:
            raise TimeoutError(f"mcp server {self.name} did not list its tools within "
                               f"{timeout or self.spec.timeout:g} s") from None
        except Exception as err:
            raise self._call_error(err) from None
        now = {d.name: d for d in map(tool_def, listed)}
        with self._lock:
            for name, pinned in self.tools.items():
                new = now.get(name)
                if new is None or new.fingerprint != pinned.fingerprint:
                    self.changed[name] = new
                else:
                    self.changed.pop(name, None)  # changed back to what was accepted
        return dict(self.changed)

    def _warn_changed(self, name: str) -> None:
        """Tell the user once (a warning Notice) what the server now says about the tool."""
        if self.on_event is None or name in self._warned:
            return
        self._warned.add(name)
        from agora.events import Notice

        new = self.changed.get(name)
        said = f"its new description: {new.description[:300]!r}" if new is not None else "it is no longer listed"
        self.on_event(Notice(source=f"mcp:{self.name}", level="warning",
                             text=f"tool {name} changed since connect and is refused; {said}"))

    def refusal(self, name: str) -> str:
        new = self.changed.get(name)
        what = "no longer lists it" if new is None else "changed its definition (description or schema)"
        return (f"refused: mcp server {self.name} {what} since it was connected, so {name} is not "
                "called until the user accepts the change")

    def accept(self, name: str) -> ToolDef:
        """Take the server's new definition of ``name`` (after :meth:`recheck` found it
        changed); the tool is called again from now on, with the new description and schema."""
        with self._lock:
            if name not in self.changed:
                raise ConfigError(f"mcp server {self.name}: tool {name!r} has no pending change")
            new = self.changed.pop(name)
            if new is None:
                raise ConfigError(f"mcp server {self.name}: tool {name!r} is gone; there is nothing to accept")
            self.tools[name] = new
            self._warned.discard(name)
        for t in self._made:
            if t.name == name:
                t.adopt(new)
        return new

    def agora_tools(self, **options: Any) -> list[Any]:
        """The pinned tools as agora :class:`~agora.tools.Tool` objects (made once)."""
        from agora.mcp.tool import McpTool

        if not self._made:
            self._made = [McpTool.of(self, d, **options) for d in self.tools.values()]
        return list(self._made)

    # --- closing ---------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._loop is None or self._finished.is_set()

    def close(self) -> None:
        """Shut the server down (a child process gets stdin closed, then SIGTERM, then
        SIGKILL, by the SDK) and stop the loop thread. Safe to call twice."""
        loop, self._loop = self._loop, None
        if loop is None:
            return
        _live.discard(self)
        if self._closing is not None:
            loop.call_soon(self._closing.set)
        self._finished.wait(10.0)
        loop.stop()
        if self._stderr is not None:
            self._stderr.close()

    def __enter__(self) -> "McpConnection":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _StdioTarget:
    """The SDK's stdio transport with the server's stderr going to a file (shown when the
    server fails), not onto agora's terminal."""

    def __init__(self, params: Any, errlog: Any):
        self.params, self.errlog = params, errlog
        self._cm: Any = None

    async def __aenter__(self) -> Any:
        from mcp import stdio_client

        self._cm = stdio_client(self.params, errlog=self.errlog)
        return await self._cm.__aenter__()

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._cm.__aexit__(*exc)


__all__ = ["McpConnection", "ToolDef", "ToolRefused"]
