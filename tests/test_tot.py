"""Tree of Thoughts with a fake backend: the tree in the events, pruning by the value step,
early stop on a sure answer, bad options; and `agora ask --tot` drawing the tree."""

from __future__ import annotations

import json
import re

import pytest

from agora.agent.agent import Agent
from agora.cli import main
from agora.errors import ConfigError
from agora.events import TreeNode
from agora.testing.fakes import FunctionBackend

PROPOSALS = {(): ["A", "B", "C"], ("A",): ["A1", "Answer: 42"], ("C",): ["C1"]}
RATINGS = {"A": "likely", "B": "impossible", "C": "likely", "A1": "likely", "Answer: 42": "sure", "C1": "likely"}


def path_of(prompt: str) -> tuple[str, ...]:
    return tuple(re.findall(r"^\d+\. (.+)$", prompt, re.M))


def tree_backend(proposals=PROPOSALS, ratings=RATINGS, final="Working.\nAnswer: 7"):
    def fn(messages, options):
        prompt = messages[-1].content
        if "Propose up to" in prompt:
            return {"steps": proposals.get(path_of(prompt), ["dead end"])}
        if "Rate it" in prompt:
            return {"rating": ratings.get(path_of(prompt)[-1], "impossible")}
        return final
    return FunctionBackend(fn)


def test_the_tree_is_in_the_events_and_impossible_steps_are_pruned():
    backend = tree_backend()
    result = Agent(model=backend, method="tot", method_options={"breadth": 2, "depth": 3}).run("Make 42")
    nodes = {e.id: e for e in result.trace if isinstance(e, TreeNode)}
    assert set(nodes) == {"1", "2", "3", "1.1", "1.2", "3.1"}
    assert [nodes[i].text for i in ("1", "2", "3")] == ["A", "B", "C"]
    assert nodes["2"].kept is False and nodes["2"].value == 0.0  # B was judged impossible
    assert nodes["1"].kept and nodes["3"].kept
    assert nodes["1.2"].parent == "1" and nodes["1.2"].final and nodes["1.2"].value == 1.0
    assert not any(e.parent == "2" for e in nodes.values())  # a pruned node is never expanded
    # a sure answer ends the search at once: no third level, no concluding call
    assert result.answer == "42" and result.complete and result.stop_reason == "answer"
    assert result.reasoning.splitlines() == ["A", "Answer: 42"]
    assert result.usage.calls == 1 + 3 + 2 + 3  # proposals and values of two levels
    # both steps are grammar-bound: the proposals and the ratings are held by JSON schemas
    schemas = [c["output_schema"] for c in backend.calls]
    assert all(s is not None for s in schemas)
    assert {"sure", "likely", "impossible"} == set(schemas[1]["properties"]["rating"]["enum"])


def test_breadth_keeps_only_the_best_nodes():
    ratings = {"A": "likely", "B": "sure", "C": "likely"}
    backend = tree_backend(proposals={(): ["A", "B", "C"]}, ratings=ratings)
    result = Agent(model=backend, method="tot", method_options={"breadth": 1, "depth": 2}).run("q")
    level1 = [e for e in result.trace if isinstance(e, TreeNode) and e.depth == 1]
    assert [e.text for e in level1 if e.kept] == ["B"]
    level2 = [e for e in result.trace if isinstance(e, TreeNode) and e.depth == 2]
    assert {e.parent for e in level2} == {"2"}
    assert result.answer == "7"  # no answer node: one call writes the answer from the best path
    assert "1. B" in backend.calls[-1]["messages"][-1].content


def test_when_everything_is_impossible_the_answer_comes_from_an_empty_path():
    backend = tree_backend(ratings={})
    result = Agent(model=backend, method="tot", method_options={"breadth": 2, "depth": 3}).run("q")
    assert result.answer == "7" and result.usage.calls == 1 + 3 + 1
    assert not any(e.kept for e in result.trace if isinstance(e, TreeNode))


@pytest.mark.parametrize("opts", [{"breadth": 0}, {"depth": 0}, {"proposals": -1}, {"width": 2}, {"depth": 1.5}])
def test_bad_tree_options_fail_before_any_call(opts):
    with pytest.raises(ConfigError, match="tree of thoughts"):
        Agent(model=FunctionBackend(lambda m, o: "x"), method="tot", method_options=opts)
    with pytest.raises(ConfigError, match="unknown method"):
        Agent(model="fake", method="bfs")


def test_a_limit_ends_the_search_with_what_it_has():
    backend = tree_backend()
    result = Agent(model=backend, method="tot", token_budget=60).run("Make 42")
    assert not result.complete and result.stop_reason == "token_budget"


def test_cli_tot_draws_the_tree(capsys):
    code = main(["ask", "Make 24 from 4 4 6 8", "--model", "fake:42", "--tot", "--breadth", "2", "--depth", "2",
                 "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["answer"] == "42"
    assert main(["ask", "Make 24", "--model", "fake:42", "--tot", "--depth", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "42"
    assert "Tree of Thoughts" in captured.err and "42" in captured.err


@pytest.mark.parametrize("argv, message", [
    (["--tot", "--breadth", "0"], "breadth must be a whole number of at least 1"),
    (["--breadth", "2"], "--breadth needs --tot"),
    (["--tot", "--debate", "2"], "--tot and --debate"),
    (["--tot", "--tools", "calculator"], "--tot does not use tools"),
    (["--tot", "--critique"], "it takes no --plan, --critique"),
])
def test_bad_tot_input_is_one_line_and_exit_2(argv, message, capsys):
    assert main(["ask", "q", "--model", "fake", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
