"""Sparse revision (``Debate(revise="dissent")``) and compact later rounds (``peer_tokens``),
with fake backends: each debater has its own, so who was asked again can be read off its calls."""

from __future__ import annotations

import pytest

from agora.debate.debate import Debate
from agora.debate.revision import standing
from agora.errors import ConfigError
from agora.events import DebateTurn
from agora.testing.fakes import FunctionBackend, ScriptedBackend
from debate_kit import panel, reply, scripted


# --- who stands ------------------------------------------------------------------------------


def test_the_lead_stands_only_with_evidence():
    # two agree: they stand, the third revises
    assert standing("q", [("7", False), ("7", False), ("9", False)], "dissent") == {0, 1}
    # a spread of unchecked answers: nobody leads, everyone revises
    assert standing("q", [("7", False), ("8", False), ("9", False)], "dissent") == set()
    # one answer a tool computed leads a spread (the vote's tie-break) and stands alone
    assert standing("q", [("7", False), ("8", False), ("9", True)], "dissent") == {2}
    # a computed answer outranks a headcount: the two that agree revise, reading it
    assert standing("q", [("7", False), ("7", False), ("9", True)], "dissent") == {2}
    # and a debater that adopted the computed answer stands with it
    assert standing("q", [("9", False), ("7", False), ("9", True)], "dissent") == {0, 2}
    # tools that disagree are no evidence either way: the headcount decides
    assert standing("q", [("7", False), ("7", True), ("9", True)], "dissent") == {0, 1}
    assert standing("q", [("6", False), ("7", True), ("9", True)], "dissent") == set()
    # "all" is the classic debate: everyone is asked again
    assert standing("q", [("7", False), ("7", False), ("9", False)], "all") == set()
    # no answer yet (a failed round 0) is no lead, and restating the question is no vote
    assert standing("q", [(None, False), ("5", False), (None, False)], "dissent") == set()
    assert standing("What is 2+3*4?", [("2+3*4", False), ("2+3*4", False), ("14", False)], "dissent") == set()


def test_only_the_dissenters_are_asked_again_and_the_lead_is_carried():
    backs = [scripted("4"), scripted("4"), scripted("5", "4")]
    result = Debate(panel(*backs), rounds=2, aggregate="vote", early_stop=False, revise="dissent").run("2+2?")
    assert [len(b.calls) for b in backs] == [1, 1, 2]
    assert result.rounds == [{"ann": "4", "bob": "4", "cy": "5"}, {"ann": "4", "bob": "4", "cy": "4"}]
    assert [u.calls for u in result.round_usage] == [3, 1]
    turns = [(e.debater, e.stood, e.saw) for e in result.trace if isinstance(e, DebateTurn) and e.round == 1]
    assert ("ann", True, []) in turns and ("bob", True, []) in turns
    assert ("cy", False, ["ann", "bob"]) in turns  # the dissenter read its peers as usual
    assert result.answer == "4" and result.pool == {"ann": "4", "bob": "4", "cy": "4"}
    # the same debate with everyone revising makes a call per debater per round
    backs = [scripted("4", "4"), scripted("4", "4"), scripted("5", "4")]
    full = Debate(panel(*backs), rounds=2, aggregate="vote", early_stop=False).run("2+2?")
    assert [u.calls for u in full.round_usage] == [3, 3]


def test_a_spread_without_evidence_has_everyone_revise():
    backs = [scripted("1", "3"), scripted("2", "3"), scripted("3", "3")]
    result = Debate(panel(*backs), rounds=2, aggregate="vote", revise="dissent").run("q")
    assert [len(b.calls) for b in backs] == [2, 2, 2]
    assert result.answer == "3" and result.stop_reason == "consensus"


def test_consensus_counts_the_answers_that_stood():
    # round 1: the lone dissenter joins the two that stood: unanimous, so round 2 is not played
    backs = [scripted("4"), scripted("4"), scripted("5", "4")]
    result = Debate(panel(*backs), rounds=3, aggregate="vote", consensus=1.0, revise="dissent").run("2+2?")
    assert len(result.rounds) == 2 and result.stop_reason == "consensus"
    assert sum(u.calls for u in result.round_usage) == 4 == result.usage.calls


def test_a_tool_computed_answer_stands_without_another_tool_loop():
    def fn(messages, options):
        if options.get("tools"):
            if messages[-1].role == "tool":
                return {"thought": "", "answer": "395"}
            return {"thought": "compute", "tool": "calculator", "arguments": {"expression": "17*23+4"}}
        return reply("391" if "skeptic" in messages[0].content else "390")

    backend = FunctionBackend(fn)
    result = Debate(3, model=backend, personas=["calculator", "skeptic", "expert"], rounds=2, aggregate="vote",
                    revise="dissent").run("What is 17 * 23 + 4?")
    second = {e.debater: e for e in result.trace if isinstance(e, DebateTurn) and e.round == 1}
    assert second["calculator"].stood and second["calculator"].verified and second["calculator"].answer == "395"
    assert not second["skeptic"].stood and not second["expert"].stood
    # round 0: the tool loop (2 calls) + 2; round 1: only the two others
    assert [u.calls for u in result.round_usage] == [4, 2]
    assert result.answer == "395"


def test_revise_mode_is_checked():
    with pytest.raises(ConfigError, match="revise"):
        Debate(3, model=ScriptedBackend([]), revise="some")
    with pytest.raises(ConfigError, match="peer_tokens"):
        Debate(3, model=ScriptedBackend([]), peer_tokens=0)


# --- compact later rounds ------------------------------------------------------------------


def test_peer_tokens_clip_the_reasoning_a_debater_reads():
    long_why = "Step. " * 400
    def run(peer_tokens):
        backs = [ScriptedBackend([reply("1", long_why), reply("1")]), ScriptedBackend([reply("2", long_why), reply("1")])]
        Debate(panel(*backs), rounds=2, aggregate="vote", peer_tokens=peer_tokens).run("q")
        return backs[0].calls[1]["messages"][-1].content

    compact, full = run(20), run(None)
    assert "Debater 1 answered: 2" in compact and "[...]" in compact
    assert len(compact) < len(full) / 4
    assert full.count("Step.") > 300  # unclipped: the whole reasoning fits the context


def test_a_majority_against_a_computed_answer_revises_with_it_before_them():
    def fn(messages, options):
        if options.get("tools"):
            if messages[-1].role == "tool":
                return {"thought": "", "answer": "395"}
            return {"thought": "compute", "tool": "calculator", "arguments": {"expression": "17*23+4"}}
        shown = messages[-1].content
        return reply("395" if "answered: 395" in shown else "391")

    result = Debate(3, model=FunctionBackend(fn), personas=["calculator", "skeptic", "expert"], rounds=2,
                    aggregate="vote", revise="dissent").run("What is 17 * 23 + 4?")
    assert result.rounds[0] == {"calculator": "395", "skeptic": "391", "expert": "391"}
    second = {e.debater: e for e in result.trace if isinstance(e, DebateTurn) and e.round == 1}
    assert second["calculator"].stood and not second["skeptic"].stood and not second["expert"].stood
    assert "calculator" in second["skeptic"].saw
    assert result.answer == "395" and result.pool == {"calculator": "395", "skeptic": "395", "expert": "395"}
