"""Batch runs: the concurrency bound, a failing item, resume after a kill (and a torn line)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from agora.batch import finished_ids, profile_answerer, read_items, run_batch
from agora.errors import BackendError, ConfigError
from agora.profiles import load_profiles
from agora.testing import FunctionBackend
from agora.testing.server import FakeOpenAIServer


def write_questions(path, n: int) -> None:
    path.write_text("".join(json.dumps({"id": f"q{i}", "question": f"What is {i}+1?", "expected": str(i + 1)}) + "\n"
                            for i in range(n)))


def rows(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


class Counting:
    """A concurrent fake model that answers i+1 after ``delay`` and counts calls in flight."""

    def __init__(self, delay: float = 0.05, fail_on: str | None = None):
        self.delay, self.fail_on = delay, fail_on
        self.in_flight = self.max_in_flight = 0
        self.lock = threading.Lock()

    def __call__(self, messages, options):
        question = messages[-1].content
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
            if self.fail_on and self.fail_on in question:
                raise BackendError("the model server answered 500")
            n = int(question.split("What is ")[1].split("+")[0])
            return f"Answer: {n + 1}"
        finally:
            with self.lock:
                self.in_flight -= 1


def test_concurrency_bound_is_respected_and_each_result_is_written(tmp_path):
    write_questions(tmp_path / "q.jsonl", 24)
    fake = Counting(delay=0.05)
    backend = FunctionBackend(fake, concurrent=True)
    answer = profile_answerer(load_profiles()["agora"], lambda spec: backend)
    seen_lines = []

    def on_result(row, summary):
        seen_lines.append(len((tmp_path / "r.jsonl").read_text().splitlines()))  # already on disk

    summary = run_batch(read_items(tmp_path / "q.jsonl"), answer, out=tmp_path / "r.jsonl", concurrency=4,
                        on_result=on_result)
    assert summary.done == 24 and summary.failed == 0
    assert fake.max_in_flight == 4
    assert seen_lines == list(range(1, 25))
    out = rows(tmp_path / "r.jsonl")
    assert sorted(r["id"] for r in out) == sorted(f"q{i}" for i in range(24))
    assert all(r["ok"] and r["answer"] == r["expected"] for r in out)


def test_a_failing_item_is_recorded_and_the_rest_go_on(tmp_path):
    write_questions(tmp_path / "q.jsonl", 6)
    backend = FunctionBackend(Counting(delay=0, fail_on="What is 3+"), concurrent=True)
    answer = profile_answerer(load_profiles()["agora"], lambda spec: backend)
    summary = run_batch(read_items(tmp_path / "q.jsonl"), answer, out=tmp_path / "r.jsonl", concurrency=2)
    out = {r["id"]: r for r in rows(tmp_path / "r.jsonl")}
    assert summary.failed == 1 and len(out) == 6
    assert out["q3"]["ok"] is False and "answered 500" in out["q3"]["error"]
    assert all(out[f"q{i}"]["ok"] for i in (0, 1, 2, 4, 5))
    # resuming skips everything; --retry-failed runs the failed one again
    assert run_batch(read_items(tmp_path / "q.jsonl"), answer, out=tmp_path / "r.jsonl").done == 0
    again = run_batch(read_items(tmp_path / "q.jsonl"), answer, out=tmp_path / "r.jsonl", retry_failed=True)
    assert again.done == 1 and again.skipped == 5


def test_a_torn_last_line_is_cut_before_resuming(tmp_path):
    out = tmp_path / "r.jsonl"
    out.write_text(json.dumps({"id": "q0", "ok": True}) + "\n" + '{"id": "q1", "ok": tr')
    assert finished_ids(out) == {"q0"}
    assert out.read_text().endswith("}\n")


def test_bad_input_is_one_clear_error(tmp_path):
    (tmp_path / "q.jsonl").write_text('{"question": "ok"}\n{"nothing": 1}\n')
    with pytest.raises(ConfigError, match=r"q.jsonl:2: needs a \"question\""):
        read_items(tmp_path / "q.jsonl")
    (tmp_path / "d.jsonl").write_text('{"id": 1, "question": "a"}\n{"id": 1, "question": "b"}\n')
    with pytest.raises(ConfigError, match="appears twice"):
        read_items(tmp_path / "d.jsonl")


def test_agora_batch_resumes_after_a_kill(tmp_path):
    write_questions(tmp_path / "q.jsonl", 12)
    out = tmp_path / "r.jsonl"
    with FakeOpenAIServer(reply="Answer: 1", delay=0.25) as fake:
        (tmp_path / "agora.toml").write_text(f'[serve.models.remote]\nmodel = "openai:fake-model@{fake.url}"\n')
        cmd = [sys.executable, "-m", "agora", "batch", "q.jsonl", "--profile", "remote", "--concurrency", "2",
               "--out", "r.jsonl"]
        env = {**os.environ, "OPENAI_API_KEY": "x"}
        proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 3):
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        before = {r["id"] for r in rows(out)}
        assert 3 <= len(before) < 12
        asked = len(fake.requests)
        done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert f"{len(before)} already done" in done.stderr
        assert len(fake.requests) - asked == 12 - len(before)  # only the rest were asked
    ids = [r["id"] for r in rows(out)]
    assert sorted(ids) == sorted(f"q{i}" for i in range(12)) and len(ids) == 12


def test_bench_quality_with_concurrency_uses_the_engine_and_gives_the_same_figures(tmp_path):
    import re as _re

    from agora.bench.quality import run_quality

    question = _re.compile(r"What is the result of ([\d+*-]+)\?")
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def solver(messages, options):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        expr = next(m for m in (question.search(x.content) for x in messages) if m).group(1)
        value = eval(expr)  # noqa: S307 - the benchmark's own generated arithmetic
        return f"Answer: {value if value % 2 == 0 else 'no idea'}"

    runs = {}
    for n in (1, 4):
        backend = FunctionBackend(solver, spec="solver", concurrent=True)
        state["max"] = 0
        runs[n] = run_quality([backend], ["arithmetic"], ["cot"], limit=12, seed=1, out_dir=tmp_path / str(n),
                              chart=False, concurrency=n)
        runs[n]["max_in_flight"] = state["max"]
    assert runs[1]["max_in_flight"] == 1 and runs[4]["max_in_flight"] == 4
    assert runs[4]["rows"][0]["accuracy"] == runs[1]["rows"][0]["accuracy"]
    assert 0 < runs[4]["rows"][0]["accuracy"] < 1
    assert len((tmp_path / "4" / "results.jsonl").read_text().splitlines()) == 12
