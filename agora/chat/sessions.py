"""Chat sessions saved as they go: one append-only JSON-lines file per session under
``user_data_dir()/sessions``. Every record is flushed and fsynced when written, so a crash
loses nothing already said; a torn last line (crash mid-write) is ignored when reading.

Records (one JSON object a line, ``kind`` says which)::

    {"kind": "settings", "model": ..., "system": ..., "persona": ..., "tools": [...], "critique": ...}
    {"kind": "user", "content": "..."}
    {"kind": "assistant", "content": "...", "reasoning": "...", "usage": {...}, "seconds": 1.2,
     "mode": "chat" | "agent" | "debate", "stopped": false}
    {"kind": "summary", "text": "...", "folded": 4}      # turns[:4] now live in the summary
    {"kind": "retract"}                                   # the last turn was withdrawn (/retry)
    {"kind": "clear"}                                     # /clear: start the conversation afresh

Replaying the records (:func:`rebuild`) gives back the settings, turns and summary.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agora.errors import ConfigError


def default_sessions_dir() -> Path:
    from agora.config import user_data_dir  # lazily: platformdirs

    return user_data_dir() / "sessions"


def new_session_id() -> str:
    # sortable by time, unique enough for one user's machine
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


class SessionLog:
    """Appends records to one session file, durable at once."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.id = self.path.stem
        self._file: Any = None

    @classmethod
    def create(cls, folder: str | Path | None = None) -> "SessionLog":
        folder = Path(folder) if folder is not None else default_sessions_dir()
        return cls(folder / f"{new_session_id()}.jsonl")

    def append(self, kind: str, **data: Any) -> None:
        if self._file is None:
            # opened lazily: a chat that never says anything leaves no file behind
            # conversations are private: the folder and files are the user's alone
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self._file = os.fdopen(fd, "a", encoding="utf-8")
        record = {"kind": kind, "time": round(time.time(), 3), **data}
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()
        try:
            os.fsync(self._file.fileno())
        except OSError:  # some file systems (pipes, odd mounts) cannot fsync: flushed is enough
            pass

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """All records of a session file; a torn last line is skipped, a bad line elsewhere is
    a ConfigError (the file was edited by hand or is not a session)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ConfigError(f"cannot read session {path}: {err.strerror or err}") from None
    out = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            if i == len(lines) - 1:
                break
            raise ConfigError(f"{path}: line {i + 1} is not a session record") from None
        if isinstance(record, dict) and "kind" in record:
            out.append(record)
    return out


@dataclass
class SessionState:
    """What replaying a session gives back."""

    settings: dict[str, Any] = field(default_factory=dict)
    # (user, assistant-record or None when the question was never answered)
    turns: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)
    summary: str = ""
    folded: int = 0


def rebuild(records: list[dict[str, Any]]) -> SessionState:
    state = SessionState()
    for r in records:
        kind = r["kind"]
        if kind == "settings":
            state.settings.update({k: v for k, v in r.items() if k not in ("kind", "time")})
        elif kind == "user":
            state.turns.append((str(r.get("content", "")), None))
        elif kind == "assistant":
            if state.turns and state.turns[-1][1] is None:
                state.turns[-1] = (state.turns[-1][0], r)
        elif kind == "summary":
            state.summary = str(r.get("text", ""))
            state.folded = int(r.get("folded", 0))
        elif kind == "retract":
            if state.turns:
                state.turns.pop()
        elif kind == "clear":
            state.turns, state.summary, state.folded = [], "", 0
        state.folded = min(state.folded, len(state.turns))
    return state


@dataclass
class SessionInfo:
    id: str
    path: Path
    modified: float
    turns: int
    title: str
    model: str


def list_sessions(folder: str | Path | None = None) -> list[SessionInfo]:
    """Saved sessions, newest first."""
    folder = Path(folder) if folder is not None else default_sessions_dir()
    if not folder.is_dir():
        return []
    infos = []
    for path in folder.glob("*.jsonl"):
        try:
            state = rebuild(read_records(path))
        except ConfigError:
            continue  # not ours or damaged: skip it in a listing rather than fail
        title = state.turns[0][0] if state.turns else ""
        infos.append(SessionInfo(id=path.stem, path=path, modified=path.stat().st_mtime,
                                 turns=len(state.turns), title=" ".join(title.split())[:60],
                                 model=str(state.settings.get("model", ""))))
    infos.sort(key=lambda s: (s.modified, s.id), reverse=True)
    return infos


def find_session(ref: str | Path | None = None, folder: str | Path | None = None) -> Path:
    """The file of session ``ref``: a path, an id, or a unique id prefix; None = the newest."""
    folder = Path(folder) if folder is not None else default_sessions_dir()
    if ref is None or str(ref) == "":
        sessions = list_sessions(folder)
        if not sessions:
            raise ConfigError(f"no saved chat sessions in {folder}")
        return sessions[0].path
    as_path = Path(ref).expanduser()
    if as_path.suffix == ".jsonl" and as_path.is_file():
        return as_path
    ref = str(ref)
    exact = folder / f"{ref}.jsonl"
    if exact.is_file():
        return exact
    hits = sorted(folder.glob(f"{ref}*.jsonl")) if folder.is_dir() else []
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise ConfigError(f"session {ref!r} is ambiguous: {', '.join(p.stem for p in hits[:5])}")
    raise ConfigError(f"no chat session {ref!r} in {folder} (see /sessions)")


# --- a conversation to and from records ------------------------------------------------------


def write_conversation(log: SessionLog, settings: dict[str, Any], memory: Any) -> None:
    """Write a whole conversation (an :class:`agora.chat.memory.Memory`) as records."""
    log.append("settings", **settings)
    for i, t in enumerate(memory.turns):
        log.append("user", content=t.user)
        if t.assistant or t.stopped:
            log.append("assistant", content=t.assistant, reasoning=t.reasoning, mode=t.mode,
                       stopped=t.stopped, usage=t.usage.model_dump(), seconds=round(t.seconds, 3))
        if memory.summary and i + 1 == memory.folded:
            log.append("summary", text=memory.summary, folded=memory.folded)


def restore_memory(memory: Any, state: SessionState) -> None:
    """Fill ``memory`` with the turns and summary of a replayed session."""
    from agora.chat.memory import Turn
    from agora.messages import Usage

    memory.clear()
    for user, rec in state.turns:
        rec = rec or {}
        memory.add(Turn(user=user, assistant=str(rec.get("content", "")), reasoning=str(rec.get("reasoning", "")),
                        stopped=bool(rec.get("stopped")), mode=str(rec.get("mode", "chat")),
                        usage=Usage(**(rec.get("usage") or {})), seconds=float(rec.get("seconds", 0.0))))
    memory.summary, memory.folded = state.summary, state.folded


def conversation_markdown(model: str, memory: Any) -> str:
    lines = [f"# agora chat ({model})", ""]
    for t in memory.turns:
        lines += [f"**You:** {t.user}", "", t.assistant or "_(no answer)_", ""]
    if memory.summary:
        lines += ["---", f"_Summary kept for the model:_ {memory.summary}", ""]
    return "\n".join(lines)


__all__ = ["SessionLog", "SessionState", "SessionInfo", "read_records", "rebuild", "list_sessions",
           "find_session", "default_sessions_dir", "new_session_id", "write_conversation", "restore_memory",
           "conversation_markdown"]
