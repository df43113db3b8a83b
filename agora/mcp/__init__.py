"""MCP: tools from any Model Context Protocol server, and agora as one (``agora mcp``).

    from agora import Agent
    from agora.mcp import mcp_tools

    with mcp_tools("python my_server.py") as tools:          # or "http://127.0.0.1:9000/mcp"
        Agent(model="local:smollm2", tools=[tools]).run("...")

The server's tools become ordinary agora tools (their JSON schemas kept), so agents,
debaters and chat use them like the built-ins, through the same approval hook. The server is
shut down by ``close()`` / the ``with`` block, and at the latest when Python exits.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Sequence

from agora.errors import ConfigError
from agora.mcp.spec import ServerSpec, configured, parse_spec


class McpToolset(Sequence):
    """The tools of one MCP server: a sequence of agora Tools (``Agent(tools=[toolset])``
    takes it whole), plus the connection's trust controls."""

    def __init__(self, connection: Any, tools: list[Any]):
        self.connection = connection
        self._tools = tools

    def __getitem__(self, i: Any) -> Any:
        return self._tools[i]

    def __len__(self) -> int:
        return len(self._tools)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._tools)

    @property
    def name(self) -> str:
        return f"mcp:{self.connection.name}"

    def names(self) -> list[str]:
        return [t.name for t in self._tools]

    def changed(self) -> dict[str, Any]:
        """Tools whose definition changed since connect (asks the server now)."""
        return self.connection.recheck()

    def accept(self, name: str) -> Any:
        """Accept the server's new definition of ``name``: it is called again from now on."""
        return self.connection.accept(name)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "McpToolset":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"McpToolset({self.connection.name!r}, tools={self.names()})"


def mcp_tools(spec: str | ServerSpec, *, allow: Sequence[str] | None = None, timeout: float | None = None,
              env: dict[str, str] | None = None, config: dict[str, Any] | None = None,
              on_event: Callable[[Any], None] | None = None, max_output: int | None = None,
              **options: Any) -> McpToolset:
    """Connect to an MCP server and return its tools. ``spec``: a command line
    (``"python my_server.py"``), a streamable-HTTP URL, or the name of a ``[mcp.servers.NAME]``
    of ``config`` (``Settings.mcp``; by default read from agora.toml)."""
    from agora.mcp.client import McpConnection

    if config is None and isinstance(spec, str):
        from agora.config import load_settings

        config = load_settings().mcp
    updates = {k: v for k, v in {"allow": list(allow) if allow is not None else None, "timeout": timeout,
                                 "env": env, **options}.items() if v is not None}
    server = parse_spec(spec, config=config, **updates)
    connection = McpConnection(server, on_event=on_event).open()
    return McpToolset(connection, connection.agora_tools(**({"max_output": max_output} if max_output else {})))


def connect_servers(specs: Iterable[str], *, config: dict[str, Any] | None = None,
                    on_event: Callable[[Any], None] | None = None,
                    taken: Iterable[str] = ()) -> list[McpToolset]:
    """Connect to every server of ``specs`` (``--mcp`` values; "all" = every configured
    server). Tool names must not clash with each other or with ``taken``. On an error the
    servers already started are shut down before it is raised."""
    wanted: list[str] = []
    for s in specs:
        if s.strip() == "all":
            if not configured(config):
                raise ConfigError("--mcp all: agora.toml has no [mcp.servers.NAME] tables")
            wanted.extend(configured(config))
        else:
            wanted.append(s)
    sets: list[McpToolset] = []
    seen = {name: "agora" for name in taken}
    try:
        for s in wanted:
            toolset = mcp_tools(s, config=config or {}, on_event=on_event)
            sets.append(toolset)
            for name in toolset.names():
                if name in seen:
                    raise ConfigError(f"tool {name!r} of mcp server {toolset.connection.name} clashes with the one "
                                      f"of {seen[name]}: leave one out with allow = [...] in [mcp.servers.NAME]")
                seen[name] = f"mcp server {toolset.connection.name}"
    except BaseException:
        close_all(sets)
        raise
    return sets


def close_all(toolsets: Iterable[McpToolset]) -> None:
    for t in toolsets:
        t.close()


__all__ = ["mcp_tools", "McpToolset", "connect_servers", "close_all", "ServerSpec", "parse_spec", "configured"]
