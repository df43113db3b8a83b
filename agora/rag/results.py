"""What the index hands back: search hits with their citation, and add() reports."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class Hit:
    """One retrieved chunk. ``citation`` is ``source#chunk`` (chunk = its number in the file)."""

    chunk_id: int
    source: str
    chunk: int
    text: str
    score: float

    @property
    def citation(self) -> str:
        return f"{display_path(self.source)}#{self.chunk}"


@dataclass
class AddReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks: int = 0
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return len(self.added) + len(self.updated)


def display_path(path: str) -> str:
    """A stored (absolute) path shown relative to the working folder when it lies under it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel
