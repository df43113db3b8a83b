"""Local GGUF models through llama-cpp-python (specs ``local:NAME`` and ``gguf:PATH``).

One ``LlamaBackend`` holds one loaded model; calls run one at a time behind a lock
(``supports_concurrency = False``), so debaters in threads can share it. Share one instance
per process with :func:`agora.backends.shared_backend`.

* Chat formatting: the GGUF's chat template, else the format of its architecture, else plain
  text (see :mod:`.llama_format`); the fallback is reported once in ``backend.notices``.
* Structured output and tools: a GBNF grammar built from the JSON schema constrains decoding
  (:mod:`.grammar`), the schema is also shown in the prompt, and what a grammar cannot
  express (number ranges) is validated and retried with the error shown to the model.
* KV reuse: llama-cpp-python reuses the longest common prefix of the live context; on top,
  :mod:`.kv_states` keeps the contexts of other conversations (debaters) so they are not
  re-read. ``Usage.prompt_tokens_evaluated`` counts the prompt tokens really decoded.
* Embeddings: a second, lazily created instance in embedding mode, mean-pooled and
  L2-normalised.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from typing import Any, Iterator, Sequence, Union

from agora.errors import BackendError, ConfigError, ContextOverflow, FormatError
from agora.messages import Completion, Message, ModelSettings, Timings, ToolSpec, Usage
from agora.backends.base import (Backend, OutputSchema, allowed, read_tool_step, render_tools_prompt, schema_dict,
                   tool_step_schema, validate_output)
from agora.backends.code_steps import code_tool, read_block
from agora.backends.guard import check_model_request
from agora.backends.kv_states import PrefixStates, common_prefix
from agora.backends.llama_scoring import continuation_logprobs
from agora.backends.llama_load import (_without_extra_buffers, amx_advertised, check_gguf, counting_llama,  # noqa: F401
                         import_llama_cpp, quiet_stderr, without_extra_buffers)

#: extra attempts when the model's JSON passes the grammar but fails the schema (ranges...)
STRUCTURED_RETRIES = 2
#: tool steps: DRY (llama.cpp's penalty on repeating a sequence already written) keeps a
#: step from running away; a call's own settings win
TOOL_STEP_DEFAULTS = ModelSettings(dry_multiplier=0.8, dry_allowed_length=3)


def _repeats_item(llm: Any, tokens: Any) -> bool:
    """True when the JSON generated so far repeats a list item (see
    :mod:`agora.backends.json_salvage`): checked when a token closes an item."""
    from agora.backends.json_salvage import first_repeat

    if len(tokens) < 8:
        return False
    last = llm.detokenize([tokens[-1]]).decode("utf-8", "ignore")
    if not any(c in last for c in ",]"):
        return False
    return first_repeat(llm.detokenize(list(tokens)).decode("utf-8", "ignore")) is not None


def _salvaged(schema: Any, text: str) -> Any:
    """The validated value of a cut-off JSON ``text`` closed before its loop began (see
    :func:`agora.backends.json_salvage.salvage`), or None."""
    from agora.backends.json_salvage import salvage

    value = salvage(text)
    if value is None:
        return None
    try:
        return validate_output(schema, json.dumps(value))
    except ValueError:
        return None


class LlamaBackend(Backend):
    supports_concurrency = False
    native_tools = False

    def __init__(self, model_path: str | os.PathLike, *, spec: str = "", n_ctx: int = 4096,
                 n_threads: int | None = None, n_gpu_layers: int = 0, seed: int | None = None,
                 verbose: bool = False, cache: bool | int = True,
                 extra_buffers: bool | None = None, **llama_options: Any) -> None:
        """``cache``: keep the KV states of other conversations (True = up to 256 MiB, an int
        = that many bytes, False = only llama-cpp-python's live-context prefix reuse).
        ``seed``: makes calls without their own seed reproducible as a sequence.
        ``extra_buffers``: let llama.cpp use AMX/repacked weight buffers; None = only when the
        CPU does not advertise AMX (see :func:`amx_advertised`); env AGORA_LLAMA_EXTRA_BUFFERS=1/0
        overrides. Other ``llama_options`` (n_batch, flash_attn, type_k, ...) go to ``llama_cpp.Llama``."""
        self.path = check_gguf(model_path)
        self.spec = spec or f"gguf:{self.path}"
        self.verbose = verbose
        self.notices: list[str] = []
        self._lock = threading.RLock()
        # the embedding model is a separate llama.cpp context: it can run beside generation
        self._embed_lock = threading.Lock()
        self._closed = False
        self._rng = random.Random(seed)
        if extra_buffers is None:
            env = os.environ.get("AGORA_LLAMA_EXTRA_BUFFERS", "").strip()
            extra_buffers = env == "1" if env in ("0", "1") else not amx_advertised()
        self._extra_buffers = extra_buffers
        # None means "the default" (settings pass None for options the user did not set)
        n_ctx, n_gpu_layers = n_ctx or 4096, n_gpu_layers or 0
        self._options = dict(n_ctx=n_ctx, n_threads=n_threads, n_gpu_layers=n_gpu_layers, **llama_options)
        self._llm = self._load(embedding=False)
        self._embedder: Any = None
        self._states = PrefixStates(cache if cache is not True else 256 * 2**20) if cache else None
        from agora.backends.llama_format import ChatFormat

        llm = self._llm
        self._format = ChatFormat.for_model(
            llm.metadata, bos=_token_text(llm, llm.token_bos()), eos=_token_text(llm, llm.token_eos()),
            add_bos=llm._model.add_bos_token())
        if self._format.kind != "template":
            self.notices.append(f"{self.path.name} has no chat template: using {self._format.describe()}")

    # --- loading -------------------------------------------------------------------------

    def _load(self, *, embedding: bool):
        llama_cpp = import_llama_cpp()
        options = dict(self._options)
        if embedding:
            # mean pooling over a decoder model's token vectors: one vector per text
            options.update(embedding=True, pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN,
                           n_ctx=512, n_batch=512, n_ubatch=512)
        try:
            with quiet_stderr(not self.verbose), without_extra_buffers(llama_cpp, not self._extra_buffers):
                llm = counting_llama()(model_path=str(self.path), verbose=self.verbose, **options)
        except (ValueError, RuntimeError):
            raise ConfigError(f"llama.cpp could not load {self.path}: a damaged GGUF file, or a model "
                              "this llama-cpp-python does not support") from None
        if not self.verbose:
            # llama.cpp keeps logging through llama-cpp-python's callback; drop all but fatal
            import logging

            logging.getLogger("llama-cpp-python").setLevel(logging.CRITICAL)
        return llm

    @property
    def context_size(self) -> int:  # type: ignore[override]
        return self._llm.n_ctx()

    @property
    def chat_format(self) -> str:
        """"template", "gemma" or "plain": how prompts are formatted for this model."""
        return self._format.kind

    def count_tokens(self, text: str) -> int:
        # tokenizing reads only the vocabulary: no lock, so it never waits for a generation
        self._check_open()
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def _check_open(self) -> None:
        if self._closed:
            # llama.cpp's memory is freed: using it now would crash the process
            raise BackendError(f"{self.spec} was closed")

    # --- generation ----------------------------------------------------------------------

    def complete(self, messages: Sequence[Message], **options: Any) -> Completion:
        result = None
        for item in self._run(messages, stream=False, **options):
            result = item
        if not isinstance(result, Completion):  # _run always ends with one; say so if not
            raise BackendError(f"{self.spec}: the model produced no completion")
        return result

    def stream(self, messages: Sequence[Message], **options: Any) -> Iterator[Union[str, Completion]]:
        """Token-by-token text deltas, then the final Completion. With ``output_schema`` or
        ``tools`` the JSON is checked (and maybe retried) first, so it comes as one delta."""
        yield from self._run(messages, stream=True, **options)

    def _run(self, messages: Sequence[Message], *, stream: bool,
             tools: Sequence[ToolSpec] | None = None, output_schema: OutputSchema | None = None,
             max_tokens: int = 512, temperature: float = 0.7, stop: Sequence[str] | None = None,
             seed: int | None = None, settings: ModelSettings | None = None) -> Iterator[Union[str, Completion]]:
        check_model_request(self.spec)
        started = time.perf_counter()
        s = ModelSettings(max_tokens=max_tokens, temperature=temperature, stop=list(stop) if stop else None,
                          seed=seed).merged(TOOL_STEP_DEFAULTS if tools else None, settings)
        max_tokens = s.get("max_tokens", 512)
        messages = list(messages)
        schema = None
        after_result = code = False
        if tools:
            # one JSON call (no thought: on SmolLM2 the thought was where steps degenerated,
            # "the answer is 3058, the answer is 3058, ...", and it anchored wrong mental
            # arithmetic) or the answer as plain text, as the worked examples show it
            # After a tool result the answer may be plain text (as the worked examples end);
            # before any, the step is JSON: a call or {"answer"} (a tiny model offered plain
            # text there copied the question instead of calling a tool)
            after_result = messages[-1].role == "tool" and not messages[-1].error  # not after an error
            required = s.tool_choice == "required"
            callable_tools = allowed(tools, s.allowed_tools)  # the prompt still shows them all
            schema = tool_step_schema(callable_tools, thought_max=0, answer=not after_result and not required)
            after_result = after_result and not required  # "step": a plain answer line is allowed
            code = code_tool(callable_tools) is not None
            messages = _with_system_text(messages, render_tools_prompt(tools, plain_answer=True,
                                                                       code_block=code_tool(tools) is not None))
        elif output_schema is not None:
            schema = schema_dict(output_schema)
        seed = s.seed if s.seed is not None else self._rng.randrange(2**31)
        usage = Usage()
        first_token: float | None = None
        error = None
        for attempt in range(1 + (STRUCTURED_RETRIES if schema is not None else 0)):
            # tools: the tools prompt already shows the step format; retries show the error
            shown = None if tools else schema
            prompt_messages = messages if schema is None else _with_json_instruction(messages, shown, error)
            live = stream and schema is None
            kind = ("step" if after_result else "call") if tools else "json"
            gen = self._generate(prompt_messages, schema=schema, kind=kind, settings=s,
                                 seed=seed + attempt, stream=live, code=code)
            while True:
                try:
                    delta = next(gen)
                except StopIteration as done:
                    text, finish_reason, call_usage = done.value
                    break
                if first_token is None:
                    first_token = time.perf_counter() - started
                yield delta
            usage = usage + call_usage
            completion = Completion(text=text, usage=usage, model=self.spec, finish_reason=finish_reason)
            if schema is None:
                break
            if code and text.lstrip().startswith("`"):
                call = read_block(text, f"call_{abs(hash(text)) % 10**8}")
                if call is not None and finish_reason != "length":
                    completion.tool_calls, completion.finish_reason = [call], "tool_calls"
                    break
                error = (f"it was cut off after {max_tokens} tokens: write a shorter program"
                         if finish_reason == "length" else "the code block was empty")
                continue
            if tools and not text.lstrip().startswith("{"):
                completion.text = text.strip()  # the final answer, in plain text
                if completion.text:
                    break
                error = "the reply was empty"
                continue
            target = output_schema if not tools and output_schema is not None else schema
            try:
                parsed = validate_output(target, text)
            except ValueError as err:
                error = str(err)
                parsed = _salvaged(target, text) if finish_reason in ("length", "repetition") else None
            if parsed is None:
                if finish_reason == "length":
                    error = f"it was cut off after {max_tokens} tokens: write shorter values"
                elif finish_reason == "repetition":
                    error = "it repeated itself: write each value once"
                continue
            if tools:
                completion = read_tool_step(parsed if isinstance(parsed, dict) else dict(parsed), completion)
                if completion.tool_calls:
                    completion.finish_reason = "tool_calls"
            else:
                completion.parsed = parsed
            break
        else:
            cut = {"length": " (cut off by max_tokens)", "repetition": " (it degenerated into repetition)"}
            raise FormatError(f"{self.spec} gave no valid JSON for the schema after "
                              f"{1 + STRUCTURED_RETRIES} tries{cut.get(finish_reason or '', '')}: {error}",
                              usage=usage)
        if stream and schema is not None and completion.text:
            yield completion.text
        completion.timings = Timings(seconds=time.perf_counter() - started,
                                     first_token_seconds=first_token if stream else None)
        yield completion

    def _generate(self, messages: list[Message], *, schema: dict | None, settings: ModelSettings,
                  seed: int, stream: bool, kind: str = "json", code: bool = False, reply: str = "",
                  grammar: Any = None):
        """One llama.cpp generation; yields text deltas when ``stream``; returns
        (text, finish_reason, usage). ``kind`` is how ``schema`` becomes a grammar: "json" (the
        schema as it is), "call" (a first tool step: a call or ``{"answer"}``, strings without
        braces) or "step" (after a tool result: a call, or one plain answer line beside it).
        Text that falls into repeating one short pattern is stopped at once (finish_reason
        "repetition"). ``reply``: the assistant's reply so far, continued; ``grammar``: a compiled
        grammar of the text (instead of one built from ``schema``)."""
        chat = self._format.format(messages)
        with self._lock:
            self._check_open()
            llm = self._llm
            prompt = llm.tokenize((chat.text + reply).encode("utf-8"), add_bos=self._format.add_bos and not chat.has_bos,
                                  special=True)
            limit = llm.n_ctx()
            if len(prompt) >= limit:
                raise ContextOverflow(
                    f"the prompt is {len(prompt)} tokens but {self.spec} has a context window of "
                    f"{limit} tokens: shorten the conversation or raise n_ctx")
            stops = list(chat.stop)
            if schema is not None:
                from agora.backends.grammar import build_call_grammar, build_grammar, build_step_grammar

                if kind == "json":
                    grammar = build_grammar(schema)
                else:  # a tool step; with ``code`` a python call may be a code block
                    grammar = (build_step_grammar if kind == "step" else build_call_grammar)(schema, code=code)
            elif settings.stop:
                stops += list(settings.stop)
            if self._states is not None:
                self._states.prepare(llm, prompt)
            from agora.backends.grammar import repeating
            from agora.backends.llama_sampling import SamplerOptions

            degenerate = []

            def runaway(ids: Any, logits: Any) -> bool:
                out = ids[len(prompt):]
                if repeating(out) or (grammar is not None and _repeats_item(llm, out)):
                    degenerate.append(True)
                    return True
                return False

            llm.sampler_options = SamplerOptions(dry_multiplier=settings.get("dry_multiplier", 0.0),
                                                 dry_allowed_length=settings.get("dry_allowed_length", 2))
            llm.eval_log = []
            try:
                from llama_cpp import StoppingCriteriaList

                result = llm.create_completion(
                    prompt=prompt, max_tokens=max(1, min(settings.get("max_tokens", 512), limit - len(prompt))),
                    temperature=settings.get("temperature", 0.7), top_p=settings.get("top_p", 0.95), stop=stops,
                    seed=seed, grammar=grammar, stream=stream,
                    repeat_penalty=settings.get("repeat_penalty", 1.0),
                    frequency_penalty=settings.get("frequency_penalty", 0.0),
                    presence_penalty=settings.get("presence_penalty", 0.0),
                    stopping_criteria=StoppingCriteriaList([runaway]))
                if stream:
                    parts: list[str] = []
                    finish_reason = None
                    for chunk in result:
                        choice = chunk["choices"][0]
                        if choice["text"]:
                            parts.append(choice["text"])
                            yield choice["text"]
                        finish_reason = choice.get("finish_reason") or finish_reason
                    text = "".join(parts)
                    n_out = len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)) if text else 0
                else:
                    choice = result["choices"][0]
                    text, finish_reason = choice["text"], choice["finish_reason"]
                    n_out = result["usage"]["completion_tokens"]
                evaluated = llm.eval_log[0] if llm.eval_log else 0
            except (RuntimeError, ValueError) as err:
                llm.reset()
                raise BackendError(f"{self.spec} failed while generating: {err}") from None
            finally:
                llm.eval_log = None
        if degenerate:
            finish_reason = "repetition"
        usage = Usage(prompt_tokens=len(prompt), completion_tokens=n_out,
                      prompt_tokens_evaluated=evaluated, calls=1)
        return text.strip() if schema is None else text, finish_reason, usage

    continues_text = True

    def continue_text(self, messages: Sequence[Message], reply: str, grammar: str, *,
                      max_tokens: int = 64) -> Completion:
        """The greedy continuation of the assistant's reply begun as ``reply``, under the GBNF
        ``grammar`` (the reply's earlier lines stay in the prompt cache from call to call)."""
        check_model_request(self.spec)
        started = time.perf_counter()
        from llama_cpp import LlamaGrammar

        try:
            compiled = LlamaGrammar.from_string(grammar, verbose=False)
        except (ValueError, RuntimeError):
            raise BackendError(f"{self.spec}: llama.cpp could not parse the grammar") from None
        settings = ModelSettings(max_tokens=max_tokens, temperature=0.0)
        gen = self._generate(list(messages), schema=None, settings=settings, seed=0, stream=False,
                             reply=reply, grammar=compiled)
        while True:
            try:
                next(gen)
            except StopIteration as done:
                text, finish_reason, usage = done.value
                break
        completion = Completion(text=text, usage=usage, model=self.spec, finish_reason=finish_reason)
        completion.timings = Timings(seconds=time.perf_counter() - started)
        return completion

    scores_lines = True

    def score_lines(self, messages: Sequence[Message], reply: str, lines: Sequence[str]) -> tuple[list[float], Usage]:
        """The summed log-probability of each of ``lines`` continuing the assistant's reply
        begun as ``reply`` (:func:`agora.backends.llama_scoring.continuation_logprobs`)."""
        check_model_request(self.spec)
        if not lines:
            return [], Usage()
        chat = self._format.format(list(messages))
        with self._lock:
            self._check_open()
            llm = self._llm
            bos = self._format.add_bos and not chat.has_bos
            prompt = llm.tokenize((chat.text + reply).encode("utf-8"), add_bos=bos, special=True)
            whole = [llm.tokenize((chat.text + reply + line).encode("utf-8"), add_bos=bos, special=True)
                     for line in lines]
            if max(len(w) for w in whole) >= llm.n_ctx():
                raise ContextOverflow(f"the prompt and its lines pass the context window of {self.spec} "
                                      f"({llm.n_ctx()} tokens)")
            # where a line's first token merges with the reply's last, all are scored from there
            start = max(1, min([common_prefix(prompt, w) for w in whole] + [len(prompt)]))
            if self._states is not None:
                self._states.prepare(llm, prompt[:start])
            try:
                scores, evaluated = continuation_logprobs(llm, prompt[:start], [w[start:] for w in whole])
            except (RuntimeError, ValueError) as err:
                llm.reset()
                raise BackendError(f"{self.spec} failed while scoring lines: {err}") from None
        sent = start + sum(len(w) - start for w in whole)
        return scores, Usage(prompt_tokens=sent, prompt_tokens_evaluated=evaluated, calls=1)

    # --- embeddings ----------------------------------------------------------------------

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        check_model_request(self.spec)
        """One L2-normalised, mean-pooled vector per text (texts over 512 tokens are cut)."""
        texts = list(texts)
        if not texts:
            return []
        with self._embed_lock:
            self._check_open()
            if self._embedder is None:
                self._embedder = self._load(embedding=True)
            try:
                vectors = self._embedder.embed([t or " " for t in texts], normalize=True, truncate=True)
            except (RuntimeError, ValueError) as err:
                raise BackendError(f"{self.spec} failed to embed: {err}") from None
        return [list(map(float, v)) for v in vectors]

    @property
    def embedding_model(self) -> str:
        return f"{self.path.name}:{self.path.stat().st_size}:mean"

    def close(self) -> None:
        with self._lock, self._embed_lock:
            if self._closed:
                return
            self._closed = True
            for llm in (self._llm, self._embedder):
                if llm is not None:
                    with quiet_stderr(not self.verbose):
                        llm.close()
            self._embedder = None
            if self._states is not None:
                self._states.clear()


def _token_text(llm: Any, token: int) -> str:
    return llm._model.token_get_text(token) if token >= 0 else ""


def _with_system_text(messages: list[Message], text: str) -> list[Message]:
    """Add ``text`` to the system message (or put one first)."""
    if messages and messages[0].role == "system":
        return [Message.system(f"{messages[0].content}\n\n{text}".strip()), *messages[1:]]
    return [Message.system(text), *messages]


def _with_json_instruction(messages: list[Message], schema: dict | None, error: str | None) -> list[Message]:
    """Show the schema (and the last validation error) in the last user message: the grammar
    forces the shape, the instruction helps a tiny model choose the values."""
    import json

    from agora.prompts import render

    if schema is None and error is None:
        return messages
    note = render("json_reply", schema=json.dumps(schema, ensure_ascii=False) if schema else "",
                  error=error)
    out = list(messages)
    for i in range(len(out) - 1, -1, -1):
        if out[i].role == "user":
            out[i] = Message.user(f"{out[i].content}\n\n{note}")
            return out
    return [*out, Message.user(note)]
