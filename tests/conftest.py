"""Shared fixtures. Tests may only talk to loopback: any other connection fails loudly."""

from __future__ import annotations

import ipaddress
import socket

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _check(address) -> None:
    if isinstance(address, tuple) and address:
        host = address[0]
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            if host == "localhost":
                return
            raise OSError(f"tests may not reach the network (tried {host!r})") from None
        if not ip.is_loopback:
            raise OSError(f"tests may not reach the network (tried {host})")


def _guarded_connect(self, address):
    _check(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    _check(address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch, tmp_path_factory):
    """No test reads the developer's keys, AGORA_* settings or agora.toml files: every test
    runs in an empty working directory with no user config file."""
    import os

    import agora.config

    for name in list(os.environ):
        if name.startswith("AGORA_") or name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("cwd")
    monkeypatch.setattr(agora.config, "user_config_file", lambda: home / "no-user-config" / "agora.toml")
    monkeypatch.chdir(home)


@pytest.fixture(scope="session")
def smollm2():
    """The real bundled SmolLM2-135M-Instruct, loaded once per test session (the process-wide
    shared instance, so code under test that calls shared_backend gets this same one)."""
    from agora.backends import close_shared, shared_backend

    backend = shared_backend("local:smollm2", n_ctx=4096)
    yield backend
    close_shared()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """A real OpenAI-compatible server (llama-cpp-python's, through agora.backends.llama_server
    for AMX-safe loading) serving SmolLM2 on loopback, for chat, streaming, structured output,
    tool calls (the ChatML function-calling format) and embeddings; yields its base URL and
    stops it at the end of the session."""
    import subprocess
    import sys
    import time
    import urllib.request

    from agora.backends.models import find_local_model

    pytest.importorskip("llama_cpp.server", reason="pip install 'agora[server]'")
    model = find_local_model("smollm2")
    if model is None:
        pytest.skip("SmolLM2 is not installed: pip install 'agora[local]'")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path_factory.mktemp("llama_server") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "agora.backends.llama_server", "--model", str(model), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "2048", "--embedding", "True",
             "--chat_format", "chatml-function-calling"],
            stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited ({proc.returncode}): {log.read_text()[-1500:]}")
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server not ready after 90 s: {log.read_text()[-1500:]}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
