"""Completion tokens are reported per tool step: on the step and on its ToolCalled event."""

from agora.agent import Agent
from agora.events import ToolCalled
from agora.messages import Completion, ToolCall, Usage
from agora.testing import ScriptedBackend
from agora.tools import tool


@tool
def lookup_price(item: str) -> str:
    """The price of an item in the shop.

    Args:
        item: the item's name
    """
    return {"tea": "4 EUR", "cake": "3 EUR"}[item]


def spent(reply: ToolCall | str, tokens: int) -> Completion:
    calls = [reply] if isinstance(reply, ToolCall) else []
    return Completion(text="" if calls else str(reply), tool_calls=calls,
                      finish_reason="tool_calls" if calls else "stop",
                      usage=Usage(prompt_tokens=100, completion_tokens=tokens, calls=1))


def test_each_step_carries_what_its_call_cost():
    tea = ToolCall(name="lookup_price", arguments={"item": "tea"})
    cake = ToolCall(name="lookup_price", arguments={"item": "cake"})
    backend = ScriptedBackend([spent(tea, 17), spent(cake, 9), spent("Tea 4 EUR, cake 3 EUR.", 6)])
    events: list = []
    result = Agent(model=backend, tools=[lookup_price], examples=[]).run(
        "What do tea and cake cost in the shop?", on_event=events.append)
    steps = result.tool_steps()
    assert [(s.call.arguments["item"], s.usage.completion_tokens, s.usage.calls) for s in steps] == \
        [("tea", 17, 1), ("cake", 9, 1)]
    called = [e for e in events if isinstance(e, ToolCalled)]
    assert [e.usage.completion_tokens for e in called] == [17, 9]
    assert result.usage.completion_tokens == 17 + 9 + 6


def test_a_failed_reply_before_a_call_is_not_the_calls_cost():
    # the empty first reply is a step of its own (a format failure); the call's step is its own call
    tea = ToolCall(name="lookup_price", arguments={"item": "tea"})
    backend = ScriptedBackend([spent("", 5), spent(tea, 11), spent("4 EUR.", 3)])
    result = Agent(model=backend, tools=[lookup_price], examples=[]).run("Find the price of tea in the shop.")
    assert [s.usage.completion_tokens for s in result.tool_steps()] == [11]
    assert result.usage.completion_tokens == 5 + 11 + 3
