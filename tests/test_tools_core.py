"""The tool framework: descriptions read from docstrings of every common style, two tools of
one name refused clearly (library, CLI and chat), and a tool's own failure reported as such."""

from __future__ import annotations

import pytest

from agora.errors import ConfigError, ToolError
from agora.tools import ToolRegistry, resolve_tools, tool


def _described(fn):
    t = tool(fn)
    spec = t.spec()
    return t.description, {k: v.get("description") for k, v in spec.parameters["properties"].items()}


def test_numpy_docstring_gives_descriptions_without_leaking_its_sections():
    def area(width: float, height: float) -> float:
        """Area of a rectangle.

        Parameters
        ----------
        width : float
            the side along x, in metres.
        height : float
            the side along y.

        Returns
        -------
        float
            the area.
        """
        return width * height

    description, params = _described(area)
    assert description == "Area of a rectangle."
    assert params == {"width": "the side along x, in metres.", "height": "the side along y."}


def test_google_and_sphinx_docstrings_give_the_same():
    def google(width: float, height: float) -> float:
        """Area of a rectangle.

        Args:
            width: the side along x,
                in metres.
            height (float): the side along y.

        Returns:
            the area.
        """
        return width * height

    def sphinx(width: float, height: float) -> float:
        """Area of a rectangle.

        :param width: the side along x, in metres.
        :param height: the side along y.
        :returns: the area.
        """
        return width * height

    expected = ("Area of a rectangle.", {"width": "the side along x, in metres.", "height": "the side along y."})
    assert _described(google) == expected
    assert _described(sphinx) == expected


def test_plain_docstring_is_all_description():
    def shout(text: str) -> str:
        """Say it
        louder."""
        return text.upper()

    assert _described(shout) == ("Say it louder.", {"text": None})


def test_two_tools_of_one_name_are_a_config_error():
    with pytest.raises(ConfigError, match="two tools are named 'calculator'"):
        resolve_tools("calculator,calculator")
    [calc] = resolve_tools("calculator")
    with pytest.raises(ConfigError, match="two tools are named"):
        ToolRegistry([calc, calc])


def test_cli_refuses_a_tool_given_twice_in_one_line(capsys, tmp_path, monkeypatch):
    from agora.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["ask", "q", "--model", "fake:4", "--tools", "calculator,calculator"]) == 2
    err = capsys.readouterr().err
    assert "two tools are named 'calculator'" in err and "Traceback" not in err


def test_chat_refuses_a_tool_given_twice_and_keeps_going():
    from agora.chat.chat import Chat
    from agora.chat.slash import run_command

    chat = Chat("fake:4")
    with pytest.raises(ConfigError, match="two tools"):
        run_command(chat, "/tools calculator,calculator")
    assert chat.tools == [] and chat.send("hello").text == "4"


def test_a_tool_error_is_a_failed_result_with_its_own_message():
    @tool
    def lookup(key: str) -> str:
        """Look a key up."""
        raise ToolError(f"no entry for {key}")

    result = lookup.run({"key": "x"})
    assert not result.ok and result.content == "lookup failed: no entry for x"
