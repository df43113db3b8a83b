"""``agora chat``: a conversation in the terminal.

Answers stream as Markdown; tool calls, critiques and debates show as compact panels; slash
commands (``/help``) change the model, tools, persona, memory and sessions. Every turn is
saved as it happens; ``--resume [ID]`` continues a saved session.

Input is read with prompt_toolkit (history on the up arrow, Alt-Enter for a new line) when
stdin and stdout are a terminal, and as plain lines otherwise, so the chat can be scripted::

    printf 'What is 2+2?\\n/exit\\n' | agora chat --model fake:4
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("chat", help="talk with a model in the terminal (Markdown, tools, debates, sessions)",
                       description="A terminal chat. Type /help inside it for the commands and keys.")
    p.add_argument("--model", "-m", help="model spec: local:smollm2, gguf:PATH, openai:MODEL[@URL], fake[:REPLY]")
    p.add_argument("--tools", help="comma-separated tools: calculator,python,search,retrieve,units,dates")
    p.add_argument("--index", help="retrieval index file for the retrieve tool (see agora index)")
    p.add_argument("--strict-sandbox", action="store_true",
                   help="the python tool refuses to run where seccomp and Landlock are not available")
    from agora.cli.ask import add_approve_argument

    add_approve_argument(p)
    p.add_argument("--persona", help="persona name or .toml file (see personas/)")
    p.add_argument("--system", help="system prompt (replaces the persona's)")
    p.add_argument("--critique", action="store_true", help="critique each answer and revise it")
    p.add_argument("--reasoning", action="store_true", help="show the model's reasoning (toggle: /reasoning)")
    p.add_argument("--resume", nargs="?", const="", default=None, metavar="ID",
                   help="continue a saved session (the newest without ID; /sessions lists them)")
    p.add_argument("--max-tokens", type=int, help="tokens per answer (default 512)")
    p.add_argument("--temperature", type=float, help="sampling temperature")
    p.add_argument("--seed", type=int, help="sampling seed")
    p.add_argument("--sessions-dir", help="where sessions are saved (default: the user data folder)")
    p.add_argument("--no-save", action="store_true", help="do not save this chat")
    from agora.cli.mcp import add_mcp_argument

    add_mcp_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from agora.config import load_settings
    from agora.errors import ConfigError

    if args.max_tokens is not None and args.max_tokens < 1:
        raise ConfigError("--max-tokens must be at least 1")
    settings = load_settings({"model": args.model, "max_tokens": args.max_tokens,
                              "temperature": args.temperature, "seed": args.seed, "system": args.system,
                              "index": args.index})
    console = Console(highlight=False)
    from agora.cli.mcp import closing_mcp, open_mcp

    with closing_mcp(args):  # --mcp servers run as long as the chat
        open_mcp(args, settings, show_descriptions=args.reasoning)
        chat = _open_chat(args, settings, console)
        try:
            _banner(console, chat, resumed=args.resume is not None)
            return _loop(console, chat, _reader(console, chat))
        finally:
            chat.close()


def _open_chat(args: argparse.Namespace, settings: Any, console: Any) -> Any:
    from agora.chat.chat import Chat
    from agora.cli.ask import approver_from, tool_options_from

    explicit = settings.model_fields_set
    options: dict[str, Any] = dict(
        system=settings.system, persona=args.persona, critique=args.critique,
        tools=[t.strip() for t in (args.tools or "").split(",") if t.strip()] + list(args.mcp_tools),
        max_tokens=settings.max_tokens, seed=settings.seed, show_reasoning=args.reasoning,
        backend_options=settings.backend_options(), sessions_dir=args.sessions_dir,
        tool_options=tool_options_from(args, settings), personas_dir=settings.personas_dir,
        **approver_from(args),
    )
    # a persona's temperature counts unless one was given (flag, env or agora.toml)
    if "temperature" in explicit or not args.persona:
        options["temperature"] = settings.temperature
    with console.status(f"loading {settings.model if 'model' in explicit or args.resume is None else 'the session'}…",
                        spinner="dots") if console.is_terminal else _nothing():
        if args.resume is not None:
            model = settings.model if "model" in explicit else None
            chat = Chat.resume(args.resume or None, model=model, **options)
            if args.no_save:  # read the session, add nothing to it
                chat.close()
                chat.log = None
            return chat
        return Chat(settings.model, save=not args.no_save, **options)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _banner(console: Any, chat: Any, *, resumed: bool) -> None:
    from rich.text import Text

    bits = [f"model {chat.model}"]
    if chat.persona:
        bits.append(f"persona {chat.persona.name}")
    if chat.tools:
        bits.append("tools " + ",".join(chat.tool_names))
    if chat.critique:
        bits.append("critique on")
    console.print(Text.assemble(("agora chat", "bold"), " · " + " · ".join(bits), style=""))
    if resumed:
        console.print(Text(f"resumed session {chat.session_id} ({len(chat.turns)} turns); the last ones:", style="dim"))
        for t in chat.turns[-3:]:
            console.print(Text.assemble(("• you: ", "cyan"), t.user))
            if t.assistant:
                from rich.markdown import Markdown

                console.print(Markdown(t.assistant))
    console.print(Text("/help for commands · Alt-Enter new line · Ctrl-C stops an answer · Ctrl-D quits",
                       style="dim"))


# --- input -------------------------------------------------------------------------------


class PlainReader:
    """Lines from stdin (pipes, tests). A trailing backslash continues the message."""

    def __init__(self, console: Any):
        self.console = console
        self.show_prompt = sys.stdout.isatty()

    def read(self) -> str:
        if self.show_prompt:
            self.console.print("[bold cyan]you ›[/bold cyan] ", end="")
        lines: list[str] = []
        while True:
            line = sys.stdin.readline()
            if not line:
                if lines:
                    break
                raise EOFError
            line = line.rstrip("\r\n")
            if line.endswith("\\"):
                lines.append(line[:-1])
                continue
            lines.append(line)
            break
        return "\n".join(lines)


class PromptReader:
    """prompt_toolkit input: history file (up arrow), Alt-Enter / Esc Enter for a new line,
    a trailing backslash + Enter also starts a new line, a toolbar with the settings."""

    def __init__(self, chat: Any):
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory
        from prompt_toolkit.key_binding import KeyBindings

        from agora.config import user_data_dir

        bindings = KeyBindings()

        @bindings.add("escape", "enter")  # Alt-Enter arrives as Esc + Enter
        def _newline(event: Any) -> None:
            event.current_buffer.insert_text("\n")

        @bindings.add("enter")
        def _enter(event: Any) -> None:
            buf = event.current_buffer
            if buf.document.text_before_cursor.endswith("\\") and buf.document.is_cursor_at_the_end:
                buf.delete_before_cursor(1)
                buf.insert_text("\n")
            else:
                buf.validate_and_handle()

        from prompt_toolkit.completion import Completer, Completion

        from agora.chat.slash import COMMANDS

        class SlashCompleter(Completer):
            """Tab completes a slash command's name."""

            def get_completions(self, document: Any, complete_event: Any) -> Any:
                text = document.text_before_cursor
                if text.startswith("/") and " " not in text:
                    for name, (_, _usage, about) in COMMANDS.items():
                        if name.startswith(text[1:]):
                            yield Completion("/" + name, start_position=-len(text), display_meta=about)

        history = user_data_dir() / "chat_history"
        history.parent.mkdir(parents=True, exist_ok=True)
        self.chat = chat
        self.session: Any = PromptSession(history=FileHistory(str(history)), key_bindings=bindings,
                                     completer=SlashCompleter(), complete_while_typing=False,
                                     bottom_toolbar=self._toolbar, prompt_continuation=lambda w, n, s: "… ".rjust(w))

    def _toolbar(self) -> Any:
        c = self.chat
        bits = [c.model]
        if c.persona:
            bits.append(f"persona {c.persona.name}")
        if c.tools:
            bits.append("tools " + ",".join(c.tool_names))
        if c.critique:
            bits.append("critique")
        if c.debate_next:
            bits.append(f"next: debate of {c.debate_next}")
        if c.show_reasoning:
            bits.append("reasoning shown")
        if c.session_id:
            bits.append(f"session {c.session_id}")
        return " " + " · ".join(bits) + " · /help "

    def read(self) -> str:
        from prompt_toolkit.formatted_text import HTML

        return self.session.prompt(HTML("<b><ansicyan>you ›</ansicyan></b> "))


def _reader(console: Any, chat: Any) -> Any:
    if sys.stdin.isatty() and sys.stdout.isatty():
        try:
            return PromptReader(chat)
        except ImportError:
            console.print("[dim]prompt_toolkit is not installed (pip install 'agora[chat]'): "
                          "plain input without history[/dim]")
    return PlainReader(console)


# --- the loop ----------------------------------------------------------------------------


def _loop(console: Any, chat: Any, reader: Any) -> int:
    from agora.errors import AgoraError
    from agora.chat.slash import is_command, run_command

    while True:
        try:
            line = reader.read()
        except KeyboardInterrupt:
            continue  # Ctrl-C at the prompt clears the line, as in a shell
        except EOFError:
            break
        if not line.strip():
            continue
        if is_command(line):
            try:
                outcome = run_command(chat, line)
            except AgoraError as err:
                _error(console, err)
                continue
            if outcome.action == "exit":
                break
            if outcome.action == "retry":
                _answer(console, chat, lambda on_event: chat.retry(on_event=on_event))
                continue
            _show(console, outcome)
            continue
        text = line[1:] if line.startswith("//") else line
        _answer(console, chat, lambda on_event: chat.send(text, on_event=on_event))
    if chat.session_id and chat.turns:
        console.print(f"[dim]saved: agora chat --resume {chat.session_id}[/dim]")
    return 0


def _answer(console: Any, chat: Any, ask: Callable[[Any], Any]) -> None:
    from agora.errors import AgoraError
    from agora.cli.chat_view import AnswerView

    view = AnswerView(console, mode=chat.mode, show_reasoning=chat.show_reasoning)
    if hasattr(getattr(chat, "approve", None), "pause"):
        chat.approve.pause = view.paused  # --approve asks inline, under a still display
    try:
        with view:
            reply = ask(view)
        view.finish(reply)
    except AgoraError as err:
        view.__exit__()
        _error(console, err)
    except KeyboardInterrupt:  # Ctrl-C outside the model call (e.g. while printing): the chat goes on
        view.__exit__()
        console.print("[yellow]■ stopped[/yellow]")


def _error(console: Any, err: Exception) -> None:
    from rich.console import Console
    from rich.text import Text

    # stderr, so a scripted chat's stdout holds only the conversation
    Console(stderr=True, highlight=False, soft_wrap=True).print(Text(f"error: {err}", style="bold red"))


def _show(console: Any, outcome: Any) -> None:
    from rich.text import Text

    from agora.cli.chat_view import memory_view, table

    if outcome.action == "memory":
        console.print(memory_view(outcome.data))
    elif outcome.action == "help":
        console.print(table("commands", outcome.columns, outcome.rows))
        console.print(table("keys", ("key", "what it does"), outcome.data))
    elif outcome.action == "table":
        console.print(table(outcome.title, outcome.columns, outcome.rows))
    if outcome.text:
        console.print(Text(outcome.text, style="green"))


__all__ = ["add_parser", "run", "PlainReader", "PromptReader"]
