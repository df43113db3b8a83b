"""Profiles: built-ins, agora.toml tables, and one way to run each kind."""

import pytest

from agora.errors import ConfigError
from agora.messages import Message
from agora.profiles import load_profiles, run_profile
from agora.testing import EchoBackend, ScriptedBackend


def test_builtins_and_table_entries():
    profiles = load_profiles({"debate-2": {"debate": 2, "model": "fake:7", "rounds": 1}}, model="fake:7")
    assert {"agora", "agora-agent", "agora-debate", "debate-2"} <= set(profiles)
    assert profiles["agora"].kind == "model" and profiles["agora-agent"].kind == "agent"
    assert profiles["debate-2"].kind == "debate" and profiles["agora"].model == "fake:7"


def test_bad_entries_are_one_clear_error():
    with pytest.raises(ConfigError, match="profile x: debate"):
        load_profiles({"x": {"debate": 0}})
    with pytest.raises(ConfigError, match="profile y: unknown"):
        load_profiles({"y": {"unknown": 1}})


def test_model_profile_answers_the_last_user_message_with_the_conversation():
    backend = ScriptedBackend(["Paris"])
    profile = load_profiles()["agora"]
    answer = run_profile(profile, [Message.system("Be brief."), Message.user("Capital of France?"),
                                   Message.assistant("Paris."), Message.user("And again?")],
                         load=lambda spec: backend)
    assert answer.answer == "Paris" and answer.complete
    sent = backend.calls[0]["messages"]
    assert any(m.content == "Capital of France?" for m in sent) and sent[-1].content.startswith("And again?")


def test_debate_profile_runs_a_debate():
    profile = load_profiles({"d": {"debate": 2, "rounds": 1}})["d"]
    answer = run_profile(profile, "What is 2+2?", load=lambda spec: EchoBackend("4"))
    assert answer.answer == "4" and answer.stop_reason == "consensus"


def test_empty_or_non_user_last_message_is_refused():
    with pytest.raises(ConfigError):
        run_profile(load_profiles()["agora"], [Message.assistant("hi")], load=lambda s: ScriptedBackend([]))


def test_debate_profiles_carry_consensus_topology_and_judge_swap():
    table = {"d": {"debate": 3, "rounds": 2, "consensus": 0.6, "topology": "star", "judge_swap": True,
                   "aggregate": "vote", "revise": "dissent", "peer_tokens": 32}}
    profile = load_profiles(table)["d"]
    assert (profile.consensus, profile.topology, profile.judge_swap) == (0.6, "star", True)
    answers = iter(["4", "4", "5"])  # round 0: 2 of 3 agree, enough at 0.6: no second round

    def reply(messages, options):
        if options.get("output_schema"):  # the judge's verdict (read twice: swapped)
            return {"answer": "4", "rationale": "checked", "confidence": 0.9, "sided_with": []}
        return f"Answer: {next(answers)}"

    from agora.testing import FunctionBackend

    backend = FunctionBackend(reply)
    answer = run_profile(profile, "What is 2+2?", load=lambda spec: backend)
    result = answer.result
    assert answer.answer == "4" and answer.stop_reason == "consensus" and len(result.rounds) == 1
    assert result.topology == "star" and result.judge_consistent is True
    started = next(e for e in result.trace if e.type == "run_started")
    assert started.config["sees"] == {"calculator": ["skeptic", "expert"], "skeptic": ["calculator"],
                                      "expert": ["calculator"]}
    assert (started.config["revise"], started.config["peer_tokens"]) == ("dissent", 32)


@pytest.mark.parametrize("raw, message", [
    ({"debate": 3, "consensus": 0}, "profile x: consensus: Input should be greater than 0"),
    ({"debate": 3, "consensus": 1.5}, "profile x: consensus: Input should be less than or equal to 1"),
    ({"debate": 2, "topology": "ring"}, "profile x: settings: a ring needs at least 3 debaters (got 2)"),
    ({"debate": 3, "topology": "mesh"}, "profile x: topology: Input should be 'all', 'ring' or 'star'"),
    ({"debate": 3, "judge_swap": "maybe"}, "profile x: judge_swap: Input should be a valid boolean"),
    ({"debate": 3, "revise": "some"}, "profile x: revise: Input should be 'all' or 'dissent'"),
])
def test_bad_debate_settings_in_a_profile_are_one_line(raw, message):
    with pytest.raises(ConfigError) as err:
        load_profiles({"x": raw})
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_a_debate_profiles_tools_reach_every_debater():
    profile = load_profiles({"d": {"debate": 2, "rounds": 1, "tools": ["calculator"], "personas": ["skeptic"],
                                   "aggregate": "vote"}})["d"]
    answer = run_profile(profile, "What is 2+2?", load=lambda spec: EchoBackend("4"))
    started = next(e for e in answer.result.trace if e.type == "run_started")
    assert [d["tools"] for d in started.config["debaters"]] == [["calculator"], ["calculator"]]
    assert [d["persona"] for d in started.config["debaters"]] == ["skeptic", "skeptic"]
