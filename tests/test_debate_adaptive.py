"""Adaptive debate, aggregation options, judge swap, topologies, persona tools and the one
wall-clock budget, with fake backends (each debater has its own, so its calls can be read)."""

from __future__ import annotations

import re
import time

import pytest

from agora.debate.aggregate import weighted_vote
from agora.debate.debate import Debate, Debater
from agora.debate.judge import Entry
from agora.debate.result import result_from_events
from agora.errors import ConfigError
from agora.events import ConfidenceStated, DebateTurn, TranscriptWriter, read_transcript
from agora.testing.fakes import FunctionBackend, ScriptedBackend
from debate_kit import panel, reply, scripted


def verdict(answer: str, sided=()) -> dict:
    return {"answer": answer, "rationale": "checked", "confidence": 0.9, "sided_with": list(sided)}


# --- consensus thresholds ----------------------------------------------------------------


@pytest.mark.parametrize("fraction, rounds_played", [(1.0, 2), (0.75, 2), (0.6, 1), (0.5, 1)])
def test_consensus_fraction_decides_whether_another_round_runs(fraction, rounds_played):
    # round 0: 3 of 5 agree (60%); round 1: all agree
    backs = [scripted("4", "4"), scripted("4", "4"), scripted("4", "4"), scripted("5", "4"), scripted("6", "4")]
    result = Debate(panel(*backs), rounds=3, aggregate="vote", consensus=fraction).run("2+2?")
    assert len(result.rounds) == rounds_played
    assert result.stop_reason == "consensus" and result.answer == "4"
    # calls and tokens are counted per round, and the rounds add up to the whole
    assert [u.calls for u in result.round_usage] == [5] * rounds_played
    assert sum(u.total_tokens for u in result.round_usage) == result.usage.total_tokens


def test_disagreement_below_the_threshold_plays_every_round():
    backs = [scripted("1", "1"), scripted("2", "2"), scripted("3", "3")]
    result = Debate(panel(*backs), rounds=2, aggregate="vote", consensus=0.5).run("q")
    assert len(result.rounds) == 2 and result.stop_reason == "rounds"
    for b in backs:
        b.assert_done()


@pytest.mark.parametrize("bad", [0, -0.1, 1.5])
def test_consensus_outside_zero_one_is_refused(bad):
    with pytest.raises(ConfigError, match="consensus"):
        Debate(2, model=ScriptedBackend([]), consensus=bad)


# --- weighted vote -----------------------------------------------------------------------


def confident(answer: str, confidence: float) -> ScriptedBackend:
    return ScriptedBackend([reply(answer), {"confidence": confidence}])


def test_weighted_vote_follows_stated_confidence_over_headcount():
    backs = [confident("7", 0.2), confident("7", 0.3), confident("9", 1.0)]
    result = Debate(panel(*backs), rounds=1, aggregate="weighted-vote").run("q")
    assert result.vote_answer == "7"  # the headcount says 7
    assert result.weighted_answer == "9" and result.answer == "9" and result.method == "weighted-vote"
    assert result.confidences == {"ann": 0.2, "bob": 0.3, "cy": 1.0}
    schema = backs[0].calls[1]["output_schema"]
    assert schema["properties"]["confidence"]["enum"][-1] == 1.0  # a fixed set: grammar-bound
    # the statement continues the debater's own conversation (its answer is in it)
    assert any(m.role == "assistant" and "Answer: 7" in m.content for m in backs[0].calls[1]["messages"])
    assert result.confidence_usage.calls == 3 and result.usage.calls == 6
    assert len([e for e in result.trace if isinstance(e, ConfidenceStated)]) == 3


def test_a_debater_that_cannot_state_a_confidence_weighs_the_default():
    backs = [ScriptedBackend([reply("7"), "not json"]), confident("9", 0.4)]
    result = Debate(panel(*backs), rounds=1, aggregate="weighted-vote").run("q")
    assert result.confidences == {"ann": None, "bob": 0.4}
    assert result.weighted_answer == "7"  # 0.5 (the default) beats 0.4


def test_weighted_vote_ties_go_to_the_headcount_and_unreadable_answers_do_not_vote():
    final = [Entry("a", "5"), Entry("b", "5"), Entry("c", "6"), Entry("d", "")]
    assert weighted_vote(final, {"a": 0.3, "b": 0.3, "c": 0.6, "d": 1.0}) == "5"
    assert weighted_vote([Entry("a", "")], {}) is None


# --- judge swap --------------------------------------------------------------------------


def positional_judge():
    """Always sides with the answer shown first: the bias a swap exposes."""
    def fn(messages, options):
        first = re.search(r"Answer ([A-Z]): (\S+)", messages[-1].content)
        return verdict(first.group(2), [first.group(1)])
    return FunctionBackend(fn)


def content_judge(answer: str):
    def fn(messages, options):
        letters = re.findall(rf"Answer ([A-Z]): {answer}\b", messages[-1].content)
        return verdict(answer, letters)
    return FunctionBackend(fn)


def test_a_judge_that_flips_under_swap_is_inconsistent_and_the_vote_answers(tmp_path):
    judge = positional_judge()
    path = tmp_path / "run.jsonl"
    with TranscriptWriter(path) as writer:
        result = Debate(panel(scripted("5"), scripted("5"), scripted("6")), rounds=1, judge=judge,
                        judge_swap=True).run("q", on_event=writer)
    assert len(judge.calls) == 2
    assert result.verdict.answer != result.swap_verdict.answer
    assert result.judge_consistent is False
    assert result.method == "vote (judge inconsistent)" and result.answer == "5"
    assert any("reversed order" in n for n in result.notes)
    assert result.judge_usage.calls == 2
    # the second reading shows the same answers in the opposite order
    order = lambda call: re.findall(r"Answer [A-Z]: (\d)", call["messages"][-1].content)
    assert order(judge.calls[1]) == order(judge.calls[0])[::-1]
    assert result_from_events(read_transcript(path)).model_dump() == result.model_dump()


def test_a_consistent_judge_keeps_its_verdict_under_swap():
    judge = content_judge("6")
    result = Debate(panel(scripted("5"), scripted("5"), scripted("6")), rounds=1, judge=judge,
                    judge_swap=True).run("q")
    assert result.judge_consistent is True and result.method == "judge" and result.answer == "6"
    assert result.judge_agrees_with_vote is False


def test_judge_prompt_carries_a_rubric():
    judge = content_judge("6")
    Debate(panel(scripted("5"), scripted("6")), rounds=1, judge=judge).run("q")
    prompt = judge.calls[0]["messages"][-1].content
    assert "rubric" in prompt and "Observation" in prompt and "order" in prompt


# --- topologies --------------------------------------------------------------------------


def seen_answers(backend: ScriptedBackend, call: int = 1) -> list[str]:
    return re.findall(r"answered: (\d+)", backend.calls[call]["messages"][-1].content)


def test_ring_debaters_read_only_their_neighbours():
    backs = [scripted(str(i), str(i)) for i in range(1, 6)]  # five different answers
    result = Debate(panel(*backs), rounds=2, aggregate="vote", topology="ring").run("q")
    assert sorted(seen_answers(backs[0])) == ["2", "5"]
    assert sorted(seen_answers(backs[2])) == ["2", "4"]
    turns = {(e.round, e.debater): e.saw for e in result.trace if isinstance(e, DebateTurn)}
    assert turns[(0, "ann")] == []  # round 0 is independent
    assert sorted(turns[(1, "ann")]) == ["bob", "eve"] and sorted(turns[(1, "cy")]) == ["bob", "dee"]
    assert result.trace[0].config["sees"]["ann"] == ["bob", "eve"]
    assert result.topology == "ring"


def test_star_spokes_read_the_hub_and_the_hub_reads_everyone():
    backs = [scripted(str(i), str(i)) for i in range(1, 5)]
    result = Debate(panel(*backs), rounds=2, aggregate="vote", topology="star").run("q")
    assert sorted(seen_answers(backs[0])) == ["2", "3", "4"]
    for spoke in backs[1:]:
        assert seen_answers(spoke) == ["1"]
    saw = {e.debater: e.saw for e in result.trace if isinstance(e, DebateTurn) and e.round == 1}
    assert saw == {"ann": ["bob", "cy", "dee"], "bob": ["ann"], "cy": ["ann"], "dee": ["ann"]}


def test_sparser_topologies_send_fewer_prompt_tokens():
    def run(topology: str) -> int:
        long = "Because " * 60
        backs = [ScriptedBackend([reply(str(i), long)] * 2) for i in range(5)]
        return Debate(panel(*backs), rounds=2, aggregate="vote", topology=topology).run("q").usage.prompt_tokens

    full, ring, star = run("all"), run("ring"), run("star")
    assert ring < full and star < full


@pytest.mark.parametrize("n", [1, 2])
def test_a_ring_of_fewer_than_three_is_refused(n):
    with pytest.raises(ConfigError, match="ring needs at least 3"):
        Debate(n, model=ScriptedBackend([]), topology="ring")


# --- persona tools -----------------------------------------------------------------------


def test_the_calculator_persona_computes_with_its_tool():
    def fn(messages, options):
        if options.get("tools"):
            if messages[-1].role == "tool":  # the calculator has answered
                return {"thought": "", "answer": "395"}
            return {"thought": "compute", "tool": "calculator", "arguments": {"expression": "17*23+4"}}
        return reply("391")

    backend = FunctionBackend(fn)
    result = Debate(3, model=backend, personas=["calculator", "skeptic", "expert"], rounds=1,
                    aggregate="vote").run("What is 17 * 23 + 4?")
    config = result.trace[0].config["debaters"]
    assert config[0]["tools"] == ["calculator"] and config[1]["tools"] == []
    observations = [e for e in result.trace if e.type == "observation"]
    assert [(e.source, e.content.strip()) for e in observations] == [("calculator", "395")]
    assert result.pool == {"calculator": "395", "skeptic": "391", "expert": "391"}


# --- one wall-clock budget ---------------------------------------------------------------


def slow(answer: str, seconds: float):
    def fn(messages, options):
        time.sleep(seconds)
        return verdict(answer) if options.get("output_schema") else reply(answer)
    return FunctionBackend(fn)


def test_the_whole_debate_is_bounded_by_max_seconds():
    backs = [slow(str(i), 0.3) for i in range(3)]
    started = time.perf_counter()
    result = Debate(panel(*backs), rounds=4, judge=slow("1", 0.3), max_seconds=0.9).run("q")
    took = time.perf_counter() - started
    # unbounded: 4 rounds x 3 turns x 0.3 s + the judge = 3.9 s; bounded: 0.9 s, and the call
    # running when the time ran out may finish late (a wide margin: the machine may be busy)
    assert took < 2.4
    assert result.stop_reason == "max_seconds" and len(result.rounds) < 4
    assert result.method in ("vote (time)", "judge")
    assert any("ran out" in n for n in result.notes)


def test_a_slow_judge_is_cut_off_by_the_debate_deadline():
    judge = slow("2", 4.0)
    started = time.perf_counter()
    result = Debate(panel(scripted("1"), scripted("2"), scripted("1")), rounds=1, judge=judge,
                    max_seconds=0.5).run("q")
    assert time.perf_counter() - started < 2.5  # the judge alone would take 4 s
    assert result.method == "vote (time)" and result.answer == "1"


# --- agent options reach the debaters ----------------------------------------------------


def test_agent_options_reach_every_debater():
    backs = [ScriptedBackend([reply("3")]), ScriptedBackend([reply("3")])]
    result = Debate(panel(*backs), rounds=1, aggregate="vote",
                    agent_options={"system": "You are terse.", "max_steps": 3}).run("q")
    starts = [e for e in result.trace if e.type == "run_started" and e.source != "debate"]
    assert [e.config["max_steps"] for e in starts] == [3, 3]
    for b in backs:
        assert "You are terse." in b.calls[0]["messages"][0].content


def test_tool_options_reach_the_debaters_tools(tmp_path):
    missing = tmp_path / "none.idx"
    bad = [Debater(model=scripted("1"), name="ann", tools=["retrieve"]), Debater(model=scripted("1"), name="bob")]
    with pytest.raises(ConfigError, match="none.idx"):
        Debate(bad, rounds=1, aggregate="vote", agent_options={"tool_options": {"index": str(missing)}}).run("q")


def test_options_the_debate_sets_itself_are_refused():
    with pytest.raises(ConfigError, match="seed"):
        Debate(2, model=ScriptedBackend([]), agent_options={"seed": 3})


def test_a_tie_goes_to_the_answer_a_tool_computed_not_to_the_first_seat():
    def fn(messages, options):
        if options.get("tools"):
            if messages[-1].role == "tool":
                return {"thought": "", "answer": "395"}
            return {"thought": "compute", "tool": "calculator", "arguments": {"expression": "17*23+4"}}
        persona = messages[0].content
        return reply("391" if "skeptic" in persona else "390")

    result = Debate(3, model=FunctionBackend(fn), personas=["skeptic", "expert", "calculator"], rounds=1,
                    aggregate="vote").run("What is 17 * 23 + 4?")
    assert result.pool == {"skeptic": "391", "expert": "390", "calculator": "395"}
    assert result.answer == "395" and result.vote_count == 1
    verified = {e.debater: e.verified for e in result.trace if isinstance(e, DebateTurn)}
    assert verified == {"skeptic": False, "expert": False, "calculator": True}
    # without the evidence, the first answer given would have won the tie
    by_persona = lambda m, o: reply("391" if "skeptic" in m[0].content else "390" if "expert" in m[0].content
                                    else "389")
    plain = Debate(3, model=FunctionBackend(by_persona), personas=["skeptic", "expert", "devils-advocate"],
                   rounds=1, aggregate="vote").run("q")
    assert plain.answer == "391"


def calculator_then(later: dict):
    """A calculator debater: round 0 computes 395 with the tool; later rounds reply ``later``."""
    def fn(messages, options):
        if not options.get("tools"):
            return reply("391")
        last_user = next(m for m in reversed(messages) if m.role == "user")
        if "latest answers of the other debaters" in last_user.content:
            return later
        if messages[-1].role == "tool":
            return {"thought": "", "answer": "395"}
        return {"thought": "compute", "tool": "calculator", "arguments": {"expression": "17*23+4"}}
    return FunctionBackend(fn)


def test_a_tool_computed_answer_is_not_dropped_for_one_no_tool_checked():
    backend = calculator_then({"thought": "", "answer": "They said 391, so 391."})
    result = Debate(3, model=backend, personas=["calculator", "skeptic", "expert"], rounds=2,
                    aggregate="vote").run("What is 17 * 23 + 4?")
    second = [e for e in result.trace if isinstance(e, DebateTurn) and e.round == 1 and e.debater == "calculator"]
    assert second[0].answer == "395" and second[0].verified
    assert "They said 391" in second[0].reasoning and "kept the answer its tool computed" in second[0].reasoning
    assert result.pool["calculator"] == "395"
    # without the rule the calculator adopts the others' 391, and the vote follows
    loose = Debate(3, model=calculator_then({"thought": "", "answer": "391"}), personas=["calculator", "skeptic", "expert"],
                   rounds=2, aggregate="vote", keep_verified=False).run("What is 17 * 23 + 4?")
    assert loose.pool["calculator"] == "391" and loose.answer == "391"


def test_an_answer_that_restates_the_question_does_not_vote():
    q = "What is the result of 16+17*29+1-11*14?"
    backs = [scripted("356"), scripted("16+17*29+1-11*14."), ScriptedBackend([reply("16+17*29+1-11*14, which is right")])]
    result = Debate(panel(*backs), rounds=1, aggregate="vote").run(q)
    assert result.answer == "356" and result.vote_count == 1  # "14" (the last operand) got no votes
    from agora.debate.aggregate import restates
    assert restates(q, "16 + 17*29 + 1 - 11*14") and not restates(q, "16+17*29+1-11*14 = 356")
    assert not restates("What is 2+2?", "4")
    assert restates("What is the result of 21+16*9+0-18*23?", "21+16*9+18*23.")  # miscopied, still bare


def test_answers_without_a_number_do_not_outvote_numeric_ones():
    from agora.debate.aggregate import vote, voters

    final = [Entry("calculator", "395", verified=True), Entry("skeptic", "correct."), Entry("expert", "correct.")]
    assert vote(voters("What is 17 * 23 + 4?", final)) == ("395", 1)
    # a question answered in words: every answer votes as before
    words = [Entry("a", "Paris"), Entry("b", "Paris"), Entry("c", "Lyon")]
    assert vote(voters("What is the capital of France?", words)) == ("Paris", 2)
