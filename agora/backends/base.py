"""The one backend interface, and helpers every backend shares.

A backend has one required method, :meth:`Backend.complete`. ``stream()``, ``embed()`` and
``acomplete()`` have defaults built on it. Structured output is the backend's job: asked for
``output_schema`` (a JSON-schema dict or a pydantic model class), it returns
``Completion.parsed`` already validated (a dict, or an instance of the model).

Tool calling: given ``tools``, a backend either answers with ``Completion.tool_calls`` (and
optional ``reasoning``) or with a final ``text``. Backends without native tool calling
emulate it with :func:`tool_step_schema` / :func:`read_tool_step`: one JSON object that is
either ``{"thought", "tool", "arguments"}`` or ``{"thought", "answer"}``.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from typing import Any, Iterator, Sequence, Union

from pydantic import BaseModel, ValidationError

from agora.errors import BackendError
from agora.messages import Completion, Message, ModelSettings, ToolCall, ToolSpec, Usage
from agora.text import estimate_tokens

OutputSchema = Union[dict, type[BaseModel]]


class Backend(ABC):
    #: the spec string this backend was made from, e.g. "local:smollm2"
    spec: str = ""
    #: True where calls may run at the same time (API backends); local models run one at a time
    supports_concurrency: bool = False
    #: True where the server calls tools natively (OpenAI tools API)
    native_tools: bool = False
    #: context window in tokens, when known
    context_size: int | None = None
    #: True where :meth:`continue_text` works (a local model, whose prompt text is ours to extend)
    continues_text: bool = False
    #: True where :meth:`score_lines` works (a local model whose token probabilities we read)
    scores_lines: bool = False

    @abstractmethod
    def complete(
        self,
        messages: Sequence[Message],
        *,
        tools: Sequence[ToolSpec] | None = None,
        output_schema: OutputSchema | None = None,
        max_tokens: int = 512,
        temperature: float = 0.7,
        stop: Sequence[str] | None = None,
        seed: int | None = None,
        settings: ModelSettings | None = None,
    ) -> Completion:
        """One model call. Raises BackendError (or ContextOverflow) on failure. ``settings``
        (see :class:`~agora.messages.ModelSettings`) win over the loose keyword options."""

    def continue_text(self, messages: Sequence[Message], reply: str, grammar: str, *,
                      max_tokens: int = 64) -> Completion:
        """The model's greedy continuation of its own reply, begun as ``reply``, after
        ``messages``, under the GBNF ``grammar`` (see :attr:`continues_text`)."""
        raise BackendError(f"{self.spec} cannot continue a reply under a grammar")

    def score_lines(self, messages: Sequence[Message], reply: str, lines: Sequence[str]) -> tuple[list[float], Usage]:
        """The model's log-probability of each of ``lines`` as the continuation of its reply,
        begun as ``reply``, after ``messages`` (see :attr:`scores_lines`), and the call's usage
        (the prompt and the lines sent, the tokens evaluated; nothing is generated)."""
        raise BackendError(f"{self.spec} cannot score continuations")

    def stream(self, messages: Sequence[Message], **options: Any) -> Iterator[Union[str, Completion]]:
        """Yield text deltas as they are generated, then the final Completion.
        The default streams nothing incrementally: it yields the whole text at once."""
        completion = self.complete(messages, **options)
        if completion.text:
            yield completion.text
        yield completion

    async def acomplete(self, messages: Sequence[Message], **options: Any) -> Completion:
        import asyncio  # here, not at import time: most runs are synchronous

        return await asyncio.to_thread(self.complete, messages, **options)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        raise BackendError(f"{self.spec or type(self).__name__} does not provide embeddings")

    @property
    def embedding_model(self) -> str:
        """Identity of the embedding model (recorded in retrieval indexes)."""
        return self.spec

    def count_tokens(self, text: str) -> int:
        """Token count of ``text``; backends with a tokenizer override this estimate."""
        return estimate_tokens(text)

    def close(self) -> None:
        """Free resources (model memory, HTTP pools)."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"


# --- structured output -------------------------------------------------------------------


def schema_dict(output_schema: OutputSchema) -> dict:
    """The JSON schema of a dict or a pydantic model class."""
    if isinstance(output_schema, type) and issubclass(output_schema, BaseModel):
        return output_schema.model_json_schema()
    if isinstance(output_schema, dict):
        return output_schema
    raise TypeError(f"output_schema must be a dict or a pydantic model class, not {output_schema!r}")


def validate_output(output_schema: OutputSchema, text: str) -> Any:
    """Parse ``text`` as JSON and validate it against the schema.
    Returns a dict or a model instance; raises ValueError with a message fit to show a model."""
    if isinstance(output_schema, type) and issubclass(output_schema, BaseModel):
        try:
            return output_schema.model_validate_json(_json_part(text))
        except ValidationError as err:
            raise ValueError(_short_validation_error(err)) from None
    try:
        obj = json.loads(_json_part(text), strict=False)  # a raw newline in a string: a program
    except json.JSONDecodeError as err:
        raise ValueError(f"not valid JSON: {err}") from None
    import jsonschema  # lazily: only structured output needs it

    try:
        jsonschema.validate(obj, output_schema)
    except jsonschema.ValidationError as err:
        path = "/".join(str(p) for p in err.absolute_path) or "(root)"
        raise ValueError(f"at {path}: {err.message}") from None
    return obj


def _json_part(text: str) -> str:
    """Models sometimes wrap JSON in prose or ``` fences: keep the outermost {...} or [...]."""
    text = text.strip()
    if text.startswith("```"):
        text = text.strip("`")
        text = text[text.find("\n") + 1:] if "\n" in text else text
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        return text
    start = min(starts)
    end = max(text.rfind("}"), text.rfind("]"))
    return text[start:end + 1] if end > start else text[start:]


def _short_validation_error(err: ValidationError) -> str:
    parts = []
    for e in err.errors()[:5]:
        loc = "/".join(str(p) for p in e["loc"]) or "(root)"
        parts.append(f"at {loc}: {e['msg']}")
    return "; ".join(parts)


# --- tool calling without native support -----------------------------------------------


def allowed(tools: Sequence[ToolSpec], names: Sequence[str] | None) -> list[ToolSpec]:
    """The tools of ``tools`` named in ``names`` (all of them when ``names`` is None or names
    none of them: a step always has a tool to call)."""
    kept = [t for t in tools if names is None or t.name in names]
    return kept or list(tools)


def tool_step_schema(tools: Sequence[ToolSpec], *, thought_max: int = 800, answer: bool = True) -> dict:
    """JSON schema of one ReAct step: one tool call ``{"tool", "arguments"}`` (after a short
    ``"thought"`` when ``thought_max`` > 0) or, with ``answer``, the final ``{"answer"}``.
    Used by backends without native tool calls (grammar-constrained on llama.cpp, where the
    answer is plain text instead: see :func:`step_grammar_text`)."""
    thought = {"thought": {"type": "string", "maxLength": thought_max}} if thought_max > 0 else {}
    tools, defs = hoist_defs(tools)
    calls = [
        {
            "type": "object",
            "properties": {**thought, "tool": {"const": t.name},
                           "arguments": t.parameters or {"type": "object", "properties": {}}},
            "required": [*thought, "tool", "arguments"],
            "additionalProperties": False,
        }
        for t in tools
    ]
    shared = {"$defs": defs} if defs else {}
    if not answer:
        return {**calls[0], **shared} if len(calls) == 1 else {"anyOf": calls, **shared}
    final = {
        "type": "object",
        "properties": {**thought, "answer": {"type": "string"}},
        "required": [*thought, "answer"],
        "additionalProperties": False,
    }
    return {"anyOf": [*calls, final], **shared}


def hoist_defs(tools: Sequence[ToolSpec]) -> tuple[list[ToolSpec], dict]:
    """The tools with their parameter schemas' ``$defs`` moved to one shared table: inside a
    step schema a ``#/$defs/Name`` reference resolves from the step's root, not from the
    tool's parameters (nested pydantic models make such references). A name two tools define
    differently is renamed for the second, and its references rewritten."""
    defs: dict[str, Any] = {}
    out = []
    for t in tools:
        params = t.parameters or {}
        own = params.get("$defs") or {}
        if not own:
            out.append(t)
            continue
        text = json.dumps({k: v for k, v in params.items() if k != "$defs"})
        renamed = {}
        for name, body in own.items():
            new = name if defs.get(name, body) == body else f"{t.name}__{name}"
            renamed[name] = new
        moved = {}
        for name, body in own.items():
            body_text = json.dumps(body)
            for old_name, new_name in renamed.items():
                body_text = body_text.replace(f'"#/$defs/{old_name}"', f'"#/$defs/{new_name}"')
            moved[renamed[name]] = json.loads(body_text)
        for old_name, new_name in renamed.items():
            text = text.replace(f'"#/$defs/{old_name}"', f'"#/$defs/{new_name}"')
        defs.update(moved)
        out.append(t.model_copy(update={"parameters": json.loads(text)}))
    return out, defs


def read_tool_step(obj: dict, completion: Completion) -> Completion:
    """Fill ``completion`` from a parsed tool-step object (see :func:`tool_step_schema`)."""
    completion.reasoning = str(obj.get("thought", ""))
    if "tool" in obj:
        completion.tool_calls = [
            ToolCall(id=f"call_{abs(hash(json.dumps(obj, sort_keys=True))) % 10**8}",
                     name=obj["tool"], arguments=obj.get("arguments") or {})
        ]
        completion.text = ""
    else:
        completion.text = str(obj.get("answer", ""))
    completion.parsed = obj
    return completion


def render_tools_prompt(tools: Sequence[ToolSpec], *, plain_answer: bool = False, code_block: bool = False) -> str:
    """A plain description of tools, for models that see tools only through the prompt.
    ``plain_answer``: the final answer is written as plain text (the llama.cpp step grammar);
    ``code_block``: python may be called with a code block (:mod:`agora.backends.code_steps`)."""
    lines = ["You can call these tools:"]
    for t in tools:
        lines.append(f"- {t.name}: {t.description} Arguments (JSON schema): {json.dumps(t.parameters)}")
    if plain_answer:
        lines.append('To call a tool, reply with one JSON object: {"tool": "<name>", "arguments": {...}}. '
                     'To answer without a tool, reply {"answer": "..."}. After a tool result, reply with '
                     "the final answer as plain text, or call another tool if the result is not the answer yet.")
        if code_block:
            lines.append("To run python, you may instead reply with the program in a ```python code block.")
    else:
        lines.append('Reply with one JSON object: {"thought": "...", "tool": "<name>", "arguments": {...}} '
                     'to call a tool, or {"thought": "...", "answer": "..."} to give the final answer.')
    return "\n".join(lines)
