"""Slash commands of the chat (``/help``, ``/model SPEC``, ...), apart from any terminal.

:func:`run_command` changes the :class:`~agora.chat.chat.Chat` and returns an :class:`Outcome`
(plain data) that the CLI renders; a bad command or argument raises ConfigError with one
line for the user, and the chat goes on. Commands that produce an answer (``/retry``) only
say so (``Outcome.action``): the caller runs them with its own event rendering.
"""

from __future__ import annotations

import difflib
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from agora.errors import ConfigError


@dataclass
class Outcome:
    text: str = ""  # a short message to show
    action: str = ""  # "" | "exit" | "retry" | "help" | "memory" | "table"
    title: str = ""
    columns: tuple[str, ...] = ()
    rows: Sequence[tuple[str, ...]] = field(default_factory=list)
    data: Any = None


#: keys and input conventions, for /help
KEYS = [
    ("Enter", "send the message"),
    ("Alt-Enter or Esc Enter", "new line inside the message"),
    ("\\ at the end of a line", "continue the message on the next line"),
    ("Up / Down", "earlier messages (history is kept between chats)"),
    ("Tab", "complete a /command"),
    ("Ctrl-C", "stop the current answer (at the prompt: clear the line)"),
    ("Ctrl-D", "leave the chat (the session is saved)"),
    ("//text", "send a message that starts with /"),
]


def _on_off(arg: str, name: str) -> bool:
    value = arg.strip().lower()
    if value in ("on", "yes", "true", "1"):
        return True
    if value in ("off", "no", "false", "0"):
        return False
    raise ConfigError(f"/{name} takes on or off, not {arg!r}" if arg else f"usage: /{name} on|off")


def _help(chat: Any, arg: str) -> Outcome:
    rows = [(f"/{name} {usage}".rstrip(), text) for name, (_, usage, text) in COMMANDS.items()]
    return Outcome(action="help", title="commands", columns=("command", "what it does"), rows=rows,
                   data=KEYS)


def _model(chat: Any, arg: str) -> Outcome:
    if not arg:
        return Outcome(text=f"model: {chat.model}")
    chat.set_model(arg)
    return Outcome(text=f"model: {chat.model}")


def _tools(chat: Any, arg: str) -> Outcome:
    from agora.tools import BUILTIN

    if arg:
        chat.set_tools(arg)
    current = ", ".join(chat.tool_names) or "none"
    # an MCP server's toolset shows as mcp:NAME; list what it holds
    served = "".join(f"\n  {t.name}: {', '.join(t.names())}" for t in chat.tools if hasattr(t, "names"))
    return Outcome(text=f"tools: {current} (available: {', '.join(BUILTIN)}; '/tools none' turns them off){served}")


def _persona(chat: Any, arg: str) -> Outcome:
    if arg.lower() in ("none", "off", "-"):
        chat.set_persona(None)
        return Outcome(text="persona: none")
    if arg:
        chat.set_persona(arg)
        return Outcome(text=f"persona: {chat.persona.name} ({chat.persona.description})")
    from agora.personas import list_personas

    current = chat.persona.name if chat.persona else None
    rows = [(("* " if p.name == current else "  ") + p.name, p.description) for p in list_personas(chat.personas_dir)]
    return Outcome(action="table", title=f"personas (current: {current or 'none'})",
                   columns=("persona", "description"), rows=rows)


def _system(chat: Any, arg: str) -> Outcome:
    if arg.lower() in ("none", "off", "-"):
        chat.set_system(None)
        return Outcome(text="system prompt: none" + (f" (persona {chat.persona.name}'s applies)" if chat.persona else ""))
    if arg:
        chat.set_system(arg)
        return Outcome(text="system prompt set")
    return Outcome(text=f"system prompt: {chat.effective_system or 'none'}")


def _debate(chat: Any, arg: str) -> Outcome:
    if arg.lower() in ("off", "none", "0"):
        chat.debate_next = None
        return Outcome(text="debate: off")
    try:
        n = int(arg) if arg else 3
    except ValueError:
        raise ConfigError(f"/debate takes a number of debaters (2 to 8), not {arg!r}") from None
    if not 2 <= n <= 8:
        raise ConfigError(f"/debate takes 2 to 8 debaters, not {n}")
    chat.debate_next = n
    return Outcome(text=f"the next question goes to a debate of {n} debaters")


def _critique(chat: Any, arg: str) -> Outcome:
    if arg:
        chat.set_critique(_on_off(arg, "critique"))
    return Outcome(text=f"critique: {'on' if chat.critique else 'off'}")


def _reasoning(chat: Any, arg: str) -> Outcome:
    chat.show_reasoning = _on_off(arg, "reasoning") if arg else not chat.show_reasoning
    chat._log_settings()
    return Outcome(text=f"reasoning: {'shown' if chat.show_reasoning else 'hidden'}")


def _retry(chat: Any, arg: str) -> Outcome:
    if not chat.turns:
        raise ConfigError("nothing to retry: no question asked yet")
    return Outcome(action="retry")


def _clear(chat: Any, arg: str) -> Outcome:
    chat.clear()
    return Outcome(text="conversation cleared")


def _save(chat: Any, arg: str) -> Outcome:
    path = chat.save(arg or None)
    if arg:
        return Outcome(text=f"saved to {path}")
    return Outcome(text=f"session {chat.session_id} is saved as it goes: {path} "
                        f"(resume: agora chat --resume {chat.session_id})")


def _load(chat: Any, arg: str) -> Outcome:
    chat.load(arg or None)
    return Outcome(text=f"loaded session {chat.session_id}: {len(chat.turns)} turn(s)", action="loaded")


def _sessions(chat: Any, arg: str) -> Outcome:
    from agora.chat.sessions import list_sessions

    infos = list_sessions(chat.sessions_dir)[: int(arg) if arg.isdigit() else 20]
    rows = [(s.id + (" *" if s.id == chat.session_id else ""), str(s.turns), s.model,
             time.strftime("%Y-%m-%d %H:%M", time.localtime(s.modified)), s.title) for s in infos]
    if not rows:
        return Outcome(text="no saved sessions yet")
    return Outcome(action="table", title="sessions (newest first; /load ID)",
                   columns=("id", "turns", "model", "when", "first question"), rows=rows)


def _memory(chat: Any, arg: str) -> Outcome:
    return Outcome(action="memory", data=chat.memory.view(chat.backend))


def _exit(chat: Any, arg: str) -> Outcome:
    return Outcome(action="exit")


Handler = Callable[[Any, str], Outcome]

#: name -> (handler, argument usage, help)
COMMANDS: dict[str, tuple[Handler, str, str]] = {
    "help": (_help, "", "this list"),
    "model": (_model, "[SPEC]", "show or switch the model (local:smollm2, openai:MODEL@URL, ...)"),
    "tools": (_tools, "[a,b|none]", "show or set the tools (calculator, python, search, retrieve)"),
    "persona": (_persona, "[NAME|none]", "list personas or answer as one"),
    "system": (_system, "[TEXT|none]", "show or set the system prompt"),
    "debate": (_debate, "[N|off]", "answer the next question by a debate of N debaters"),
    "critique": (_critique, "[on|off]", "self-critique and revision of answers (uses the agent)"),
    "reasoning": (_reasoning, "[on|off]", "show or hide the model's reasoning"),
    "memory": (_memory, "", "what the model sees: the summary and the turns kept verbatim"),
    "retry": (_retry, "", "ask the last question again"),
    "clear": (_clear, "", "forget the conversation"),
    "save": (_save, "[FILE.md|FILE.jsonl]", "where the session is saved, or export it"),
    "load": (_load, "[ID]", "continue a saved session (newest without ID)"),
    "sessions": (_sessions, "", "list saved sessions"),
    "exit": (_exit, "", "leave (Ctrl-D too)"),
}
ALIASES = {"quit": "exit", "q": "exit", "context": "memory", "h": "help", "?": "help"}


def is_command(line: str) -> bool:
    """A line that is a slash command (``//text`` is a message that starts with /)."""
    return line.startswith("/") and not line.startswith("//")


def parse(line: str) -> tuple[str, str]:
    """``"/model local:smollm2"`` -> ``("model", "local:smollm2")``; unknown -> ConfigError."""
    body = line.strip()[1:]
    name, _, arg = body.partition(" ")
    name = ALIASES.get(name.lower(), name.lower())
    if name not in COMMANDS:
        close = difflib.get_close_matches(name, COMMANDS, n=1)
        hint = f" (did you mean /{close[0]}?)" if close else ""
        raise ConfigError(f"unknown command /{body.split(' ')[0]}{hint}: /help lists the commands")
    return name, arg.strip()


def run_command(chat: Any, line: str) -> Outcome:
    name, arg = parse(line)
    return COMMANDS[name][0](chat, arg)


__all__ = ["Outcome", "COMMANDS", "ALIASES", "KEYS", "is_command", "parse", "run_command"]
