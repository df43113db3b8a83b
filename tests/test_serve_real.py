"""One real request through `agora serve`: SmolLM2 (local, one run at a time) streamed to the
openai client, its chain of thought as reasoning deltas and its answer as content."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
openai = pytest.importorskip("openai")

from serve_helpers import ServerThread, httpx, make_config  # noqa: E402


@pytest.mark.real
def test_smollm2_streams_through_the_server(tmp_path, smollm2):
    config = make_config(tmp_path, loader=lambda spec: smollm2,
                         profiles={"small": {"model": "local:smollm2", "max_tokens": 64}})
    with ServerThread(config) as server:
        c = openai.OpenAI(base_url=server.url, api_key="x", max_retries=0, timeout=120)
        reasoning, content, usage, run_id = [], "", None, None
        for ch in c.chat.completions.create(model="small", stream=True, stream_options={"include_usage": True},
                                            seed=1, messages=[{"role": "user", "content": "What is 2 + 3?"}]):
            run_id = ch.id
            usage = ch.usage or usage
            for choice in ch.choices:
                reasoning.append((choice.delta.model_extra or {}).get("reasoning_content") or "")
                content += choice.delta.content or ""
        run = httpx.get(f"{server.url}/agora/runs/{run_id}").json()
    assert sum(1 for r in reasoning if r) >= 5  # generated token by token
    assert content.strip() and usage is not None and usage.completion_tokens > 0
    assert run["status"] == "finished" and run["events"][-1]["answer"] == content
    assert server.app.state.pool.lanes.keys() == {"model:local:smollm2"}  # a lane of its own, width 1
