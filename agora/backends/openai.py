"""OpenAI and OpenAI-compatible servers (llama.cpp server, vLLM, Ollama, LocalAI...).

Spec ``openai:<model>`` uses OPENAI_API_KEY / OPENAI_BASE_URL; ``openai:<model>@<base-url>``
talks to any compatible server (a missing key is fine there: local servers do not check it).

What the backend adds over the bare client:

* one bounded retry loop (:mod:`.http_retry`) instead of the client's own;
* errors as one-line :class:`BackendError` / :class:`ContextOverflow` / :class:`ConfigError`;
* structured output, trying ``json_schema`` (strict where the schema allows), then
  ``json_object`` + ``schema`` (llama.cpp's server turns it into a grammar), then the schema in
  the prompt only; the reply is always validated and, when invalid, asked again with the
  validation error shown (``max_repairs`` times). The mode that works is remembered;
* native tool calls, falling back to the JSON tool-step emulation of :mod:`.base` when the
  server refuses the ``tools`` parameter (or when ``native_tools=False``).
"""

from __future__ import annotations

import json
import time
from typing import Any, Iterator, Sequence, Union
from urllib.parse import urlparse

from agora.errors import BackendError, ConfigError, ContextOverflow, FormatError
from agora.messages import Completion, Message, ModelSettings, ToolSpec, Usage
from agora.backends.base import (Backend, OutputSchema, allowed, read_tool_step, render_tools_prompt, schema_dict,
                                 tool_step_schema, validate_output)
from agora.backends.guard import check_model_request
from agora.backends.http_retry import call_with_retries, describe, server_message
from agora.backends.openai_format import (add_system_text, api_messages, api_tools, emulated_messages, extra_fields,
                            is_context_overflow, is_invalid_request, normalize_base_url, pooled, read_message,
                            read_stream, read_usage, rejected_feature, response_format, strict_compatible)

DEFAULT_URL = "https://api.openai.com/v1"
SCHEMA_MODES = ("json_schema", "json_object", "prompt")
#: local servers ignore the key, but the client insists on having one
PLACEHOLDER_KEY = "sk-no-key-needed"


class _Rejected(BackendError):
    """The server refused an optional request feature (tools, response_format, seed...)."""

    def __init__(self, message: str, feature: str):
        super().__init__(message)
        self.feature = feature


class _Invalid(ValueError):
    """A reply that does not validate; carries what the model wrote, to show it the error."""

    def __init__(self, error: str, raw: str, usage: Usage):
        super().__init__(error)
        self.raw = raw
        self.usage = usage


class OpenAIBackend(Backend):
    supports_concurrency = True

    def __init__(self, model: str, *, base_url: str | None = None, spec: str | None = None,
                 api_key: str | None = None, timeout: float = 60.0, max_retries: int = 4,
                 max_retry_seconds: float = 60.0, retry_backoff: float = 0.5, max_repairs: int = 2,
                 native_tools: bool | None = None, schema_mode: str | None = None,
                 embed_model: str | None = None, context_size: int | None = None):
        """``max_retries``: retries after the first try (so 4 = at most 5 attempts), all within
        ``max_retry_seconds``. ``native_tools``: None = use the tools API and fall back to
        emulation if the server refuses it; False = always emulate. ``schema_mode``: force one
        of json_schema / json_object / prompt. ``embed_model``: model name for embed()."""
        import os

        try:
            import openai
        except ImportError:
            raise ConfigError("the openai package is not installed: pip install openai") from None
        if schema_mode is not None and schema_mode not in SCHEMA_MODES:
            raise ConfigError(f"schema_mode must be one of {', '.join(SCHEMA_MODES)}")
        base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        self.base_url = normalize_base_url(base_url) if base_url else DEFAULT_URL
        self.model = model
        self.spec = spec or (f"openai:{model}@{base_url}" if base_url else f"openai:{model}")
        self.label = f"openai:{model}@{self.base_url}"
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if urlparse(self.base_url).hostname == "api.openai.com":
                raise ConfigError(f"{self.spec} needs an API key: set OPENAI_API_KEY "
                                  "(or use openai:MODEL@URL for a local OpenAI-compatible server)")
            key = PLACEHOLDER_KEY
        self.attempts = max(1, int(max_retries) + 1)
        self.max_retry_seconds = float(max_retry_seconds)
        self.retry_backoff = float(retry_backoff)
        self.max_repairs = max(0, int(max_repairs))
        self.native_tools = native_tools is not False
        self._may_fall_back = native_tools is None
        self._schema_mode = schema_mode or "json_schema"
        self._strict = True
        self._dropped: set[str] = set()  # optional parameters this server refused
        self.embed_model = embed_model or model
        self.context_size = context_size
        self._openai = openai
        self._pool: Any = None  # threads for acomplete, made on first use
        # max_retries=0: our own retry loop is the only one (bounded in attempts and time)
        self._client = openai.OpenAI(api_key=key, base_url=self.base_url, timeout=timeout, max_retries=0)

    # --- public interface -------------------------------------------------------------------

    def complete(self, messages: Sequence[Message], *, tools: Sequence[ToolSpec] | None = None,
                 output_schema: OutputSchema | None = None, max_tokens: int = 512, temperature: float = 0.7,
                 stop: Sequence[str] | None = None, seed: int | None = None,
                 settings: ModelSettings | None = None) -> Completion:
        started = time.perf_counter()
        merged = ModelSettings(max_tokens=max_tokens, temperature=temperature, stop=list(stop) if stop else None,
                               seed=seed).merged(settings)
        options = merged.model_dump(exclude_none=True)
        if tools and self.native_tools:
            try:
                completion = self._validated(list(messages), options, tools=tools, schema=output_schema)
            except _Rejected as err:
                if err.feature != "tools" or not self._may_fall_back:
                    raise
                self.native_tools = False
                completion = self._emulated(messages, tools, options)
        elif tools:
            completion = self._emulated(messages, tools, options)
        else:
            completion = self._validated(list(messages), options, schema=output_schema)
        completion.timings.seconds = time.perf_counter() - started
        return completion

    def stream(self, messages: Sequence[Message], **options: Any) -> Iterator[Union[str, Completion]]:
        """Text deltas, then the final Completion (usage from the server when it sends it).
        Structured output and emulated tools are validated as a whole: they come in one piece."""
        tools = options.get("tools")
        if options.get("output_schema") is not None or (tools and not self.native_tools):
            yield from super().stream(messages, **options)
            return
        params = self._params(list(messages), options, tools=tools)
        params["stream"] = True
        params["stream_options"] = {"include_usage": True}
        started = time.perf_counter()
        try:
            chunks = self._chat(params)
        except _Rejected as err:
            if err.feature != "tools" or not self._may_fall_back:
                raise
            self.native_tools = False
            yield from super().stream(messages, **options)
            return
        final: Completion | None = None
        try:
            for item in read_stream(chunks, started):
                if isinstance(item, Completion):
                    final = item
                else:
                    yield item
        except ValueError as err:  # tool-call arguments that are not JSON
            raise BackendError(f"{self.label}: {err}") from None
        except Exception as err:  # the connection broke mid-stream: what was said is not enough
            raise BackendError(f"{self.label}: the stream broke off ({describe(err)})") from None
        if final is None:
            raise BackendError(f"{self.label}: the stream ended without a reply")
        final.model = final.model or self.model
        if not final.usage.calls:  # the server sent no usage (stream_options unsupported)
            final.usage = self._estimate(params, final)
        yield final

    async def acomplete(self, messages: Sequence[Message], **options: Any) -> Completion:
        """Runs ``complete`` in this backend's own thread pool: asyncio's default pool has only
        cores + 4 workers, which would queue the calls of a large debate round."""
        import asyncio
        import functools
        from concurrent.futures import ThreadPoolExecutor

        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=32, thread_name_prefix="agora-openai")
        call = functools.partial(self.complete, messages, **options)
        return await asyncio.get_running_loop().run_in_executor(self._pool, call)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        texts = list(texts)
        if not texts:
            return []
        response = self._call(lambda: self._client.embeddings.create(model=self.embed_model, input=texts), {})
        return [pooled(d.embedding) for d in sorted(response.data, key=lambda d: d.index)]

    @property
    def schema_mode(self) -> str:
        """How structured output is asked for now: json_schema, json_object or prompt."""
        return self._schema_mode

    @property
    def embedding_model(self) -> str:
        if self.embed_model == self.model:
            return self.spec
        return f"openai:{self.embed_model}@{self.base_url}"

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None
        self._client.close()

    # --- one request ------------------------------------------------------------------------

    def _call(self, fn: Any, params: dict) -> Any:
        """Run one API call with retries; turn every failure into an agora error."""
        check_model_request(self.spec)  # every request to the server goes through here
        openai = self._openai

        def final(err: BaseException) -> bool:  # refused for good, whatever the status says
            status = getattr(err, "status_code", None)
            message = server_message(err)
            return (is_context_overflow(status, message) or is_invalid_request(status, message)
                    or rejected_feature(status, message, params) is not None)

        try:
            return call_with_retries(fn, label=self.label, attempts=self.attempts, max_seconds=self.max_retry_seconds,
                                     backoff=self.retry_backoff, give_up=final)
        except openai.APIStatusError as err:
            raise self._status_error(err, params) from None
        except openai.APIError as err:
            raise BackendError(f"{self.label}: {describe(err)}") from None

    def _status_error(self, err: Any, params: dict) -> BackendError | ConfigError:
        status = err.status_code
        message = server_message(err)
        body = err.body if isinstance(err.body, dict) else {}
        raw = body.get("error")
        error = raw if isinstance(raw, dict) else {}
        if is_context_overflow(status, message, error.get("code")):
            return ContextOverflow(f"{self.label}: the prompt is too long for the model's context window ({message})")
        if status == 401:
            return ConfigError(f"{self.label}: the server rejected the API key (HTTP 401): {message}")
        feature = rejected_feature(status, message, params)
        if feature:
            return _Rejected(f"{self.label}: the server does not support {feature} (HTTP {status}): {message}", feature)
        return BackendError(f"{self.label}: request refused (HTTP {status}): {message}")

    def _chat(self, params: dict) -> Any:
        """POST /chat/completions, doing without optional parameters the server refuses."""
        while True:
            sent = {k: v for k, v in params.items() if k not in self._dropped}
            if "max_tokens" in self._dropped and "max_tokens" in params:
                sent["max_completion_tokens"] = params["max_tokens"]  # newer OpenAI models' name
            try:
                return self._call(lambda: self._client.chat.completions.create(**sent), sent)
            except _Rejected as err:
                if err.feature in ("tools", "response_format") or err.feature in self._dropped:
                    raise
                self._dropped.add(err.feature)

    def _params(self, messages: list[Message], options: dict, *, tools: Sequence[ToolSpec] | None = None,
                schema: dict | None = None, mode: str | None = None) -> dict:
        params: dict[str, Any] = {"model": self.model, "messages": api_messages(messages),
                                  "max_tokens": options.get("max_tokens", 512),
                                  "temperature": options.get("temperature", 0.7)}
        if options.get("stop"):
            params["stop"] = list(options["stop"])
        if options.get("seed") is not None:
            params["seed"] = options["seed"]
        for key in ("top_p", "frequency_penalty", "presence_penalty"):  # the OpenAI API's own
            if options.get(key) is not None:
                params[key] = options[key]
        if tools:
            params["tools"] = api_tools(tools)
            # "auto" is the default, but some servers only call tools when told
            params["tool_choice"] = options.get("tool_choice") or "auto"
        if schema is not None and mode:
            rf = response_format(mode, schema, strict=self._strict)
            if rf:
                params["response_format"] = rf
        return params

    def _request(self, messages: list[Message], options: dict, tools: Sequence[ToolSpec] | None,
                 schema: dict | None) -> Completion:
        """One completion, stepping down the structured-output modes the server refuses."""
        while True:
            mode = self._schema_mode if schema is not None else None
            params = self._params(messages, options, tools=tools, schema=schema, mode=mode)
            try:
                return self._read(self._chat(params), params)
            except _Rejected as err:
                if err.feature != "response_format" or mode is None or mode == "prompt":
                    raise
                if mode == "json_schema" and self._strict and strict_compatible(schema):
                    self._strict = False  # first try the same mode without strict
                elif self._schema_mode == mode:
                    self._schema_mode = SCHEMA_MODES[SCHEMA_MODES.index(mode) + 1]

    def _read(self, response: Any, params: dict) -> Completion:
        if isinstance(response, str) or not getattr(response, "choices", None):
            raise BackendError(f"{self.label}: the server's reply has no choices")
        choice = response.choices[0]
        message = choice.message
        raw_calls = [(c.id, c.function.name, c.function.arguments)
                     for c in (message.tool_calls or []) if getattr(c, "function", None)]
        usage = read_usage(response.usage, extra_fields(response))
        try:
            completion = read_message(message.content, raw_calls, extra_fields(message))
        except ValueError as err:
            raw = message.content or json.dumps([{"name": n, "arguments": a} for _, n, a in raw_calls])
            raise _Invalid(str(err), raw, usage or Usage(calls=1)) from None
        completion.usage = usage or self._estimate(params, completion)
        completion.model = response.model or self.model
        completion.finish_reason = choice.finish_reason
        return completion

    def _estimate(self, params: dict, completion: Completion) -> Usage:
        """Token counts when a server sends none (some do not, or not when streaming)."""
        prompt = sum(self.count_tokens(str(m.get("content") or "")) for m in params["messages"])
        out = completion.text + completion.reasoning + "".join(json.dumps(c.arguments) for c in completion.tool_calls)
        return Usage(prompt_tokens=prompt, completion_tokens=self.count_tokens(out) if out else 0,
                     prompt_tokens_evaluated=prompt, calls=1)

    # --- validation and repair --------------------------------------------------------------

    def _validated(self, messages: list[Message], options: dict, *, tools: Sequence[ToolSpec] | None = None,
                   schema: OutputSchema | None = None, schema_in_prompt: bool = True) -> Completion:
        """Ask, validate, and ask again with the error shown, at most ``max_repairs`` times."""
        from agora.prompts import render

        as_dict = schema_dict(schema) if schema is not None else None
        if as_dict is not None and schema_in_prompt:
            # also in the prompt: a server that ignores response_format still gets it right
            messages = add_system_text(messages, render("openai_schema", schema=json.dumps(as_dict)))
        spent = Usage()
        error: _Invalid | None = None
        for _ in range(self.max_repairs + 1):
            try:
                completion = self._request(messages, options, tools, as_dict)
                if schema is not None and not completion.tool_calls:
                    try:
                        completion.parsed = validate_output(schema, completion.text)
                    except ValueError as err:
                        raise _Invalid(str(err), completion.text, completion.usage) from None
                completion.usage = spent + completion.usage
                return completion
            except _Invalid as bad:
                error = bad
                spent = spent + bad.usage
                messages = [*messages, Message.assistant(bad.raw),
                            Message.user(render("openai_repair", error=str(bad), tools=bool(tools)))]
        raise FormatError(f"{self.label}: no valid reply after {self.max_repairs + 1} tries ({error})")

    def _emulated(self, messages: Sequence[Message], tools: Sequence[ToolSpec], options: dict) -> Completion:
        """Tool calling through structured output, for servers without the tools API."""
        step_schema = tool_step_schema(allowed(tools, options.get("allowed_tools")),
                                       answer=options.get("tool_choice") != "required")
        prompt = add_system_text(emulated_messages(messages), render_tools_prompt(tools))
        completion = self._validated(prompt, options, schema=step_schema, schema_in_prompt=False)
        return read_tool_step(completion.parsed, completion)
