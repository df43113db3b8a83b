"""Python calls as code blocks (program of thought on emulated tools), a call required when the
question writes out arithmetic, code lines put right, and a program's last assigned value."""

import json

import pytest

from agora.agent import Agent
from agora.agent.copying import snapped, writes_arithmetic
from agora.backends.code_steps import as_block, code_tool, read_block
from agora.backends.llama_format import to_dicts
from agora.messages import Message, ToolCall, ToolSpec
from agora.testing import ScriptedBackend


def test_a_code_block_reads_back_as_the_python_call_and_is_shown_the_same_way():
    call = read_block("```python\nx = 6 * 7\nprint(x)\n```", "c1")
    assert call is not None and (call.name, call.arguments) == ("python", {"code": "x = 6 * 7\nprint(x)"})
    assert as_block(call) == "```python\nx = 6 * 7\nprint(x)\n```"
    assert read_block("```python\n\n```", "c2") is None and read_block("42", "c3") is None
    # history shows a python call as the block the model would write, other calls as JSON
    shown = to_dicts([Message.assistant("", [call]),
                      Message.assistant("", [ToolCall(id="c4", name="calculator", arguments={"expression": "1+2"})])])
    assert shown[0]["content"] == as_block(call)
    assert json.loads(shown[1]["content"]) == {"tool": "calculator", "arguments": {"expression": "1+2"}}


def test_only_the_python_tool_with_a_code_string_may_be_a_block():
    python = ToolSpec(name="python", description="", parameters={
        "type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]})
    other = ToolSpec(name="python", description="", parameters={
        "type": "object", "properties": {"script": {"type": "string"}}, "required": ["script"]})
    assert code_tool([python]) is python and code_tool([other]) is None


def test_the_step_grammars_with_a_code_block_parse():
    pytest.importorskip("llama_cpp")
    from agora.backends.grammar import build_call_grammar, build_step_grammar, step_grammar_text

    schema = {"type": "object", "properties": {"tool": {"const": "python"},
              "arguments": {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]}},
              "required": ["tool", "arguments"], "additionalProperties": False}
    text = step_grammar_text(json.dumps(schema, sort_keys=True), code=True)
    assert text.startswith("root ::= agora-step-call | agora-step-answer | agora-step-code")
    assert step_grammar_text(json.dumps(schema, sort_keys=True), code=True, answer=False).startswith(
        "root ::= agora-step-call | agora-step-code\n")
    build_step_grammar(schema, code=True), build_call_grammar(schema, code=True)  # llama.cpp parses both


def test_questions_that_write_out_arithmetic():
    assert writes_arithmetic("What is 17 * 23 + 4?") and writes_arithmetic("Compute (-17) * (57 - 79) - 20.")
    assert writes_arithmetic("What is 2 ** 10?") and writes_arithmetic("What is 100/4?")
    # numbers without an operator between them, dates and times are not arithmetic
    for question in ("What is the product of 86, 16 and 24?", "How many days after 2004-11-22 is 2004-12-04?",
                     "Meet at 10:30 - 11:00?", "I have 3 apples and 2 pears.", "What is -5?", "Hello!"):
        assert not writes_arithmetic(question), question


def test_written_out_arithmetic_requires_a_call_first_then_the_model_chooses():
    backend = ScriptedBackend([ToolCall(name="calculator", arguments={"expression": "17 * 23 + 4"}), "395"])
    result = Agent(model=backend, tools=["calculator"], examples=[]).run("What is 17 * 23 + 4?")
    assert result.answer == "395"
    choices = [(call.get("settings") and call["settings"].tool_choice) for call in backend.calls]
    assert choices == ["required", None]
    from agora.tools import tool

    @tool
    def lookup(term: str) -> str:
        """Look a term up."""
        return term

    # a question without arithmetic, or an agent without a computing tool: the model chooses
    for tools, question in ((["calculator"], "Hello!"), ([lookup], "What is 17 * 23 + 4?")):
        backend = ScriptedBackend(["Hi."])
        Agent(model=backend, tools=tools, examples=[]).run(question)
        assert not (backend.calls[0].get("settings") and backend.calls[0]["settings"].tool_choice)


def test_a_one_line_program_copying_the_question_badly_is_put_right():
    question = "What is the value of (75 + 80) * 98 - 41?"
    assert snapped("result = 75 + 80 * 98 - 41\nprint(result)", question) == \
        "result = (75 + 80) * 98 - 41\nprint(result)"
    # a program computing step by step is its own, even when a line is a piece of the span
    assert snapped("x = 75 + 80\nprint(x * 98 - 41)", question) is None
    assert snapped("(75 + 80)", question) == "(75 + 80) * 98 - 41"  # no bracket left over


def test_a_program_ending_in_an_assignment_shows_its_value():
    from agora.tools.python import Sandbox

    sandbox = Sandbox()
    assert sandbox.run("total = 11 * 8 * 4").as_text() == "[value] 352"
    assert sandbox.run("t = 5\nt += 2").as_text() == "[value] 7"
    assert sandbox.run("x = 3\nprint(x)").as_text() == "3"  # it printed: that is its output
    assert "no output" in sandbox.run("a, b = 1, 2").as_text()


def test_a_copy_with_one_slip_is_put_right_other_arithmetic_is_not():
    from agora.agent.copying import one_slip

    question = "What is the result of 21+3*9+17-16*29?"
    assert snapped("result = 21 + 3*3 + 17 - 16 * 29\nprint(result)", question) == \
        "result = 21+3*9+17-16*29\nprint(result)"
    assert one_slip("75 + 80 + 98 - 41", "(75 + 80) * 98 - 41")  # one operator
    assert not one_slip("3 + 4", "3 * 4")  # two numbers: too short to call it a copy
    assert not one_slip("21 + 3*3 + 17 - 16 * 30", "21+3*9+17-16*29")  # two slips: other arithmetic


def test_python_code_gets_the_question_notation_translated():
    from agora.agent.copying import in_python, snap_arguments

    assert in_python("print(12^3)") == "print(12**3)"  # in Python ^ is an exclusive or
    assert in_python("x = 1,234,567 + 45,000\nprint(x)") == "x = 1234567 + 45000\nprint(x)"  # not a tuple
    assert in_python("print(50 × 46 × 22)") == "print(50 * 46 * 22)"
    for code in ("word = 'a^b'\nprint(word)", "print(f(1,234))", "print((3, 4))"):
        assert in_python(code) == code  # not arithmetic lines: left alone
    call, notes = snap_arguments(ToolCall(name="python", arguments={"code": "print(2^10)"}), "What is 2^10?")
    assert call.arguments == {"code": "print(2**10)"} and len(notes) == 1


def test_a_first_step_offers_the_tools_the_request_is_about():
    from agora.agent.relevance import relevant_tools
    from agora.tools import tool

    @tool
    def play_music(artist: str) -> str:
        """Play songs by an artist."""
        return "ok"

    @tool
    def set_thermostat(room: str, degrees: float) -> str:
        """Set a room's heating."""
        return "ok"

    specs = [play_music.spec(), set_thermostat.spec()]
    assert [s.name for s in relevant_tools(specs, "Play some songs by Nina Simone")] == ["play_music"]
    assert [s.name for s in relevant_tools(specs, "Set the bathroom to 20 degrees")] == ["set_thermostat"]
    assert relevant_tools(specs, "Hello!") == []
    # on an emulating backend a greeting is answered: no tool is offered at the first step
    backend = ScriptedBackend(["Hello! How can I help?"])
    result = Agent(model=backend, tools=[play_music, set_thermostat], examples=[]).run("Hello!")
    assert result.answer == "Hello! How can I help?" and not backend.calls[0].get("tools")


def test_a_request_naming_its_tool_gets_a_call_to_it_first():
    from agora.agent.relevance import named_tools
    from agora.tools import tool

    @tool
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    @tool
    def send_email(to: str) -> str:
        """Send a message."""
        return "sent"

    specs = [add.spec(), send_email.spec()]
    assert [s.name for s in named_tools(specs, "What is 17 + 25? Use the add tool.")] == ["add"]
    assert [s.name for s in named_tools(specs, "Please send_email to Ann")] == ["send_email"]
    assert named_tools(specs, "Can you add milk to the list?") == []  # a word, not the tool asked for
    backend = ScriptedBackend([ToolCall(name="add", arguments={"a": 17, "b": 25}), "42"])
    result = Agent(model=backend, tools=[add, send_email], examples=[]).run("What is 17 + 25? Use the add tool.")
    assert result.answer == "42"
    # every tool is shown (the prompt stays the same from step to step) and "add" alone allowed
    assert [t.name for t in backend.calls[0]["tools"]] == ["add", "send_email"]
    assert backend.calls[0]["settings"].allowed_tools == ["add"]
    assert backend.calls[0]["settings"].tool_choice == "required"
