"""Which MCP server to talk to: a :class:`ServerSpec`, from a ``--mcp`` string or a
``[mcp.servers.NAME]`` table of agora.toml::

    [mcp.servers.files]
    command = "python"
    args = ["files_server.py", "--root", "docs"]
    env = { FILES_TOKEN = "${FILES_TOKEN}" }   # the only variables passed beyond PATH, HOME, LANG...
    allow = ["read_file", "list_dir"]          # tools offered to the model (default: all)
    timeout = 30                               # seconds per call

    [mcp.servers.remote]
    url = "http://127.0.0.1:9000/mcp"          # streamable HTTP

A ``--mcp`` string is a configured server's name, an ``http(s)://`` URL, or a command line
(split as a shell would, never run through one).
"""

from __future__ import annotations

import os
import re
import shlex
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agora.errors import ConfigError

DEFAULT_CALL_TIMEOUT = 30.0
DEFAULT_CONNECT_TIMEOUT = 30.0
#: environment variables a stdio server gets besides the SDK's own short list (HOME, LOGNAME,
#: PATH, SHELL, TERM, USER) and what its config entry names in ``env``: no API keys
PASSED_ENV = ("LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR")


class ServerSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    command: str | None = None
    args: list[str] = Field(default_factory=list)
    env: dict[str, str] = Field(default_factory=dict)
    cwd: str | None = None
    url: str | None = None
    #: tool names offered to the model; None = all the server lists
    allow: list[str] | None = None
    timeout: float = Field(default=DEFAULT_CALL_TIMEOUT, gt=0)
    connect_timeout: float = Field(default=DEFAULT_CONNECT_TIMEOUT, gt=0)
    #: re-list the tools before each call, so a changed definition is caught at once
    recheck: bool = True

    @property
    def transport(self) -> str:
        return "http" if self.url else "stdio"

    def describe(self) -> str:
        return self.url or shlex.join([self.command or "", *self.args])

    def child_env(self) -> dict[str, str]:
        """The extra environment of a stdio server (the SDK adds PATH, HOME, ...). ``${VAR}``
        in a configured value is read from agora's environment, so a key is passed on purpose."""
        out = {k: os.environ[k] for k in PASSED_ENV if os.environ.get(k)}
        out.update({k: os.path.expandvars(v) for k, v in self.env.items()})
        return out


def _check(spec: ServerSpec) -> ServerSpec:
    where = f"mcp server {spec.name!r}" if spec.name else "mcp server"
    if bool(spec.command) == bool(spec.url):
        raise ConfigError(f"{where}: give either a command or a url" if not spec.command
                          else f"{where}: give a command or a url, not both")
    if spec.url and not re.match(r"https?://[^/\s]+", spec.url):
        raise ConfigError(f"{where}: url must start with http:// or https:// (got {spec.url!r})")
    if spec.url and (spec.args or spec.env or spec.cwd):
        raise ConfigError(f"{where}: args, env and cwd apply to a command, not to a url")
    return spec


def from_config(name: str, raw: Any) -> ServerSpec:
    """The spec of the ``[mcp.servers.NAME]`` table ``raw``."""
    if not isinstance(raw, dict):
        raise ConfigError(f"mcp server {name!r}: expected a table ([mcp.servers.{name}])")
    raw = dict(raw)
    if isinstance(raw.get("command"), str) and "args" not in raw and " " in raw["command"].strip():
        parts = shlex.split(raw["command"])  # command = "python server.py" is accepted too
        raw["command"], raw["args"] = parts[0], parts[1:]
    try:
        return _check(ServerSpec(name=name, **raw))
    except ValidationError as err:
        e = err.errors()[0]
        loc = ".".join(map(str, e["loc"])) or "entry"
        raise ConfigError(f"mcp server {name!r}: {loc}: {e['msg']}") from None


def configured(mcp_table: dict[str, Any] | None) -> dict[str, ServerSpec]:
    """All servers of the ``[mcp]`` table of agora.toml (``Settings.mcp``), checked."""
    table = dict(mcp_table or {})
    servers = table.pop("servers", {})
    if table:
        raise ConfigError(f"[mcp]: unknown key(s) {', '.join(sorted(table))}; servers go in [mcp.servers.NAME]")
    if not isinstance(servers, dict):
        raise ConfigError("[mcp.servers]: expected tables [mcp.servers.NAME]")
    return {name: from_config(name, raw) for name, raw in servers.items()}


def parse_spec(text: str | ServerSpec, *, config: dict[str, Any] | None = None, **options: Any) -> ServerSpec:
    """A spec from a ``--mcp`` string: a configured name, a URL, or a command line.
    ``options`` (allow=, timeout=, env=, name=) apply on top."""
    if isinstance(text, ServerSpec):
        return _check(text.model_copy(update=options)) if options else _check(text)
    text = (text or "").strip()
    if not text:
        raise ConfigError("--mcp: empty server spec (give a command, a URL or a configured name)")
    servers = configured(config)
    if text in servers:
        spec = servers[text]
    elif re.match(r"[a-z][a-z0-9+.-]*://", text, re.I):
        spec = ServerSpec(name=_name_of_url(text), url=text)
    else:
        try:
            parts = shlex.split(text)
        except ValueError as err:
            raise ConfigError(f"--mcp {text!r}: {err}") from None
        spec = ServerSpec(name=_name_of_command(parts), command=parts[0], args=parts[1:])
    try:
        return _check(spec.model_copy(update=options) if options else spec)
    except ValidationError as err:  # pragma: no cover - options come from code
        raise ConfigError(f"--mcp {text!r}: {err.errors()[0]['msg']}") from None


def _name_of_command(parts: list[str]) -> str:
    """A short name for messages: the script (python my_server.py -> my_server), else the program."""
    for part in reversed(parts):
        if part.endswith((".py", ".js", ".ts")):
            return os.path.splitext(os.path.basename(part))[0]
    return os.path.basename(parts[0])


def _name_of_url(url: str) -> str:
    host = re.sub(r"^[a-z]+://", "", url, flags=re.I).split("/")[0]
    return host or url


__all__ = ["ServerSpec", "parse_spec", "from_config", "configured", "DEFAULT_CALL_TIMEOUT", "PASSED_ENV"]
