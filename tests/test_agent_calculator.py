"""The calculator tool: exact arithmetic, nothing else."""

from __future__ import annotations

import pytest

from agora.tools import resolve_tools
from agora.tools.calculator import CalculatorError, evaluate


@pytest.mark.parametrize("expression, value", [
    ("16+17*29+1-11*14", 356), ("(3+4)*-2", -14), ("7/2", 3.5), ("7//2", 3), ("7%3", 1),
    ("2**10", 1024), ("10^2", 100), ("3 x 4", 12), ("1,234+1", 1235), ("-(2)", -2), ("2+3=", 5),
    ("12+7?", 19),
])
def test_arithmetic(expression, value):
    assert evaluate(expression) == value


@pytest.mark.parametrize("expression, message", [
    ("__import__('os').system('true')", "not allowed"), ("abs(-3)", "not allowed"), ("x", "unknown name"),
    ("1/0", "division by zero"), ("9**9**9", "too large"), ("10**5000", "too large"), ("", "empty"),
    ("1 +", "cannot parse"), ("(-8)**0.5", "not a real number"), ("[1]*3", "not allowed"),
])
def test_refuses_what_is_not_bounded_arithmetic(expression, message):
    with pytest.raises(CalculatorError, match=message):
        evaluate(expression)


def test_tool_schema_and_results():
    [calc] = resolve_tools("calculator", index="ignored")
    spec = calc.spec()
    assert spec.name == "calculator" and spec.parameters["required"] == ["expression"]
    assert "pattern" in spec.parameters["properties"]["expression"]
    assert calc.run({"expression": "6/3"}).content == "2"
    assert calc.run({"expression": "1/3"}).content == "0.333333333333"
    bad = calc.run({"expression": "1/0"})
    assert not bad.ok and "division by zero" in bad.content
    assert not calc.run({"expression": "os.system"}).ok  # letters do not even pass the schema
