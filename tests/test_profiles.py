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
