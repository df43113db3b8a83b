"""Turn files into plain text: .txt/.md/.rst as they are, .html without its markup, .pdf by
its text layer (pypdf), source code as it is. Anything else is read only when it looks like
text (UTF-8, no NUL bytes); binary or unreadable files raise :class:`Unreadable` so the
caller can skip them with a warning instead of stopping a whole ingest.

Files are read one at a time (``iter_files`` yields paths, not contents), so a large corpus
is never held in memory at once.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable, Iterator

from agora.errors import ConfigError
from agora.text import html_to_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".rst", ".text", ".org", ".csv", ".tsv", ".log"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
CODE_SUFFIXES = {
    ".py", ".pyi", ".js", ".mjs", ".ts", ".tsx", ".jsx", ".c", ".h", ".cc", ".cpp", ".hpp",
    ".java", ".kt", ".go", ".rs", ".rb", ".php", ".cs", ".swift", ".scala", ".sh", ".bash",
    ".sql", ".r", ".jl", ".lua", ".pl", ".toml", ".yaml", ".yml", ".json", ".ini", ".cfg",
    ".css", ".scss", ".xml", ".tex", ".dockerfile", ".mk", ".cmake",
}
#: bigger files than this are skipped: they are rarely documents and would stall an ingest
MAX_BYTES = 20 * 1024 * 1024
#: folders that hold tooling, not documents
SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox",
             ".mypy_cache", ".pytest_cache", ".idea", ".vscode"}


class Unreadable(Exception):
    """A file that cannot be turned into text (binary, undecodable, broken PDF, too big)."""


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Every file under ``paths`` (files as given, folders recursively, hidden entries and
    tooling folders skipped), resolved to absolute paths, each once, in a stable order.
    A path that does not exist is a ConfigError, raised before anything is yielded."""
    roots = [Path(p).expanduser() for p in paths]
    missing = [str(p) for p in roots if not p.exists()]
    if missing:
        raise ConfigError(f"no such file or folder: {', '.join(missing)}")
    seen: set[Path] = set()
    for root in roots:
        root = root.resolve()
        if root.is_file():
            candidates: Iterable[Path] = [root]
        else:
            candidates = _walk(root)
        for path in candidates:
            if path not in seen:
                seen.add(path)
                yield path


def _walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        # sorted in place so os.walk descends in a stable order; hidden/tool folders pruned
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, read in blocks (a changed file gets a new hash)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_text(path: Path) -> str:
    """The text of one file, or :class:`Unreadable`."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise Unreadable(f"cannot read: {err.strerror or err}") from None
    if size > MAX_BYTES:
        raise Unreadable(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf_text(path)
    raw = _read_bytes(path)
    if suffix in HTML_SUFFIXES:
        return html_to_text(_decode(raw))[1]  # <title> is metadata: the page keeps its own headings
    if suffix in TEXT_SUFFIXES or suffix in CODE_SUFFIXES:
        return _decode(raw)
    # unknown kind: accept it only when it looks like text
    if b"\x00" in raw[:8192]:
        raise Unreadable("binary file")
    return _decode(raw)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise Unreadable(f"cannot read: {err.strerror or err}") from None


def _decode(raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise Unreadable("binary file")
    for encoding in ("utf-8-sig", "utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    # mostly-UTF-8 text with a few bad bytes is still text; mostly-garbage is not
    text = raw.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 100):
        raise Unreadable("not UTF-8 text")
    return text


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        raise Unreadable("PDF support needs pypdf: pip install 'agora[rag]'") from None
    try:
        reader = PdfReader(str(path))
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as err:
        raise Unreadable(f"broken PDF ({type(err).__name__})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise Unreadable("PDF has no text layer (scanned?)")
    return text
