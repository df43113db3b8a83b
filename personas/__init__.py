"""Personas: a name, a description, a system prompt, a temperature and (optionally) the tools
the persona works with, one TOML file each.

The shipped ones live here (installed as ``agora.personas``); a user's own folder
(``folder=``; the CLI passes the setting ``personas_dir`` / ``--personas-dir``) is searched first, so a user file
named like a shipped one replaces it. A file looks like::

    name = "skeptic"
    description = "Doubts every claim and checks it before agreeing."
    temperature = 0.3
    system = \"\"\"You are a careful skeptic. ...\"\"\"
    tools = ["calculator"]   # optional: built-in tool names this persona uses

A persona's tools are names, resolved where the persona is used (a debater with the
``calculator`` persona runs the agent's ReAct loop with the calculator), so a persona file
never loads anything by itself.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from agora.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class Persona(BaseModel):
    name: str
    description: str = ""
    system: str
    temperature: float = Field(default=0.7, ge=0.0, le=2.0)
    #: built-in tool names (``calculator``, ``python``, ``search``, ``retrieve``)
    tools: list[str] = Field(default_factory=list)


def _user_folder(folder: str | Path | None) -> Path | None:
    # only the folder passed in: the library never reads agora.toml or the environment on its
    # own (the CLI and chat pass the ``personas_dir`` setting), so a persona does not depend on
    # the working directory
    return Path(folder).expanduser() if folder is not None else None


def _files(folder: str | Path | None) -> dict[str, object]:
    """name -> file (a Path or an importlib Traversable); the user's folder wins."""
    found: dict[str, object] = {}
    for entry in resources.files(__name__).iterdir():
        if entry.name.endswith(".toml"):
            found[entry.name[: -len(".toml")]] = entry
    user = _user_folder(folder)
    if user is not None:
        if not user.is_dir():
            raise ConfigError(f"personas folder {user} does not exist")
        for path in sorted(user.glob("*.toml")):
            found[path.stem] = path
    return found


def _read(name: str, entry: object) -> Persona:
    try:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"persona {name!r}: not valid TOML ({err})") from None
    data.setdefault("name", name)
    try:
        return Persona.model_validate(data)
    except ValidationError as err:
        e = err.errors()[0]
        raise ConfigError(f"persona {name!r}: {'.'.join(map(str, e['loc']))}: {e['msg']}") from None


def _key(name: str) -> str:
    # "devils_advocate", "Devils-Advocate" and "devils-advocate" all name the same persona
    return name.strip().lower().replace("_", "-").replace(" ", "-")


def list_personas(folder: str | Path | None = None) -> list[Persona]:
    """Every persona available (the user's folder first, then the shipped ones), by name."""
    return [_read(name, entry) for name, entry in sorted(_files(folder).items())]


def load_persona(name: str | Persona, folder: str | Path | None = None) -> Persona:
    """The persona called ``name`` (or a path to a .toml file). Unknown -> ConfigError that
    lists the available names."""
    if isinstance(name, Persona):
        return name
    if name.endswith(".toml") and Path(name).expanduser().is_file():
        path = Path(name).expanduser()
        return _read(path.stem, path)
    files = {_key(k): (k, v) for k, v in _files(folder).items()}
    hit = files.get(_key(name))
    if hit is None:
        raise ConfigError(f"unknown persona {name!r}: choose one of {', '.join(sorted(k for k, _ in files.values()))}")
    return _read(*hit)


__all__ = ["Persona", "load_persona", "list_personas"]
