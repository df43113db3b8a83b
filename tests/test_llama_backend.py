"""The local llama.cpp backend. Pure logic (grammar rewriting, chat formats, file checks) runs
everywhere; behaviour that depends on the model runs on the real SmolLM2 (marked real)."""

from __future__ import annotations

import math
import subprocess
import sys
import threading
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from agora.backends import load_backend, shared_backend
from agora.backends.base import validate_output
from agora.backends.grammar import tighten
from agora.backends.kv_states import common_prefix
from agora.backends.llama_format import ChatFormat
from agora.errors import BackendError, ConfigError, ContextOverflow
from agora.messages import Completion, Message, ToolCall, ToolSpec

# --- no model needed ---------------------------------------------------------------------


def test_missing_gguf_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="GGUF file not found"):
        load_backend(f"gguf:{tmp_path / 'nope.gguf'}")


def test_a_file_that_is_not_gguf_is_a_config_error(tmp_path):
    fake = tmp_path / "model.gguf"
    fake.write_text("this is not a model\n")
    with pytest.raises(ConfigError, match="not a GGUF model file"):
        load_backend(f"gguf:{fake}")
    with pytest.raises(ConfigError, match="not a file"):
        load_backend(f"gguf:{tmp_path}")


def test_a_damaged_gguf_is_a_config_error(tmp_path):
    pytest.importorskip("llama_cpp")
    damaged = tmp_path / "damaged.gguf"
    damaged.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\x00" * 64)
    with pytest.raises(ConfigError, match="could not load .*damaged GGUF"):
        load_backend(f"gguf:{damaged}")


def test_missing_llama_cpp_python_names_the_extra():
    # a fresh interpreter in which `import llama_cpp` fails, as on a machine without the extra
    code = (
        "import sys; sys.modules['llama_cpp'] = None\n"
        "from agora.backends import load_backend\n"
        "from agora.errors import ConfigError\n"
        "try:\n    load_backend('local:smollm2')\n"
        "except ConfigError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "llama-cpp-python is not installed: pip install 'agora[local]'"


def test_small_integer_ranges_become_enums_the_grammar_enforces():
    schema = {
        "type": "object",
        "properties": {
            "score": {"type": "integer", "minimum": 1, "maximum": 5},
            "open": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 4},
            "big": {"type": "integer", "minimum": 0, "maximum": 100000},
            "list": {"type": "array", "items": {"$ref": "#/$defs/Level"}},
        },
        "$defs": {"Level": {"type": "integer", "minimum": -1, "maximum": 1}},
    }
    out = tighten(schema)
    assert out["properties"]["score"]["enum"] == [1, 2, 3, 4, 5]
    assert out["properties"]["open"]["enum"] == [1, 2, 3]
    assert "enum" not in out["properties"]["big"]  # too wide: validated and retried instead
    assert out["$defs"]["Level"]["enum"] == [-1, 0, 1]
    assert "enum" not in schema["properties"]["score"]  # the caller's schema is left alone


@pytest.mark.parametrize("bounds, allowed", [
    ({"exclusiveMinimum": -1.5, "maximum": 2}, [-1, 0, 1, 2]),   # int(-1.5) + 1 dropped -1
    ({"minimum": -1.5, "exclusiveMaximum": 2}, [-1, 0, 1]),
    ({"exclusiveMinimum": -3, "exclusiveMaximum": -0.5}, [-2, -1]),
    ({"minimum": 0.5, "maximum": 3.5}, [1, 2, 3]),
    ({"minimum": 2, "exclusiveMinimum": 2.5, "maximum": 4}, [3, 4]),  # the tighter bound wins
])
def test_integer_enums_keep_every_value_the_bounds_allow(bounds, allowed):
    import jsonschema

    schema = {"type": "integer", **bounds}
    enum = tighten(schema)["enum"]
    assert enum == allowed
    for value in range(-10, 11):  # exactly the integers the schema accepts
        assert (value in enum) == jsonschema.Draft202012Validator(schema).is_valid(value)


def test_gemma_format_folds_the_system_prompt_into_the_first_user_turn():
    fmt = ChatFormat.for_model({"general.architecture": "gemma3"}, bos="<bos>", eos="<eos>", add_bos=True)
    assert fmt.kind == "gemma"
    prompt = fmt.format([Message.system("Be brief."), Message.user("Hi?"), Message.assistant("Hello."),
                         Message.user("Bye?")])
    assert prompt.text == (
        "<bos><start_of_turn>user\nBe brief.\n\nHi?<end_of_turn>\n"
        "<start_of_turn>model\nHello.<end_of_turn>\n"
        "<start_of_turn>user\nBye?<end_of_turn>\n<start_of_turn>model\n"
    )
    assert prompt.has_bos and "<end_of_turn>" in prompt.stop


def test_unknown_architecture_without_template_uses_plain_text_and_shows_tool_steps():
    fmt = ChatFormat.for_model({"general.architecture": "mamba"}, bos="", eos="", add_bos=False)
    assert fmt.kind == "plain"
    text = fmt.format([
        Message.user("Add 2 and 3."),
        Message.assistant("I will add.", [ToolCall(id="c1", name="add", arguments={"a": 2, "b": 3})]),
        Message.tool("5", tool_call_id="c1", name="add"),
    ]).text
    assert '"tool": "add"' in text and "Result of add:\n5" in text
    assert text.endswith("Assistant:")


def test_common_prefix():
    assert common_prefix([1, 2, 3, 4], [1, 2, 9]) == 2
    assert common_prefix([], [1]) == 0


# --- the real SmolLM2 --------------------------------------------------------------------

QUESTION = [Message.system("You are a helpful assistant. Answer briefly."),
            Message.user("What is the capital of France?")]


class Review(BaseModel):
    title: str = Field(max_length=40)
    stars: int = Field(ge=1, le=5)
    tags: list[Literal["good", "bad", "funny", "long"]] = Field(max_length=3)


SCHEMAS = [
    # nested objects
    {"type": "object", "properties": {
        "person": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 30},
                                                    "city": {"type": "string", "maxLength": 30}},
                   "required": ["name", "city"]},
        "ok": {"type": "boolean"}}, "required": ["person", "ok"]},
    # enums and an integer range
    {"type": "object", "properties": {"color": {"enum": ["red", "green", "blue"]},
                                      "size": {"type": "integer", "minimum": 1, "maximum": 10}},
     "required": ["color", "size"]},
    # arrays with bounds
    {"type": "object", "properties": {"numbers": {"type": "array", "items": {"type": "integer", "minimum": 0,
                                                                               "maximum": 99},
                                                  "minItems": 2, "maxItems": 4}},
     "required": ["numbers"]},
    # a range too wide for an enum: grammar gives an integer, validation checks the bounds
    {"type": "object", "properties": {"year": {"type": "integer", "minimum": 1900, "maximum": 2100},
                                      "event": {"type": "string", "maxLength": 40}},
     "required": ["year", "event"]},
    # a pydantic model ($defs, Literal enum, bounded list)
    Review,
]


@pytest.mark.real
def test_ask_gives_a_non_empty_answer(smollm2):
    completion = smollm2.complete(QUESTION, max_tokens=32, temperature=0.2, seed=1)
    assert completion.text.strip()
    assert completion.usage.prompt_tokens > 10 and 0 < completion.usage.completion_tokens <= 32
    assert completion.timings.seconds > 0 and completion.model == "local:smollm2"


@pytest.mark.real
def test_structured_output_is_schema_valid_20_of_20(smollm2):
    # one prompt per schema, four seeds: the prompt is read once and reused from the KV cache
    for schema in SCHEMAS:
        for seed in range(4):
            c = smollm2.complete([Message.user("Give an example.")], output_schema=schema, max_tokens=64,
                                 temperature=0.8, seed=seed)
            validate_output(schema, c.text)  # raises when not valid
            if isinstance(schema, dict):
                assert isinstance(c.parsed, dict)
            else:
                assert isinstance(c.parsed, Review) and 1 <= c.parsed.stars <= 5


@pytest.mark.real
def test_same_seed_same_text(smollm2):
    ask = [Message.user("Write one sentence about the sea.")]
    first = smollm2.complete(ask, max_tokens=24, temperature=1.0, seed=42).text
    smollm2.complete(QUESTION, max_tokens=8, seed=3)  # a different context in between
    assert smollm2.complete(ask, max_tokens=24, temperature=1.0, seed=42).text == first


@pytest.mark.real
def test_stream_yields_token_deltas_that_join_to_the_final_text(smollm2):
    items = list(smollm2.stream(QUESTION, max_tokens=24, seed=5))
    *deltas, final = items
    assert isinstance(final, Completion)
    assert len(deltas) > 1 and all(isinstance(d, str) for d in deltas)
    assert "".join(deltas).strip() == final.text
    assert final.timings.first_token_seconds is not None


@pytest.mark.real
def test_stop_strings_and_max_tokens(smollm2):
    ask = [Message.user("Count from 1 to 20, separated by commas.")]
    c = smollm2.complete(ask, max_tokens=40, temperature=0.0, seed=1, stop=["7"])
    assert "7" not in c.text and c.finish_reason == "stop"
    c = smollm2.complete(ask, max_tokens=5, temperature=0.0, seed=1)
    assert c.usage.completion_tokens == 5 and c.finish_reason == "length"


@pytest.mark.real
def test_prompt_longer_than_the_context_is_context_overflow(smollm2):
    long = "word " * (smollm2.context_size + 100)
    assert smollm2.count_tokens(long) > smollm2.context_size
    with pytest.raises(ContextOverflow, match="context window of 4096 tokens"):
        smollm2.complete([Message.user(long)], max_tokens=4)


@pytest.mark.real
def test_kv_prefix_reuse_counts_fewer_evaluated_tokens(smollm2):
    question = "Question: how many legs do three spiders and two ants have together? Explain. " * 3
    alice = [Message.system("You are Alice, a careful mathematician."), Message.user(question)]
    bob = [Message.system("You are Bob, who doubts every assumption."), Message.user(question)]
    a1 = smollm2.complete(alice, max_tokens=24, seed=1)
    b1 = smollm2.complete(bob, max_tokens=24, seed=1)
    # Alice's second turn follows Bob's call: her saved KV state is restored, not re-read
    a2 = smollm2.complete(alice + [Message.assistant(a1.text), Message.user("Bob says: " + b1.text)],
                          max_tokens=8, seed=1)
    assert a2.usage.prompt_tokens_evaluated < a2.usage.prompt_tokens - a1.usage.prompt_tokens // 2
    # the same conversation continued directly reuses the live context
    a3 = smollm2.complete(alice + [Message.assistant(a1.text), Message.user("Bob says: " + b1.text),
                                   Message.assistant(a2.text), Message.user("Final answer?")],
                          max_tokens=8, seed=1)
    assert a3.usage.prompt_tokens_evaluated < a3.usage.prompt_tokens // 2


@pytest.mark.real
def test_tools_are_emulated_with_a_grammar(smollm2):
    add = ToolSpec(name="add", description="Add two integers.",
                   parameters={"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                               "required": ["a", "b"]})
    calls = []
    for seed in range(3):
        c = smollm2.complete([Message.user("Use the add tool to add 2 and 3.")], tools=[add], max_tokens=96,
                             temperature=0.2, seed=seed)
        assert c.finish_reason == "tool_calls" and len(c.tool_calls) == 1 and c.text == ""
        call = c.tool_calls[0]
        assert call.name == "add" and all(isinstance(call.arguments[k], int) for k in ("a", "b"))
        calls.append(call.arguments)
    assert {"a": 2, "b": 3} in calls


@pytest.mark.real
def test_calls_from_threads_are_serialised(smollm2):
    results: list[str] = []

    def ask():
        results.append(smollm2.complete(QUESTION, max_tokens=6, seed=2).text)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3 and len(set(results)) == 1


@pytest.mark.real
def test_embeddings_shape_and_similarity(smollm2):
    texts = ["The cat sat on the mat.", "A cat is sitting on a rug.", "Quarterly revenue grew by five percent."]
    vectors = smollm2.embed(texts)
    assert len(vectors) == 3 and all(len(v) == len(vectors[0]) > 100 for v in vectors)
    assert all(math.isclose(sum(x * x for x in v), 1.0, rel_tol=1e-3) for v in vectors)

    def cos(a, b):
        return sum(x * y for x, y in zip(a, b))

    assert cos(vectors[0], vectors[1]) > cos(vectors[0], vectors[2])
    assert smollm2.embedding_model.startswith("SmolLM2-135M-Instruct")


@pytest.mark.real
def test_a_closed_backend_raises_instead_of_crashing():
    backend = load_backend("local:smollm2", n_ctx=512)
    backend.close()
    with pytest.raises(BackendError, match="was closed"):
        backend.complete(QUESTION, max_tokens=4)


@pytest.mark.real
def test_shared_backend_loads_a_model_once():
    one = shared_backend("local:smollm2")
    assert shared_backend("local:smollm2", n_ctx=4096, n_gpu_layers=None) is one
    assert shared_backend(f"gguf:{one.path}") is one
    assert shared_backend("local:smollm2", n_ctx=1024) is not one
    assert shared_backend("fake:hi") is not shared_backend("fake:hi")  # cheap ones are not cached


@pytest.mark.real
def test_gemma_without_chat_template_loads_and_answers():
    try:
        gemma = shared_backend("local:gemma3-270m", n_ctx=1024)
    except ConfigError as err:
        pytest.skip(str(err))
    assert gemma.chat_format == "gemma"
    assert len(gemma.notices) == 1 and "no chat template" in gemma.notices[0]
    c = gemma.complete(QUESTION, max_tokens=16, seed=1)
    assert c.text.strip() and c.usage.completion_tokens > 0
    assert gemma.notices == [gemma.notices[0]]  # said once, not per call


@pytest.mark.real
def test_lines_scored_together_score_as_each_alone_and_leave_generation_as_it_was(smollm2):
    messages = [Message.user("Anna has 3 apples and buys 4 more. Write one line of Python for it.")]
    grammar = 'root ::= [a-z]+ " = " [0-9]+ " " [-+*] " " [0-9]+ "\\n"'
    before = smollm2.continue_text(messages, "", grammar, max_tokens=16).text
    lines = ["apples = 3 + 4\n", "apples = 3 * 4\n", "apples += 4\n", "total = 3 + 4\n"]
    together, usage = smollm2.score_lines(messages, "", lines)
    alone = [smollm2.score_lines(messages, "", [line])[0][0] for line in lines]
    assert together == pytest.approx(alone, abs=1e-3) and all(s < 0 for s in together)
    # one call; the shared "apples = 3 " is evaluated once, so fewer tokens than were sent
    assert usage.calls == 1 and usage.completion_tokens == 0 and usage.prompt_tokens_evaluated < usage.prompt_tokens
    # the trie walk rewound the context between lines: generation is what it was before
    assert smollm2.continue_text(messages, "", grammar, max_tokens=16).text == before
    capital, _ = smollm2.score_lines([Message.user("What is the capital of France?")], "",
                                     ["The capital of France is Paris.", "The capital of France is Banana."])
    assert capital[0] > capital[1]
