"""Debaters of one round run at the same time on a backend that allows it, and one at a time,
in order, on a backend that does not (a local model). Checked on the request times a loopback
OpenAI-compatible server records, not on the wall time of the run."""

from __future__ import annotations

from agora.backends import load_backend
from agora.debate.debate import Debate, Debater
from agora.testing.server import FakeOpenAIServer

DELAY = 0.4
PERSONAS = ["calculator", "skeptic", "expert"]


def reply(body: dict) -> str:
    # each persona keeps its own answer, so no consensus ends the debate early
    system = next((m.get("content") or "" for m in body["messages"] if m["role"] == "system"), "")
    return f"Hmm.\nAnswer: {sum(map(ord, system)) % 97}"


def run_debate(concurrent: bool) -> list[float]:
    with FakeOpenAIServer(reply, delay=DELAY) as server:
        backend = load_backend(f"openai:fake@{server.url}", api_key="x", max_retries=0)
        backend.supports_concurrency = concurrent
        result = Debate([Debater(model=backend, persona=p) for p in PERSONAS], rounds=3,
                        aggregate="vote").run("What is 3 + 4 * 5?")
        assert len(result.rounds) == 3 and all(len(r) == 3 for r in result.rounds)
        return list(server.times)


def test_debaters_of_a_round_overlap_on_a_concurrent_backend():
    times = run_debate(concurrent=True)
    assert len(times) == 9
    for r in range(3):
        arrivals = times[3 * r: 3 * r + 3]
        # all three requests of the round arrived while the first was still being served
        assert max(arrivals) - min(arrivals) < DELAY
    for r in range(1, 3):
        # and a round starts only after the previous one is answered
        assert min(times[3 * r: 3 * r + 3]) - max(times[3 * r - 3: 3 * r]) >= DELAY * 0.9


def test_debaters_take_turns_on_a_one_at_a_time_backend():
    times = run_debate(concurrent=False)
    assert len(times) == 9
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= DELAY * 0.9  # never two requests in flight at once


def test_mixed_api_and_local_debaters_in_one_debate():
    """Two debaters on an API server overlap; one on a one-at-a-time backend (like a local
    model) plays beside them; the judge is a third model. Every answer reaches the verdict."""
    from agora.testing.fakes import ScriptedBackend

    local = ScriptedBackend(["Hmm.\nAnswer: 23", "Still.\nAnswer: 23"])
    assert local.supports_concurrency is False
    judge = ScriptedBackend([{"answer": "23", "rationale": "checked", "confidence": 0.8, "sided_with": []}])
    with FakeOpenAIServer(reply, delay=DELAY) as server:
        api = load_backend(f"openai:fake@{server.url}", api_key="x", max_retries=0)
        result = Debate([Debater(model=api, persona="calculator"), Debater(model=api, persona="skeptic"),
                         Debater(model=local, name="local")], rounds=2, judge=judge).run("What is 3 + 4 * 5?")
        times = list(server.times)
    assert [set(r) for r in result.rounds] == [{"calculator", "skeptic", "local"}] * 2
    assert result.rounds[0]["local"] == "23" and result.verdict is not None and result.answer == "23"
    assert len(times) == 4 and times[1] - times[0] < DELAY and times[3] - times[2] < DELAY  # API pairs overlap
    local.assert_done()
    judge.assert_done()
