"""``agora mcp`` driven by the MCP SDK's own client: over stdio (list tools, a debate on a
fake profile with progress notifications, limits) and over streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("mcp")

from mcp import Client, StdioServerParameters  # noqa: E402
from mcp_helpers import free_port, start_http, stop  # noqa: E402

from agora.events import RoundFinished, read_transcript  # noqa: E402

AGORA = [sys.executable, "-m", "agora", "mcp"]
TOML = """
[serve.models.split]
debate = 3
rounds = 2
models = ["fake:Paris", "fake:Lyon"]
aggregate = "vote"

[serve.models.plain]
model = "fake:4"
"""


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "agora.toml").write_text(TOML, encoding="utf-8")
    return tmp_path


def stdio(workdir: Path, *extra: str) -> StdioServerParameters:
    return StdioServerParameters(command=AGORA[0], args=[*AGORA[1:], "--transcripts", str(workdir / "tr"), *extra],
                                 cwd=str(workdir))


def test_list_tools_and_debate_with_progress_over_stdio(workdir):
    async def session():
        async with Client(stdio(workdir)) as client:
            listed = {t.name: t for t in (await client.list_tools()).tools}
            progress = []

            async def on_progress(done, total, message):
                progress.append((done, total, message))

            result = await client.call_tool("debate", {"question": "Capital of France?", "profile": "split",
                                                       "debaters": 3, "rounds": 2, "judge": False},
                                            progress_callback=on_progress)
            too_many = await client.call_tool("debate", {"question": "x", "debaters": 50})
            return listed, result, progress, too_many

    listed, result, progress, too_many = asyncio.run(session())
    assert set(listed) == {"ask", "debate"}  # no retrieve without an index
    assert set(listed["debate"].input_schema["properties"]) == {"question", "debaters", "rounds", "judge", "profile"}
    assert not result.is_error, result.content
    verdict = result.structured_content
    # Paris, Lyon, Paris: no consensus, two rounds, the vote decides
    assert verdict["answer"].lower() == "paris" and verdict["method"] == "vote"
    assert verdict["vote_count"] == 2 and verdict["rounds"] == 2
    assert progress == [(1.0, 2.0, "round 1 of 2 finished"), (2.0, 2.0, "round 2 of 2 finished")]
    events = read_transcript(workdir / "tr" / f"{verdict['transcript_id']}.jsonl")
    assert [e.round for e in events if isinstance(e, RoundFinished)] == [0, 1]
    assert too_many.is_error and "debaters must be between 1 and 5" in too_many.content[0].text


def test_ask_and_retrieve_over_streamable_http(workdir):
    docs = workdir / "docs"
    docs.mkdir()
    (docs / "leave.md").write_text("Annual leave is 30 days per year for every employee.\n", encoding="utf-8")
    from agora.cli import main

    assert main(["index", "add", str(docs), "--index", str(workdir / "idx.sqlite"), "--embedder", "hash"]) == 0
    port = free_port()
    proc = start_http([*AGORA, "--port", str(port), "--index", str(workdir / "idx.sqlite")], port, cwd=workdir)
    try:
        async def session():
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                names = {t.name for t in (await client.list_tools()).tools}
                asked = await client.call_tool("ask", {"question": "2+2?", "profile": "plain"})
                found = await client.call_tool("retrieve", {"query": "annual leave days"})
                refused = await client.call_tool("ask", {"question": "x", "tools": ["search"]})
                return names, asked, found, refused

        names, asked, found, refused = asyncio.run(session())
    finally:
        stop(proc)
    assert names == {"ask", "debate", "retrieve"}
    assert asked.structured_content["answer"] == "4" and asked.structured_content["profile"] == "plain"
    assert "30 days" in found.content[0].text and "leave.md#" in found.content[0].text
    assert refused.is_error and "not offered by this server: search" in refused.content[0].text


def test_a_run_past_the_servers_wall_clock_is_an_error_for_the_client(workdir):
    from agora.testing import FakeOpenAIServer

    with FakeOpenAIServer(reply="late", delay=8) as model:
        (workdir / "agora.toml").write_text(f'[serve.models.slow]\nmodel = "openai:fake@{model.url}"\n',
                                            encoding="utf-8")

        async def session():
            async with Client(stdio(workdir, "--max-seconds", "1")) as client:
                return await client.call_tool("ask", {"question": "hi", "profile": "slow"})

        started = time.monotonic()
        result = asyncio.run(session())
        elapsed = time.monotonic() - started
    assert result.is_error and "limit of 1 s" in result.content[0].text
    assert elapsed < 7  # told at the limit (+ grace), not when the 8 s model call ends
