"""`agora serve` through the real `openai` client: chat, streaming, a debate profile, the
run endpoints, errors in OpenAI's shape, auth, overload, and a disconnect that cancels."""

from __future__ import annotations

import json
import threading
import time

import pytest

openai = pytest.importorskip("openai")
pytest.importorskip("fastapi")

from agora.serve import Limits  # noqa: E402

from serve_helpers import Loader, ServerThread, SlowBackend, httpx, make_config  # noqa: E402


def client(server, key: str = "none", **kw) -> "openai.OpenAI":
    return openai.OpenAI(base_url=server.url, api_key=key, max_retries=0, timeout=20, **kw)


def assert_openai_error(resp, status: int) -> dict:
    assert resp.status_code == status, resp.text
    assert "Traceback" not in resp.text
    err = resp.json()["error"]
    assert isinstance(err["message"], str) and err["message"] and "type" in err and "code" in err
    return err


@pytest.fixture
def slow():
    return SlowBackend("slow", tokens=200, delay=0.02)


@pytest.fixture
def server(tmp_path, slow):
    loader = Loader(slow=slow, dies=SlowBackend("dies", tokens=20, delay=0.01, fail_after=3),
                    **{"local-slow": SlowBackend("local-slow", tokens=5, delay=0.05, concurrent=False)})
    config = make_config(tmp_path, loader=loader, limits=Limits(max_body_bytes=20_000, max_messages=10))
    with ServerThread(config) as s:
        s.loader = loader
        yield s


def test_models_lists_the_profiles(server):
    ids = [m.id for m in client(server).models.list().data]
    assert {"agora", "agora-agent", "agora-debate", "echo", "debate"} <= set(ids)


def test_chat_answers_with_the_profile_and_saves_the_transcript(server):
    c = client(server)
    out = c.chat.completions.create(model="echo", messages=[
        {"role": "system", "content": "Be brief."}, {"role": "user", "content": "Capital of France?"}])
    assert out.choices[0].message.content == "Paris"
    assert out.choices[0].finish_reason == "stop" and out.usage.total_tokens > 0
    run = httpx.get(f"{server.url}/agora/runs/{out.id}").json()
    kinds = [e["type"] for e in run["events"]]
    assert run["status"] == "finished" and kinds[0] == "run_started" and kinds[-1] == "run_finished"
    assert run["events"][-1]["answer"] == "Paris"


def test_streaming_sends_reasoning_then_content_then_usage(server):
    stream = client(server).chat.completions.create(
        model="slow", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "think, then answer"}])
    reasoning, content, usage, finish = [], [], None, None
    for ch in stream:
        if ch.usage is not None:
            usage = ch.usage
        for choice in ch.choices:
            extra = getattr(choice.delta, "reasoning_content", None) or (choice.delta.model_extra or {}).get("reasoning_content")
            if extra:
                reasoning.append(extra)
            if choice.delta.content:
                content.append(choice.delta.content)
            finish = choice.finish_reason or finish
    assert len(reasoning) >= 100 and "thinking" in "".join(reasoning)  # tokens streamed one by one
    assert "".join(content) == "7" and finish == "stop"
    assert usage is not None and usage.completion_tokens == 202


def test_debate_profile_streams_each_debater_and_the_verdict(server):
    stream = client(server).chat.completions.create(model="debate", stream=True,
                                                    messages=[{"role": "user", "content": "What is 2+2?"}])
    reasoning, content = "", ""
    for ch in stream:
        for choice in ch.choices:
            reasoning += (choice.delta.model_extra or {}).get("reasoning_content") or ""
            content += choice.delta.content or ""
    assert content == "4"
    for name in ("calculator", "skeptic", "expert"):
        assert f"Round 1, {name}: 4" in reasoning
    assert "Verdict (judge): 4" in reasoning and "majority vote: 4" in reasoning


def test_agent_profile_shows_its_tool_calls_as_reasoning(tmp_path):
    from agora.testing import ScriptedBackend

    model = ScriptedBackend([{"thought": "add them", "tool": "calculator", "arguments": {"expression": "2+3"}},
                             {"thought": "done", "answer": "5"}])
    config = make_config(tmp_path, loader=Loader(scripted=model), profiles={"calc": {"model": "scripted",
                                                                                   "tools": ["calculator"]}})
    with ServerThread(config) as server:
        out = client(server).chat.completions.create(model="calc", messages=[{"role": "user", "content": "2+3?"}])
    message = out.choices[0].message
    reasoning = (message.model_extra or {}).get("reasoning_content", "")
    assert message.content == "5"
    assert 'add them\n→ calculator({"expression": "2+3"})\n← calculator: 5' in reasoning
    model.assert_done()


def test_run_events_stream_live_typed_events(server):
    c = client(server)
    seen: list[str] = []
    with c.chat.completions.with_streaming_response.create(
            model="debate", stream=True, messages=[{"role": "user", "content": "2+2?"}]) as resp:
        run_id = resp.headers["x-agora-run-id"]
        with httpx.stream("GET", f"{server.url}/agora/runs/{run_id}/events", timeout=20) as events:
            body = resp.read()  # the chat stream runs to its end meanwhile
            for line in events.iter_lines():
                if line.startswith("event: "):
                    seen.append(line[7:])
    assert b"[DONE]" in body
    assert seen[0] == "run_started" and seen[-1] == "end"
    assert seen.count("debate_turn") == 3 and "verdict" in seen and "round_finished" in seen


def test_bad_requests_get_openai_errors_and_the_server_stays_up(server):
    url = f"{server.url}/chat/completions"
    assert_openai_error(httpx.post(url, content=b"{not json", headers={"content-type": "application/json"}), 400)
    err = assert_openai_error(httpx.post(url, json={"model": "echo", "messages": [{"role": "user", "content": "x"}],
                                                    "bogus": 1}), 400)
    assert "bogus" in err["message"]
    assert_openai_error(httpx.post(url, json={"model": "echo", "messages": []}), 400)
    assert_openai_error(httpx.post(url, json={"model": "echo", "messages": [{"role": "assistant", "content": "x"}]}), 400)
    err = assert_openai_error(httpx.post(url, json={"model": "nope", "messages": [{"role": "user", "content": "x"}]}), 404)
    assert err["code"] == "model_not_found"
    huge = {"model": "echo", "messages": [{"role": "user", "content": "x" * 50_000}]}
    assert_openai_error(httpx.post(url, json=huge), 413)
    many = {"model": "echo", "messages": [{"role": "user", "content": "x"}] * 11}
    assert_openai_error(httpx.post(url, json=many), 413)
    assert_openai_error(httpx.get(f"{server.url}/agora/runs/chatcmpl-{'0' * 32}"), 404)
    assert_openai_error(httpx.get(f"{server.url}/agora/runs/..%2F..%2Fetc"), 404)
    assert_openai_error(httpx.get(url), 405)
    assert_openai_error(httpx.get(f"{server.url}/nowhere"), 404)
    # the openai client maps them to its exceptions
    with pytest.raises(openai.NotFoundError):
        client(server).chat.completions.create(model="nope", messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.BadRequestError):
        client(server).chat.completions.create(model="echo", messages=[])
    assert client(server).chat.completions.create(
        model="echo", messages=[{"role": "user", "content": "still up?"}]).choices[0].message.content == "Paris"


def test_a_backend_that_dies_is_a_500_and_its_transcript_is_kept(server):
    resp = httpx.post(f"{server.url}/chat/completions",
                      json={"model": "dies", "messages": [{"role": "user", "content": "x"}]})
    err = assert_openai_error(resp, 500)
    assert "connection to the model was lost" in err["message"]
    run_id = resp.headers["x-agora-run-id"]
    events = httpx.get(f"{server.url}/agora/runs/{run_id}").json()["events"]
    assert any(e["type"] == "notice" and e["level"] == "error" for e in events)
    # mid-stream: the error arrives in the stream, and the client raises it
    with pytest.raises(openai.APIError, match="connection to the model was lost"):
        for _ in client(server).chat.completions.create(model="dies", stream=True,
                                                         messages=[{"role": "user", "content": "x"}]):
            pass
    assert client(server).chat.completions.create(
        model="echo", messages=[{"role": "user", "content": "x"}]).choices[0].message.content == "Paris"


def test_a_client_that_disconnects_cancels_its_run(server, slow):
    c = client(server)
    with c.chat.completions.with_streaming_response.create(
            model="slow", stream=True, messages=[{"role": "user", "content": "x"}]) as resp:
        run_id = resp.headers["x-agora-run-id"]
        lines = resp.iter_lines()
        for _ in range(5):
            next(lines)
    # the response is closed here, long before the 200 tokens (4 s) are produced
    deadline = time.monotonic() + 5
    while slow.abandoned == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert slow.abandoned == 1 and slow.produced < 150
    run = httpx.get(f"{server.url}/agora/runs/{run_id}").json()
    assert run["status"] == "cancelled"
    assert run["events"][-1]["type"] == "run_finished" and run["events"][-1]["stop_reason"] == "cancelled"
    from agora.cli import main  # the saved transcript replays like any other

    assert main(["replay", str(server.app.state.store.folder / f"{run_id}.jsonl")]) == 0


def test_a_non_streaming_client_that_disconnects_cancels_too(server, slow):
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{server.url}/chat/completions", timeout=0.5,
                   json={"model": "slow", "messages": [{"role": "user", "content": "x"}]})
    deadline = time.monotonic() + 5
    while slow.abandoned == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert slow.abandoned == 1 and slow.produced < 150


def test_a_local_model_serves_one_run_at_a_time(server):
    results = []

    def one():
        out = client(server).chat.completions.create(model="local", messages=[{"role": "user", "content": "x"}])
        results.append(out.choices[0].message.content)

    threads = [threading.Thread(target=one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["7", "7", "7"]
    assert server.loader.named["local-slow"].max_in_flight == 1


def test_overload_is_429_with_retry_after(tmp_path):
    slow = SlowBackend("slow", tokens=40, delay=0.02)
    with ServerThread(make_config(tmp_path, loader=Loader(slow=slow), max_runs=2, max_queue=1)) as server:
        results: list = []

        def one():
            try:
                client(server).chat.completions.create(model="slow", messages=[{"role": "user", "content": "x"}])
                results.append("ok")
            except openai.RateLimitError as err:
                results.append(err.response.headers.get("retry-after"))

        threads = [threading.Thread(target=one) for _ in range(5)]
        for t in threads:
            t.start()
            time.sleep(0.05)
        for t in threads:
            t.join()
        refused = [r for r in results if r != "ok"]
        assert results.count("ok") == 3 and len(refused) == 2  # 2 running + 1 queued
        assert all(r is not None and int(r) >= 1 for r in refused)
        assert slow.max_in_flight == 2


def test_auth_needs_the_right_bearer_key(tmp_path):
    with ServerThread(make_config(tmp_path, api_key="s3cret")) as server:
        assert client(server, "s3cret").chat.completions.create(
            model="echo", messages=[{"role": "user", "content": "x"}]).choices[0].message.content == "Paris"
        with pytest.raises(openai.AuthenticationError):
            client(server, "wrong").models.list()
        assert_openai_error(httpx.get(f"{server.url}/models"), 401)
        assert_openai_error(httpx.get(f"{server.url}/models", headers={"authorization": "Basic s3cret"}), 401)
        assert httpx.get(server.base + "/").status_code == 200  # the page itself holds no data


def test_the_python_tool_runs_strict_under_serve():
    from agora.profiles import load_profiles
    from agora.serve.runner import serving_profile

    lax = load_profiles({"py": {"tools": ["python"], "strict_sandbox": False}})["py"]
    assert serving_profile(lax).strict_sandbox is True and lax.strict_sandbox is False


def test_a_run_past_its_wall_clock_limit_is_stopped(tmp_path):
    slow = SlowBackend("slow", tokens=400, delay=0.02)  # one model call of 8 s
    config = make_config(tmp_path, loader=Loader(slow=slow), limits=Limits(max_seconds=0.5))
    with ServerThread(config) as server:
        started = time.monotonic()
        resp = httpx.post(f"{server.url}/chat/completions", timeout=20,
                          json={"model": "slow", "messages": [{"role": "user", "content": "x"}]})
        took = time.monotonic() - started
    err = assert_openai_error(resp, 500)
    assert "wall-clock limit of 0.5 s" in err["message"]
    assert took < 4 and slow.abandoned == 1


def test_a_client_that_leaves_the_queue_frees_its_place(tmp_path):
    slow = SlowBackend("slow", tokens=100, delay=0.02)
    with ServerThread(make_config(tmp_path, loader=Loader(slow=slow), max_runs=1, max_queue=1)) as server:
        first = threading.Thread(target=lambda: client(server).chat.completions.create(
            model="slow", messages=[{"role": "user", "content": "x"}]))
        first.start()
        time.sleep(0.3)
        with pytest.raises(httpx.ReadTimeout):  # queued behind the first, then gone
            httpx.post(f"{server.url}/chat/completions", timeout=0.3,
                       json={"model": "echo", "messages": [{"role": "user", "content": "x"}]})
        time.sleep(0.3)
        pool = server.app.state.pool
        assert pool.queued == 0 and pool.running == 1
        first.join()
        assert client(server).chat.completions.create(
            model="slow", messages=[{"role": "user", "content": "x"}]).choices[0].message.content == "7"
        assert pool.queued == 0 and pool.running == 0


def test_a_quiet_stream_is_kept_alive_with_comments(server, monkeypatch):
    import agora.serve.chunks as chunks

    monkeypatch.setattr(chunks, "PING_SECONDS", 0.01)  # the slow model's 20 ms between tokens is "quiet"
    with httpx.stream("POST", f"{server.url}/chat/completions", timeout=20, json={
            "model": "slow", "stream": True, "messages": [{"role": "user", "content": "x"}]}) as resp:
        lines = list(resp.iter_lines())
    lines = [line for line in lines if line]
    assert ": keep-alive" in lines and lines[-1] == "data: [DONE]"
    contents = [json.loads(line[6:]) for line in lines if line.startswith("data: {")]
    assert "".join(c["choices"][0]["delta"].get("content") or "" for c in contents if c["choices"]) == "7"
