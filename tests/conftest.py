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
            raise OSError(f"tests may not reach the network (tried {host!r})")
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
    # no test reads the developer's real keys or config
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("AGORA_MODEL", raising=False)


@pytest.fixture(scope="session")
def smollm2():
    """The real bundled SmolLM2-135M-Instruct, loaded once per test session."""
    from agora.backends import load_backend

    backend = load_backend("local:smollm2", n_ctx=4096)
    yield backend
    backend.close()
