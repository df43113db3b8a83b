"""Debate logic with fake backends: rounds, early stop, judge vs vote, faults, budget,
judge fairness, transcripts. Each debater has its own ScriptedBackend, so every call it
receives can be checked."""

from __future__ import annotations

import re

import pytest

from agora.debate.debate import Debate, Debater, result_from_events
from agora.errors import BackendError, ConfigError
from agora.events import DebateTurn, LimitReached, RoundFinished, TranscriptWriter, VerdictGiven, read_transcript
from agora.testing.fakes import FunctionBackend, ScriptedBackend


def reply(answer: str, why: str = "I worked it out step by step.") -> str:
    return f"{why}\nAnswer: {answer}"


def scripted(*answers: str, **kw) -> ScriptedBackend:
    return ScriptedBackend([reply(a) for a in answers], **kw)


def debaters(*backends, names=("ann", "bob", "cy", "dee")) -> list[Debater]:
    return [Debater(model=b, name=n) for b, n in zip(backends, names)]


def verdict(answer: str, sided_with=(), confidence=0.9) -> dict:
    return {"answer": answer, "rationale": "checked it", "confidence": confidence,
            "sided_with": list(sided_with)}


def all_text(call: dict) -> str:
    return "\n".join(m.content for m in call["messages"])


def test_consensus_in_round_zero_stops_early():
    a, b, c = scripted("42"), scripted("42"), scripted("42.0")
    judge = ScriptedBackend([verdict("42")])
    result = Debate(debaters(a, b, c), rounds=3, judge=judge).run("What is 6*7?")
    assert result.stop_reason == "consensus"
    assert result.rounds == [{"ann": "42", "bob": "42", "cy": "42.0"}]
    assert result.answer == "42" and result.method == "judge"
    assert result.vote_answer == "42" and result.vote_count == 3
    assert result.judge_agrees_with_vote is True
    for backend in (a, b, c, judge):
        backend.assert_done()  # nobody was asked for a second round


def test_disagreement_then_convergence():
    a, b, c = scripted("40", "42"), scripted("42", "42"), scripted("41", "42")
    result = Debate(debaters(a, b, c), rounds=3, aggregate="vote").run("What is 6*7?")
    assert [len(r) for r in result.rounds] == [3, 3]
    assert result.rounds[1] == {"ann": "42", "bob": "42", "cy": "42"}
    assert result.stop_reason == "consensus" and result.answer == "42" and result.method == "vote"
    # round 1: ann sees the others' answers, and her own first answer is in her conversation
    second = a.calls[1]
    text = all_text(second)
    assert "answered: 42" in text and "answered: 41" in text and "answered: 40" not in text.split("Answer: 40")[-1]
    assert any(m.role == "assistant" and "Answer: 40" in m.content for m in second["messages"])
    rounds = [e for e in result.trace if isinstance(e, RoundFinished)]
    assert [e.consensus for e in rounds] == [False, True]


def test_no_consensus_runs_all_rounds_and_votes():
    a, b, c = scripted("1", "1"), scripted("2", "1"), scripted("3", "2")
    result = Debate(debaters(a, b, c), rounds=2, aggregate="vote").run("q?")
    assert result.stop_reason == "rounds" and len(result.rounds) == 2
    assert result.answer == "1" and result.vote_count == 2 and result.verdict is None


def judge_siding_with(answer: str):
    """A judge that finds the letter of the answer it wants in its prompt and sides with it."""
    def fn(messages, options):
        prompt = messages[-1].content
        letters = re.findall(rf"Answer ([A-Z]): {answer}\b", prompt)
        return verdict(answer, letters)
    return FunctionBackend(fn)


def test_judge_overrides_the_majority_and_both_are_recorded():
    a, b, c = scripted("5"), scripted("5"), scripted("6", "Careful: 2*3 is 6.")
    judge = judge_siding_with("6")
    result = Debate(debaters(a, b, c), rounds=1, judge=judge).run("What is 2*3?")
    assert result.answer == "6" and result.method == "judge"
    assert result.vote_answer == "5" and result.judge_agrees_with_vote is False
    assert result.verdict.sided_with == ["cy"]
    assert result.judge_usage.calls == 1 and result.usage.calls == 4  # the judge's cost is counted
    verdicts = [e for e in result.trace if isinstance(e, VerdictGiven)]
    assert [(v.source, v.answer, v.vote_answer) for v in verdicts] == [("judge", "6", "5"), ("debate", "6", "5")]


def test_vote_aggregation_still_records_the_judge():
    a, b, c = scripted("5"), scripted("5"), scripted("6")
    result = Debate(debaters(a, b, c), rounds=1, judge=judge_siding_with("6"), aggregate="vote").run("q")
    assert result.answer == "5" and result.method == "vote"
    assert result.verdict.answer == "6" and result.judge_agrees_with_vote is False


def test_a_failing_debater_is_dropped_for_the_round_and_the_debate_goes_on():
    a = scripted("7", "7")
    b = ScriptedBackend([reply("9"), BackendError("connection refused")])
    c = scripted("8", "7")
    result = Debate(debaters(a, b, c), rounds=2, aggregate="vote").run("q")
    assert result.rounds[0] == {"ann": "7", "bob": "9", "cy": "8"}
    assert result.rounds[1] == {"ann": "7", "cy": "7"}
    failed = [e for e in result.trace if isinstance(e, DebateTurn) and not e.ok]
    assert [(e.round, e.debater) for e in failed] == [(1, "bob")]
    assert "connection refused" in failed[0].error
    assert result.answer == "7" and result.stop_reason == "rounds"  # bob's last answer (9) still votes
    assert result.vote_count == 2


def test_every_debater_failing_gives_no_answer_without_raising():
    boom = [ScriptedBackend([BackendError("down")]) for _ in range(3)]
    result = Debate(debaters(*boom), rounds=2, judge=ScriptedBackend([])).run("q")
    assert result.answer == "" and result.method == "none" and result.stop_reason == "no_answers"
    assert not result.complete


@pytest.mark.parametrize("failure", [BackendError("judge is down"), "this is not JSON"])
def test_a_failing_judge_falls_back_to_the_vote(failure):
    a, b, c = scripted("5"), scripted("5"), scripted("6")
    result = Debate(debaters(a, b, c), rounds=1, judge=ScriptedBackend([failure])).run("q")
    assert result.answer == "5" and result.method == "vote (judge failed)"
    assert result.verdict is None and result.judge_agrees_with_vote is None
    assert any("judge failed" in n for n in result.notes)
    # the debaters' turns are all still in the trace
    assert len([e for e in result.trace if isinstance(e, DebateTurn)]) == 3


def test_token_budget_stops_the_debate_and_aggregates_what_exists():
    long = "Let me think. " * 40
    a = ScriptedBackend([reply("1", long)] * 3)
    b = ScriptedBackend([reply("2", long)] * 3)
    judge = ScriptedBackend([verdict("1")])
    result = Debate(debaters(a, b), rounds=3, judge=judge, token_budget=200).run("q")
    assert len(a.calls) == 1 and len(b.calls) == 1  # round 0 spent the budget
    assert result.stop_reason == "budget" and result.method == "vote (budget)"
    assert result.answer == "1" and judge.calls == []
    assert any("budget" in n for n in result.notes)
    assert any(isinstance(e, LimitReached) and e.limit == "budget" for e in result.trace)


def test_debaters_of_a_round_share_the_budget_and_the_judge_gets_what_is_left():
    a, b = scripted("1"), scripted("1")
    judge = ScriptedBackend([verdict("1")])
    result = Debate(debaters(a, b), rounds=1, judge=judge, token_budget=1000).run("q")
    assert a.calls[0]["max_tokens"] <= 500 and b.calls[0]["max_tokens"] <= 500
    spent = result.usage.total_tokens - result.judge_usage.total_tokens
    assert judge.calls[0]["max_tokens"] <= 1000 - spent


def test_budget_for_one_round_but_not_two():
    a, b = scripted("1", "1", "1"), scripted("2", "2", "2")
    first = Debate(debaters(scripted("1"), scripted("2")), rounds=1, aggregate="vote").run("q")
    per_round = first.usage.total_tokens
    result = Debate(debaters(a, b), rounds=3, aggregate="vote", token_budget=int(per_round * 1.5)).run("q")
    assert len(result.rounds) == 1 and result.stop_reason == "budget"
    assert "another round" in result.notes[0]


def judge_order(seed: int) -> tuple[list[str], str]:
    backs = [scripted(str(i)) for i in range(1, 5)]
    names = ("alice", "bartholomew", "cassandra", "desmond")
    judge = ScriptedBackend([verdict("1")])
    Debate(debaters(*backs, names=names), rounds=1, judge=judge, seed=seed).run("Pick a number")
    prompt = all_text(judge.calls[0])
    return re.findall(r"Answer [A-Z]: (\d)", prompt), prompt


def test_judge_sees_anonymised_answers_in_a_seeded_shuffled_order():
    orders = {}
    for seed in range(6):
        order, prompt = judge_order(seed)
        assert sorted(order) == ["1", "2", "3", "4"]
        for name in ("alice", "bartholomew", "cassandra", "desmond"):
            assert name not in prompt
        orders[seed] = order
    assert judge_order(3)[0] == orders[3]  # the same seed shows the same order
    assert len({tuple(o) for o in orders.values()}) > 1  # different seeds shuffle differently
    assert any(o != ["1", "2", "3", "4"] for o in orders.values())


def test_judge_labels_map_back_to_names():
    backs = [scripted("5"), scripted("6"), scripted("6")]
    result = Debate(debaters(*backs), rounds=1, judge=judge_siding_with("6"), seed=4).run("q")
    assert sorted(result.verdict.sided_with) == ["bob", "cy"]
    assert sorted(result.verdict.labels.values()) == ["ann", "bob", "cy"]


def test_others_answers_are_shortened_to_fit_a_small_context():
    long = "word " * 2000
    small = ScriptedBackend([reply("1"), reply("1")], context_size=1200)
    others = [ScriptedBackend([reply("2", long)] * 2) for _ in range(2)]
    Debate(debaters(small, *others), rounds=2, aggregate="vote", max_tokens=256).run("q")
    sent = sum(small.count_tokens(m.content) for m in small.calls[1]["messages"])
    assert sent + 256 <= 1200
    assert "[...]" in all_text(small.calls[1])


def test_transcript_replay_equals_the_run(tmp_path):
    a, b, c = scripted("5", "6"), scripted("6", "6"), scripted("7", "6")
    path = tmp_path / "run.jsonl"
    with TranscriptWriter(path) as writer:
        result = Debate(debaters(a, b, c), rounds=3, judge=judge_siding_with("6")).run("q", on_event=writer)
    events = read_transcript(path)
    assert [e.type for e in events] == [e.type for e in result.trace]
    replayed = result_from_events(events)
    assert replayed.model_dump() == result.model_dump()
    assert replayed.answer == "6" and replayed.stop_reason == "consensus"


def test_debate_of_n_with_personas_on_one_model():
    seen = []

    def fn(messages, options):
        seen.append(messages[0].content)
        return reply("3")

    backend = FunctionBackend(fn)
    result = Debate(3, model=backend, personas=["skeptic", "calculator", "skeptic"], rounds=2,
                    aggregate="vote").run("1+2?")
    names = [d["name"] for d in result.trace[0].config["debaters"]]
    assert names == ["skeptic", "calculator", "skeptic-2"]
    assert any("skeptic" in s for s in seen) and any("calculator" in s for s in seen)
    assert result.answer == "3" and result.stop_reason == "consensus"


def test_unknown_persona_or_bad_options_fail_before_any_call():
    backend = ScriptedBackend([])
    with pytest.raises(ConfigError, match="unknown persona 'pirate'.*skeptic"):
        Debate(2, model=backend, personas=["pirate"])
    with pytest.raises(ConfigError):
        Debate(2, model=backend, aggregate="dice")
    with pytest.raises(ConfigError):
        Debate(2, model=backend, rounds=0)
    assert backend.calls == []


def test_the_judge_must_pick_one_of_the_debaters_answers_unless_free():
    backs = lambda: [scripted("5"), scripted("6"), scripted("6")]
    inventing = ScriptedBackend([verdict("11")])
    result = Debate(debaters(*backs()), rounds=1, judge=inventing).run("q")
    schema = inventing.calls[0]["output_schema"]
    assert schema["properties"]["answer"] == {"enum": ["5", "6"]}
    assert result.method == "vote (judge failed)" and result.answer == "6"
    free = ScriptedBackend([verdict("11")])
    result = Debate(debaters(*backs()), rounds=1, judge=free, judge_free_answer=True).run("q")
    assert result.answer == "11" and result.method == "judge" and result.judge_agrees_with_vote is False


def test_debaters_keep_their_own_conversation_verbatim():
    """Round r+1 starts with exactly the messages of round r plus the model's reply, so a
    local model's saved KV prefix covers the whole earlier conversation."""
    a, b = scripted("1", "1", "1"), scripted("2", "2", "2")
    Debate(debaters(a, b), rounds=3, aggregate="vote").run("q")
    for backend, answer in ((a, "1"), (b, "2")):
        first, second, third = (c["messages"] for c in backend.calls)
        assert second[: len(first)] == first and third[: len(second)] == second
        assert second[len(first)].role == "assistant" and second[len(first)].content == reply(answer)


def test_without_a_named_judge_the_first_debaters_model_judges():
    a = ScriptedBackend([reply("5"), verdict("6")])
    b, c = scripted("6"), scripted("6")
    result = Debate(debaters(a, b, c), rounds=1).run("q")
    assert result.method == "judge" and result.answer == "6"
    assert "output_schema" in a.calls[1] and a.calls[1]["output_schema"] is not None


def test_a_configuration_error_stops_the_debate_with_its_events_kept():
    seen = []
    bad = [Debater(model=scripted("1"), name="ann", tools=["no-such-tool"]), Debater(model=scripted("1"), name="bob")]
    with pytest.raises(ConfigError, match="no-such-tool"):
        Debate(bad, rounds=1, aggregate="vote").run("q", on_event=seen.append)
    assert seen and seen[0].type == "run_started"


def test_mixed_model_specs_per_debater_and_judge():
    mixed = [Debater(model="fake:1"), Debater(model="fake:2", persona="skeptic"), Debater(model="fake:2")]
    result = Debate(mixed, rounds=2, judge="fake:2", aggregate="vote").run("q")
    config = result.trace[0].config
    assert [d["model"] for d in config["debaters"]] == ["fake:1", "fake:2", "fake:2"]
    assert [d["name"] for d in config["debaters"]] == ["debater-1", "skeptic", "debater-3"]
    assert config["judge"] == "fake:2"
    assert result.vote_answer == "2" and result.vote_count == 2 and len(result.rounds) == 2
    # the echo judge picks the first choice offered ("1"): recorded, but the vote answers
    assert result.verdict.answer == "1" and result.judge_agrees_with_vote is False


def test_judge_choices_are_grammar_safe_or_absent():
    from agora.debate.judge import Entry, distinct_answers, reply_schema

    quoted = [Entry("a", 'She said "12 dollars".'), Entry("b", "12"), Entry("c", "Paris, France!")]
    assert distinct_answers(quoted) == ["12", "paris france"]
    rambling = [Entry("a", "1"), Entry("b", "word " * 30)]
    assert distinct_answers(rambling) is None
    assert reply_schema(["A", "B"], None)["properties"]["answer"] == {"type": "string", "maxLength": 80}
