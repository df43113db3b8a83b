"""A conversation with a model, usable from Python and behind ``agora chat``.

    from agora import Chat
    chat = Chat("local:smollm2", persona="teacher")
    reply = chat.send("What is a prime number?")
    reply.text, reply.usage, reply.seconds
    chat.send("Give me three examples.")      # the model sees the conversation so far

How a question is answered depends on the chat's settings:

* plain chat (no tools, no critique): one streamed call to the backend with the history;
* tools or critique on: an :class:`agora.Agent` run, with the history;
* after ``chat.debate_next = N`` (``/debate N``): the next question only goes to a
  :class:`agora.Debate` of N debaters.

The history sent fits the model's context window: older turns are summarised by the model
(:mod:`agora.chat.memory`), and ``chat.memory.view(chat.backend)`` shows what is kept. With
``save=True`` every turn is appended to a session file as it happens (:mod:`agora.chat.sessions`)
and ``Chat.resume(id)`` picks the conversation up again.

Ctrl-C while an answer is generated stops that answer: ``send`` returns the part produced so
far with ``stop_reason="interrupted"`` and the chat goes on.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable, Sequence

from agora.backends import shared_backend
from agora.backends.base import Backend
from agora import defaults
from agora.errors import AgoraError, ConfigError, ContextOverflow
from agora.events import Notice, TokenDelta
from agora.chat.modes import MODES, Reply, failed
from agora.chat.memory import PER_MESSAGE, Memory, Turn
from agora.messages import Message, Usage
from agora.chat.sessions import (SessionLog, conversation_markdown, find_session, read_records, rebuild,
                       restore_memory, write_conversation)



class Chat:
    def __init__(
        self,
        model: str | Backend | None = None,
        *,
        system: str | None = None,
        persona: Any = None,
        tools: str | Sequence[Any] = (),
        critique: bool = False,
        max_tokens: int = defaults.MAX_TOKENS,
        temperature: float | None = None,
        seed: int | None = None,
        context_size: int | None = None,
        summary_tokens: int = 200,
        save: bool = False,
        sessions_dir: str | Path | None = None,
        backend_options: dict[str, Any] | None = None,
        tool_options: dict[str, Any] | None = None,
        show_reasoning: bool = False,
        debate_rounds: int = 2,
        personas_dir: str | Path | None = None,
        approve: Any = None,
        approve_tools: Sequence[str] | None = None,
    ):
        self.backend_options = dict(backend_options or {})
        self._backends: dict[str, Backend] = {}
        self.backend = self._load(model)
        #: options for built-in tools, e.g. {"index": "docs.sqlite"} for retrieve
        self.tool_options = dict(tool_options or {})
        self._tool_objects: list[Any] = []
        self.system = system or None
        #: a folder of the user's own personas, searched before the shipped ones
        self.personas_dir = personas_dir
        self.persona = None
        self.set_persona(persona, log=False)
        self.tools: list[Any] = []
        self.set_tools(tools, log=False)
        self.critique = bool(critique)
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.seed = seed
        self.context_size = context_size
        self.show_reasoning = show_reasoning
        self.debate_rounds = debate_rounds
        #: asked before each tool call of an agent-mode answer (see agora.tools.approval)
        self.approve, self.approve_tools = approve, approve_tools
        #: answer the next question with a debate of this many debaters (then back to None)
        self.debate_next: int | None = None
        self.memory = Memory(summary_tokens=summary_tokens)
        self.sessions_dir = Path(sessions_dir) if sessions_dir is not None else None
        self.log: SessionLog | None = SessionLog.create(self.sessions_dir) if save else None
        self._log_started = False

    # --- settings -----------------------------------------------------------------------------

    def _load(self, model: str | Backend | None) -> Backend:
        if isinstance(model, Backend):
            return model
        spec = (model or defaults.MODEL).strip()
        if spec not in self._backends:
            options = self.backend_options if spec.startswith(("local:", "gguf:")) else {}
            # a local model loaded once is shared with anything else in the process
            self._backends[spec] = shared_backend(spec, **options)
        return self._backends[spec]

    @property
    def model(self) -> str:
        return self.backend.spec or type(self.backend).__name__

    def set_model(self, model: str | Backend) -> None:
        """Switch model; a bad spec raises ConfigError and leaves the chat as it was."""
        self.backend = self._load(model)
        self._log_settings()

    def set_system(self, system: str | None) -> None:
        self.system = system or None
        self._log_settings()

    def set_persona(self, persona: Any, *, log: bool = True) -> None:
        if persona:
            from agora.personas import load_persona

            persona = load_persona(persona, self.personas_dir)
        self.persona = persona or None
        if log:
            self._log_settings()

    def set_tools(self, tools: str | Sequence[Any] | None, *, log: bool = True) -> None:
        """Tools by name ("calculator,python") or Tool objects; "none" or empty turns them off.
        Names are checked now so a typo fails at once, not at the next question."""
        if isinstance(tools, str):
            tools = [] if tools.strip().lower() in ("", "none", "off") else [t.strip() for t in tools.split(",") if t.strip()]
        items = list(tools or [])
        built: list[Any] = []
        if items:
            from agora.tools import resolve_tools

            built = resolve_tools(items, **self.tool_options)  # ConfigError on an unknown name
        self.tools, self._tool_objects = items, built
        if log:
            self._log_settings()

    def set_critique(self, on: bool) -> None:
        self.critique = bool(on)
        self._log_settings()

    @property
    def tool_names(self) -> list[str]:
        return [t if isinstance(t, str) else getattr(t, "name", str(t)) for t in self.tools]

    @property
    def effective_system(self) -> str | None:
        return self.system or (self.persona.system if self.persona else None)

    @property
    def effective_temperature(self) -> float:
        if self.temperature is not None:
            return self.temperature
        return self.persona.temperature if self.persona else defaults.TEMPERATURE

    def settings(self) -> dict[str, Any]:
        return {"model": self.model, "system": self.system,
                "persona": self.persona.name if self.persona else None, "tools": self.tool_names,
                "critique": self.critique, "show_reasoning": self.show_reasoning,
                "max_tokens": self.max_tokens, "temperature": self.temperature}

    @property
    def mode(self) -> str:
        """How the next question will be answered."""
        if self.debate_next:
            return "debate"
        return "agent" if (self.tools or self.critique) else "chat"

    # --- the conversation ---------------------------------------------------------------------

    @property
    def turns(self) -> list[Turn]:
        return self.memory.turns

    @property
    def history(self) -> list[Message]:
        """Every message of the conversation, also those now only in the summary."""
        return [m for t in self.memory.turns for m in t.messages()]

    def send(self, text: str, *, on_event: Callable[[Any], None] | None = None) -> Reply:
        """Answer ``text`` in the light of the conversation so far. A failure of the model (in
        any mode) comes back as an incomplete Reply with ``stop_reason="error"`` and a Notice
        event that says why; the question is kept (``retry()`` asks it again). Only a message
        that cannot be sent at all (empty, too long for the context) raises."""
        if not text or not text.strip():
            raise ConfigError("nothing to send: the message is empty")
        mode = self.mode
        trace: list[Any] = []

        def emit(event: Any) -> None:
            trace.append(event)
            if on_event is not None:
                on_event(event)

        context, history = self._fit(text, mode, emit)
        self._record("user", content=text)
        turn = Turn(user=text, mode=mode)
        self.memory.add(turn)
        streamed: list[str] = []

        def collect(event: Any) -> None:
            if isinstance(event, TokenDelta):
                streamed.append(event.text)
            emit(event)

        def partial() -> tuple[str, Usage]:  # what was streamed before it stopped
            text = "".join(streamed)
            return text, Usage(completion_tokens=self.backend.count_tokens(text) if text else 0)

        started = time.perf_counter()
        try:
            reply = MODES[mode].answer(self, text, context, history, collect)
        except AgoraError as err:  # the backend failed mid-answer: one line, and the chat goes on
            so_far, usage = partial()
            reply = failed(mode, str(err), emit, text=so_far, usage=usage)
        except KeyboardInterrupt:
            so_far, usage = partial()
            reply = Reply(text=so_far.strip(), mode=mode, complete=False, stop_reason="interrupted", usage=usage)
            emit(Notice(source="chat", level="warning", text="answer stopped"))
        finally:
            self.debate_next = None  # a debate answers one question only
        reply.seconds = reply.seconds or (time.perf_counter() - started)
        reply.model = self.model
        reply.trace = trace
        turn.assistant, turn.reasoning, turn.stopped = reply.text, reply.reasoning, reply.stopped
        turn.usage, turn.seconds = reply.usage, reply.seconds
        self._record("assistant", content=reply.text, reasoning=reply.reasoning, mode=mode,
                     stopped=reply.stopped, complete=reply.complete, stop_reason=reply.stop_reason,
                     usage=reply.usage.model_dump(), seconds=round(reply.seconds, 3))
        return reply

    def retry(self, *, on_event: Callable[[Any], None] | None = None) -> Reply:
        """Withdraw the last turn and ask its question again."""
        if not self.memory.turns:
            raise ConfigError("nothing to retry: no question asked yet")
        if self.memory.folded >= len(self.memory.turns):
            raise ConfigError("nothing to retry: the last turn is already in the summary")
        turn = self.memory.pop()
        if turn is None:  # checked above; kept for the type checker
            raise ConfigError("nothing to retry: no question asked yet")
        self._record("retract")
        return self.send(turn.user, on_event=on_event)

    def clear(self) -> None:
        """Forget the conversation (the session file keeps it, marked as cleared)."""
        self.memory.clear()
        self.debate_next = None
        self._record("clear")

    # --- fitting the window -------------------------------------------------------------------

    def _fit(self, text: str, mode: str, emit: Callable[[Any], None]) -> tuple[str | None, list[Message]]:
        """The system text (with the summary) and history to send, folding old turns if needed."""
        backend = self.backend
        window = self.context_size or backend.context_size or 4096
        system = self.effective_system
        overhead = MODES[mode].overhead(self, system, window)
        fixed = backend.count_tokens(text) + (backend.count_tokens(system) if system else 0) + 2 * PER_MESSAGE
        budget = window - self.max_tokens - overhead - fixed - 32
        if budget < 0:
            raise ContextOverflow(
                f"the message is {backend.count_tokens(text)} tokens: too long for the {window}-token "
                f"context of {self.model} with {self.max_tokens} tokens kept for the answer")
        fold = self.memory.fit(backend, budget, context_size=window)
        if fold is not None:
            self._record("summary", text=self.memory.summary, folded=self.memory.folded)
            how = "summarised by the model" if fold.by_model else "kept as a digest (the model could not summarise)"
            emit(Notice(source="memory", text=f"{fold.turns} earlier turn(s) {how} to fit the "
                                              f"{window}-token context; /memory shows what is kept"))
        return self.memory.context(system), self.memory.messages()

    # --- sessions -----------------------------------------------------------------------------

    @property
    def session_id(self) -> str | None:
        return self.log.id if self.log else None

    @property
    def session_path(self) -> Path | None:
        return self.log.path if self.log else None

    def _record(self, kind: str, **data: Any) -> None:
        if self.log is None:
            return
        if not self._log_started:
            self._log_started = True
            self.log.append("settings", **self.settings())
        self.log.append(kind, **data)

    def _log_settings(self) -> None:
        # before the first message the settings go out with it (no file for an empty chat)
        if self.log is not None and self._log_started:
            self.log.append("settings", **self.settings())

    def save(self, path: str | Path | None = None) -> Path:
        """Without a path: make sure this chat is saved as a session (it is saved as it goes
        once it is) and return its file. With a path: export the conversation there, as
        Markdown (.md) or as session records (.jsonl)."""
        if path is None:
            if self.log is None:
                self.log = SessionLog.create(self.sessions_dir)
                self._write_all(self.log)
            elif not self._log_started:
                self._write_all(self.log)
            return self.log.path
        path = Path(path).expanduser()
        if path.suffix not in (".md", ".jsonl"):
            raise ConfigError(f"cannot save as {path.name}: use a .md or .jsonl file name")
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            path.write_text(self.to_markdown(), encoding="utf-8")
        else:
            if path.exists():
                path.unlink()
            log = SessionLog(path)
            self._write_all(log, started=False)
            log.close()
        return path

    def _write_all(self, log: SessionLog, *, started: bool = True) -> None:
        write_conversation(log, self.settings(), self.memory)
        if started:
            self._log_started = True

    def to_markdown(self) -> str:
        return conversation_markdown(self.model, self.memory)

    def load(self, ref: str | Path | None = None) -> None:
        """Replace this conversation with a saved session (None = the newest); later turns
        are appended to that session's file. The current model stays."""
        path = find_session(ref, self.sessions_dir)
        state = rebuild(read_records(path))
        s = state.settings
        if "persona" in s:
            self.set_persona(s.get("persona"), log=False)
        if "tools" in s:  # an MCP server's tools ("mcp:NAME") come back only with --mcp again
            self.set_tools([t for t in s.get("tools") or [] if not str(t).startswith("mcp:")], log=False)
        self.system = s.get("system") or None
        self.critique = bool(s.get("critique", False))
        self.show_reasoning = bool(s.get("show_reasoning", self.show_reasoning))
        restore_memory(self.memory, state)
        if self.log is not None:
            self.log.close()
        self.log = SessionLog(path)
        self._log_started = True
        self.debate_next = None

    @classmethod
    def resume(cls, ref: str | Path | None = None, *, sessions_dir: str | Path | None = None,
               model: str | Backend | None = None, **options: Any) -> "Chat":
        """A chat that continues saved session ``ref`` (an id, id prefix or path; None = the
        newest), on ``model`` or else the model the session used."""
        path = find_session(ref, sessions_dir)
        saved = rebuild(read_records(path)).settings
        for key in ("max_tokens", "temperature"):
            if saved.get(key) is not None:
                options.setdefault(key, saved[key])
        chat = cls(model or saved.get("model") or None, sessions_dir=sessions_dir, **options)
        chat.load(path)
        # what the caller asked for now wins over what the session had
        if options.get("system"):
            chat.system = options["system"]
        if options.get("persona"):
            chat.set_persona(options["persona"], log=False)
        if options.get("tools"):
            chat.set_tools(options["tools"], log=False)
        if options.get("critique"):
            chat.critique = True
        chat._log_settings()
        return chat

    def close(self) -> None:
        if self.log is not None:
            self.log.close()


__all__ = ["Chat", "Reply"]
