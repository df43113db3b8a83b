"""The router: rules first, then a grammar-bound classification call, a fallback when it
fails; the choice is an event; `agora ask --route` with agora.toml profiles."""

from __future__ import annotations

import json

import pytest

from agora.agent.router import Router, Rule, default_rules
from agora.cli import main
from agora.errors import BackendError, ConfigError
from agora.events import RouteChosen
from agora.profiles import load_profiles
from agora.testing.fakes import FunctionBackend, ScriptedBackend


@pytest.fixture
def profiles():
    return load_profiles({"calc": {"description": "an agent with a calculator", "tools": ["calculator"],
                                   "model": "fake:395"},
                          "plain": {"description": "the model alone", "model": "fake:Paris"}})


def test_a_rule_routes_arithmetic_to_the_calculator_without_a_call(profiles):
    classifier = ScriptedBackend([])
    events = []
    router = Router(profiles, rules=default_rules(profiles), classifier=classifier, default="plain")
    choice = router.choose("What is 17 * 23 + 4?", on_event=events.append)
    assert (choice.profile, choice.method) == ("calc", "rule") and classifier.calls == []
    assert [(e.profile, e.method) for e in events if isinstance(e, RouteChosen)] == [("calc", "rule")]


def test_the_classifier_picks_among_the_candidates_under_a_schema(profiles):
    classifier = ScriptedBackend([{"profile": "plain"}])
    router = Router(profiles, classifier=classifier, candidates=["calc", "plain"], default="calc")
    choice = router.choose("What is the capital of France?")
    assert (choice.profile, choice.method) == ("plain", "classifier") and choice.usage.calls == 1
    schema = classifier.calls[0]["output_schema"]
    assert schema["properties"]["profile"] == {"enum": ["calc", "plain"]}
    prompt = classifier.calls[0]["messages"][-1].content
    assert "an agent with a calculator (tools: calculator)" in prompt and "capital of France" in prompt


@pytest.mark.parametrize("failure", [BackendError("down"), "not json", {"profile": "nope"}])
def test_a_failed_classification_falls_back_to_the_default(profiles, failure):
    reply = failure if not isinstance(failure, dict) else (lambda m, o: {"profile": "nope"})
    classifier = ScriptedBackend([reply]) if not isinstance(failure, dict) else FunctionBackend(reply)
    events = []
    choice = Router(profiles, classifier=classifier, candidates=["calc", "plain"], default="plain").choose(
        "Tell me a story", on_event=events.append)
    assert (choice.profile, choice.method) == ("plain", "fallback")
    assert "classification failed" in choice.reason and events[-1].method == "fallback"


def test_the_chosen_profile_answers_and_its_cost_includes_the_classification(profiles):
    classifier = ScriptedBackend([{"profile": "plain"}])
    events = []
    choice, answer = Router(profiles, classifier=classifier, candidates=["calc", "plain"]).run(
        "Capital of France?", on_event=events.append)
    assert answer.answer == "Paris" and answer.profile == "plain"
    assert answer.usage.calls == 2  # the classification call and the answer
    kinds = [e.type for e in events]
    assert kinds.index("route") < kinds.index("run_started")  # chosen first, then answered


def test_unknown_profiles_are_refused(profiles):
    with pytest.raises(ConfigError, match="unknown profile 'nope'"):
        Router(profiles, candidates=["nope"])
    with pytest.raises(ConfigError, match="unknown profile 'gone'"):
        Router(profiles, rules=[Rule(pattern="x", profile="gone")])
    with pytest.raises(ConfigError, match="regular expression"):
        Router(profiles, rules=[Rule(pattern="(", profile="calc")])


def test_cli_route_uses_the_profiles_of_agora_toml(tmp_path, monkeypatch, capsys):
    (tmp_path / "agora.toml").write_text(
        '[serve.models.calc]\ndescription = "calculator agent"\ntools = ["calculator"]\nmodel = "fake:395"\n')
    monkeypatch.chdir(tmp_path)
    code = main(["ask", "What is 17 * 23 + 4?", "--model", "fake:9", "--route", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["profile"] == "calc" and data["route"]["method"] == "rule"
    assert data["answer"] == "395"
    assert main(["ask", "Hello there", "--model", "fake:9", "--route", "agora,calc"]) == 0
    captured = capsys.readouterr()
    assert "route:" in captured.err


@pytest.mark.parametrize("argv, message", [
    (["--route", "nope"], "unknown profile 'nope'"),
    (["--route", "--tot"], "--route chooses the method itself"),
    (["--route", "--tools", "calculator"], "--route lets the chosen profile set --tools"),
])
def test_bad_route_input_is_one_line_and_exit_2(argv, message, capsys):
    assert main(["ask", "q", "--model", "fake", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("table, message", [
    ("debate = 3\nconsensus = 0\n", "profile bad: consensus: Input should be greater than 0"),
    ("debate = 3\nconsensus = 1.5\n", "profile bad: consensus: Input should be less than or equal to 1"),
    ('debate = 2\ntopology = "ring"\n', "profile bad: settings: a ring needs at least 3 debaters"),
])
def test_a_bad_debate_profile_in_agora_toml_is_one_line_and_exit_2(table, message, tmp_path, monkeypatch, capsys):
    (tmp_path / "agora.toml").write_text(f"[serve.models.bad]\n{table}")
    monkeypatch.chdir(tmp_path)
    assert main(["ask", "What is 2 + 2?", "--model", "fake:4", "--route"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
