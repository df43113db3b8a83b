"""Settings, resolved in this order (first wins): command-line flags, environment variables
(``AGORA_MODEL``, ``AGORA_TEMPERATURE``, ...), ``agora.toml`` in the working directory, then
``agora.toml`` in the user config dir (:func:`user_config_file`).

An ``agora.toml`` holds the same keys as :class:`Settings`, e.g.::

    model = "openai:gpt-4o-mini"
    temperature = 0.2
    n_ctx = 4096
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from agora.errors import ConfigError
from agora import defaults

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = defaults.MODEL
    temperature: float = defaults.TEMPERATURE
    max_tokens: int = defaults.MAX_TOKENS
    seed: int | None = None
    system: str | None = None
    # local model options
    n_ctx: int = 4096
    n_threads: int | None = None
    n_gpu_layers: int = 0
    # where things live
    index: str | None = None
    personas_dir: str | None = None
    # tables read by their owners: [serve.models.NAME] profiles (agora.profiles), [mcp.servers.NAME]
    serve: dict[str, Any] = {}
    mcp: dict[str, Any] = {}

    def backend_options(self) -> dict[str, Any]:
        """Options for load_backend() that apply to the chosen spec."""
        if self.model.startswith(("local:", "gguf:")):
            opts: dict[str, Any] = {"n_ctx": self.n_ctx, "n_gpu_layers": self.n_gpu_layers}
            if self.n_threads:
                opts["n_threads"] = self.n_threads
            return opts
        return {}


def user_config_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("agora")) / "agora.toml"


def user_data_dir() -> Path:
    from platformdirs import user_data_dir as data_dir

    return Path(data_dir("agora"))


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: not valid TOML ({err})") from None


def _from_env() -> dict[str, Any]:
    out = {}
    for name in Settings.model_fields:
        if name in ("serve", "mcp"):  # tables: only in agora.toml
            continue
        value = os.environ.get(f"AGORA_{name.upper()}")
        if value not in (None, ""):
            out[name] = value
    return out


def load_settings(flags: dict[str, Any] | None = None, *, cwd: Path | None = None) -> Settings:
    """Merge the four sources; ``flags`` entries that are None count as not given."""
    merged: dict[str, Any] = {}
    for source, layer in (
        (str(user_config_file()), _read_toml(user_config_file())),
        (str((cwd or Path.cwd()) / "agora.toml"), _read_toml((cwd or Path.cwd()) / "agora.toml")),
        ("environment", _from_env()),
        ("flags", {k: v for k, v in (flags or {}).items() if v is not None}),
    ):
        unknown = set(layer) - set(Settings.model_fields)
        if unknown and source != "flags":
            raise ConfigError(f"{source}: unknown setting(s) {', '.join(sorted(unknown))}")
        merged.update({k: v for k, v in layer.items() if k in Settings.model_fields})
    try:
        return Settings.model_validate(merged)
    except ValidationError as err:
        e = err.errors()[0]
        raise ConfigError(f"setting {'.'.join(map(str, e['loc']))}: {e['msg']}") from None
