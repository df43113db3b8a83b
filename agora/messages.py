"""Plain data passed between layers: chat messages, tool calls, completions, usage."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["system", "user", "assistant", "tool"]


class ToolCall(BaseModel):
    """A request from the model to run one tool with JSON arguments."""

    id: str = ""
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Message(BaseModel):
    model_config = ConfigDict(frozen=False)

    role: Role
    content: str = ""
    # assistant messages that call tools
    tool_calls: list[ToolCall] = Field(default_factory=list)
    # tool messages: which call this answers and the tool's name
    tool_call_id: str | None = None
    name: str | None = None
    #: tool messages: the call failed (the content is its error); not sent to API servers
    error: bool = False

    @classmethod
    def system(cls, content: str) -> "Message":
        return cls(role="system", content=content)

    @classmethod
    def user(cls, content: str) -> "Message":
        return cls(role="user", content=content)

    @classmethod
    def assistant(cls, content: str, tool_calls: list[ToolCall] | None = None) -> "Message":
        return cls(role="assistant", content=content, tool_calls=tool_calls or [])

    @classmethod
    def tool(cls, content: str, *, tool_call_id: str | None = None, name: str | None = None,
             error: bool = False) -> "Message":
        return cls(role="tool", content=content, tool_call_id=tool_call_id, name=name, error=error)


class Usage(BaseModel):
    """Token counts. ``prompt_tokens_evaluated`` is what the backend actually had to read
    (a local model that reuses its KV cache evaluates fewer tokens than it was sent)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    prompt_tokens_evaluated: int | None = None
    calls: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: "Usage") -> "Usage":
        evaluated = None
        if self.prompt_tokens_evaluated is not None or other.prompt_tokens_evaluated is not None:
            evaluated = (self.prompt_tokens_evaluated or 0) + (other.prompt_tokens_evaluated or 0)
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            prompt_tokens_evaluated=evaluated,
            calls=self.calls + other.calls,
        )

    def __sub__(self, other: "Usage") -> "Usage":
        """What is left when ``other`` (a part of this usage, e.g. a judge's) is taken out."""
        evaluated = self.prompt_tokens_evaluated
        if evaluated is not None and other.prompt_tokens_evaluated is not None:
            evaluated -= other.prompt_tokens_evaluated
        return Usage(
            prompt_tokens=self.prompt_tokens - other.prompt_tokens,
            completion_tokens=self.completion_tokens - other.completion_tokens,
            prompt_tokens_evaluated=evaluated,
            calls=self.calls - other.calls,
        )


class Timings(BaseModel):
    """Wall-clock seconds of one call; ``first_token_seconds`` only when streamed."""

    seconds: float = 0.0
    first_token_seconds: float | None = None

    def __add__(self, other: "Timings") -> "Timings":
        return Timings(seconds=self.seconds + other.seconds)


class Completion(BaseModel):
    """What one backend call returns."""

    text: str = ""
    # thinking the model wrote beside a tool call (OpenAI `content` next to `tool_calls`,
    # or the "thought" field of the local tool-step grammar)
    reasoning: str = ""
    # the validated object when an output schema was asked for (a dict, or the pydantic model)
    parsed: Any = None
    tool_calls: list[ToolCall] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    timings: Timings = Field(default_factory=Timings)
    model: str = ""
    finish_reason: str | None = None


class ToolSpec(BaseModel):
    """What a backend needs to know about a tool: name, description, JSON schema of arguments."""

    name: str
    description: str = ""
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})


class ModelSettings(BaseModel):
    """The settings of one model call, typed and merged in one place (compare openai-agents'
    ``ModelSettings``). ``None`` means "not set here": :meth:`merged` lets later layers win
    only where they set something, so an agent's settings, a persona's temperature and a
    call's own options combine without loose ``**options`` at every layer.

    Penalties: ``frequency_penalty`` and ``presence_penalty`` go to every backend that has them
    (OpenAI-compatible servers, llama.cpp); ``repeat_penalty`` and the DRY sampler
    (``dry_multiplier`` > 0; penalises repeating a sequence already written) are llama.cpp's.
    ``tool_choice`` goes to every backend; ``allowed_tools`` to the ones that emulate tools."""

    model_config = ConfigDict(extra="forbid")

    temperature: float | None = None
    max_tokens: int | None = None
    stop: list[str] | None = None
    seed: int | None = None
    top_p: float | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    repeat_penalty: float | None = None
    dry_multiplier: float | None = None
    dry_allowed_length: int | None = None
    #: "auto" (the model chooses between a tool call and an answer) or "required" (a tool
    #: call); with no tools it has no effect. The OpenAI API's parameter of the same name.
    tool_choice: Literal["auto", "required"] | None = None
    #: calls of these tools alone, of those offered. A backend that emulates tool calls (a
    #: grammar, a JSON schema) still shows every offered tool in its prompt, so the prompt a
    #: model has cached stays the same from one step to the next; a native tools API is sent
    #: the offered tools as they are.
    allowed_tools: list[str] | None = None

    def merged(self, *layers: "ModelSettings | dict[str, Any] | None") -> "ModelSettings":
        """These settings with each layer's set values on top, in order."""
        data = self.model_dump(exclude_none=True)
        for layer in layers:
            if layer is None:
                continue
            values = layer.model_dump(exclude_none=True) if isinstance(layer, ModelSettings) else \
                {k: v for k, v in layer.items() if v is not None}
            data.update(values)
        return ModelSettings(**data)

    def get(self, name: str, default: Any) -> Any:
        value = getattr(self, name)
        return default if value is None else value
