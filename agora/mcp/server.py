"""``agora mcp``: agora's answers as MCP tools, for any MCP client (other agents, IDEs).

Tools:

* ``ask(question, tools=[], profile="")`` – one agent (or the profile's run) answers;
* ``debate(question, debaters=3, rounds=2, judge=True, profile="")`` – a debate; returns the
  verdict, the vote and a transcript id (the JSONL transcript is kept on the server, see
  ``agora replay``); a progress notification goes out after each round when the client asked
  for progress;
* ``retrieve(query)`` – passages of the configured index (only when there is one).

Runs are bounded as in ``agora serve``: a wall-clock limit and a token budget per run that a
client can lower but not raise, a cap on debaters and rounds, and the python tool only in its
strict sandbox. Profiles are those of :mod:`agora.profiles` (``[serve.models.NAME]``).
"""

# no `from __future__ import annotations`: the SDK reads the tools' annotations (Context is
# imported inside build_server) when they are registered
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, Field

from agora.errors import ConfigError


#: time past a run's wall-clock limit (at most the limit again) before the client is told it ran out
GRACE_SECONDS = 5.0


@dataclass
class ServerLimits:
    max_seconds: float = 120.0
    token_budget: int = 20000
    max_debaters: int = 5
    max_rounds: int = 4
    #: built-in tools a client may ask ``ask`` to use
    tools: list[str] = field(default_factory=lambda: ["calculator", "python"])


class AskAnswer(BaseModel):
    answer: str
    complete: bool
    stop_reason: str
    profile: str
    tool_calls: list[str] = Field(default_factory=list)
    total_tokens: int = 0
    seconds: float = 0.0


class DebateVerdict(BaseModel):
    answer: str
    method: str
    rationale: str = ""
    confidence: float | None = None
    vote_answer: str | None = None
    vote_count: int = 0
    rounds: int = 0
    stop_reason: str = ""
    complete: bool = True
    transcript_id: str = ""
    total_tokens: int = 0
    seconds: float = 0.0


def build_server(settings: Any, *, limits: ServerLimits | None = None, transcripts: str | Path | None = None,
                 load: Callable[[str], Any] | None = None) -> Any:
    """The MCPServer (official SDK) with agora's tools; ``load`` turns a model spec into a
    backend (default: the process-wide shared one)."""
    import anyio
    import anyio.from_thread
    import anyio.to_thread
    from mcp.server import MCPServer
    from mcp.server.mcpserver import Context
    from mcp.server.mcpserver.exceptions import ToolError

    from agora.errors import AgoraError

    from agora.profiles import load_profiles, run_profile

    limits = limits or ServerLimits()
    profiles = load_profiles(settings.serve.get("models") if isinstance(settings.serve, dict) else None,
                             model=settings.model if "model" in settings.model_fields_set else None)
    folder = Path(transcripts).expanduser() if transcripts else _default_transcripts()
    app = MCPServer("agora", instructions="Ask agora's agents a question, or have several models debate it.",
                    log_level="WARNING")

    def profile_named(name: str, default: str) -> Any:
        chosen = profiles.get(name or default)
        if chosen is None:
            raise ToolError(f"unknown profile {name!r}; profiles: {', '.join(profiles)}")
        return chosen

    def bounded(profile: Any) -> Any:
        # the server's limits win over a profile's: one run cannot hold the server for longer
        return profile.model_copy(update={"max_seconds": min(profile.max_seconds, limits.max_seconds),
                                          "strict_sandbox": True})

    async def in_thread(work: Callable[[], Any]) -> Any:
        # the agent checks its wall clock between model calls; this bounds one long call too
        try:
            with anyio.fail_after(limits.max_seconds + min(GRACE_SECONDS, limits.max_seconds)):
                return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            raise ToolError(f"the run passed this server's limit of {limits.max_seconds:g} s") from None
        except AgoraError as err:  # bad profile, model failure...: the client reads the one line
            raise ToolError(str(err)) from None

    @app.tool()
    async def ask(question: str, tools: list[str] = [], profile: str = "") -> AskAnswer:  # noqa: B006
        """Ask agora a question: an agent answers (with the given tools, e.g. ["calculator"]),
        or the named profile does."""
        unknown = [t for t in tools if t not in limits.tools]
        if unknown:
            raise ToolError(f"tools not offered by this server: {', '.join(unknown)} "
                             f"(offered: {', '.join(limits.tools) or 'none'})")
        chosen = bounded(profile_named(profile, "agora-agent" if tools else "agora"))
        if tools:
            chosen = chosen.model_copy(update={"tools": list(dict.fromkeys([*chosen.tools, *tools]))})
        answer = await in_thread(lambda: run_profile(chosen, question, load=load,
                                                     token_budget=limits.token_budget))
        steps = answer.result.tool_steps() if hasattr(answer.result, "tool_steps") else []
        return AskAnswer(answer=answer.answer, complete=answer.complete, stop_reason=answer.stop_reason,
                         profile=chosen.name, tool_calls=[s.call.name for s in steps],
                         total_tokens=answer.usage.total_tokens, seconds=round(answer.seconds, 3))

    @app.tool()
    async def debate(question: str, ctx: Context, debaters: int = 3, rounds: int = 2, judge: bool = True,
                     profile: str = "") -> DebateVerdict:
        """Have several debaters answer, read each other's answers over rounds, then a judge
        (judge=true) or a majority vote (judge=false) decides. Returns the verdict, the vote
        and a transcript id."""
        from agora.events import RoundFinished, TranscriptWriter, fan_out

        if not 1 <= debaters <= limits.max_debaters:
            raise ToolError(f"debaters must be between 1 and {limits.max_debaters}")
        if not 1 <= rounds <= limits.max_rounds:
            raise ToolError(f"rounds must be between 1 and {limits.max_rounds}")
        base = profile_named(profile, "agora-debate")
        chosen = bounded(base).model_copy(update={"debate": debaters, "rounds": rounds,
                                                  "aggregate": "judge" if judge else "vote"})
        transcript_id = uuid.uuid4().hex[:12]
        folder.mkdir(parents=True, exist_ok=True)
        writer = TranscriptWriter(folder / f"{transcript_id}.jsonl")

        def progress(event: Any) -> None:
            if isinstance(event, RoundFinished):  # sent from the worker thread to the event loop
                try:
                    anyio.from_thread.run(ctx.report_progress, event.round + 1, rounds,
                                          f"round {event.round + 1} of {rounds} finished")
                except Exception:  # a client gone away must not stop the debate
                    pass

        def work() -> Any:
            try:
                return run_profile(chosen, question, load=load, on_event=fan_out(writer, progress),
                                   token_budget=limits.token_budget)
            finally:
                writer.close()

        answer = await in_thread(work)
        result = answer.result
        verdict = result.verdict
        return DebateVerdict(answer=answer.answer, method=result.method,
                             rationale=verdict.rationale if verdict else "",
                             confidence=verdict.confidence if verdict else None,
                             vote_answer=result.vote_answer, vote_count=result.vote_count,
                             rounds=len(result.rounds), stop_reason=result.stop_reason, complete=result.complete,
                             transcript_id=transcript_id, total_tokens=answer.usage.total_tokens,
                             seconds=round(answer.seconds, 3))

    if settings.index:
        from agora.tools.retrieve import build as build_retrieve

        retrieve_tool = build_retrieve(index=settings.index)[0]  # ConfigError now if the index is bad

        @app.tool()
        async def retrieve(query: str) -> str:
            """Search the documents indexed on this server; passages come with their citations."""
            return await in_thread(lambda: retrieve_tool.fn(query=query))

    return app


def _default_transcripts() -> Path:
    from agora.config import user_data_dir

    return user_data_dir() / "mcp-transcripts"


def serve(app: Any, *, port: int | None = None) -> None:
    """Serve over stdio, or over streamable HTTP on 127.0.0.1:``port`` (loopback only)."""
    if port is None:
        app.run()
        return
    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, not {port}")
    app.run("streamable-http", host="127.0.0.1", port=port)


__all__ = ["build_server", "serve", "ServerLimits", "AskAnswer", "DebateVerdict"]
