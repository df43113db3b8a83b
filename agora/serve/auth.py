"""Who may bind where, and the bearer check.

A server on a non-loopback address without a key would hand anyone on the network a
model and the tools of its profiles, so :func:`check_bind` refuses it. The key is compared
with :func:`hmac.compare_digest`, whose time does not depend on where the strings differ.
"""

from __future__ import annotations

import hmac
import ipaddress

from agora.errors import ConfigError
from agora.serve.errors import unauthorized


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere


def check_bind(host: str, api_key: str | None) -> None:
    if not is_loopback(host) and not api_key:
        raise ConfigError(f"refusing to serve on {host} without an API key: pass --api-key KEY "
                          "(or AGORA_API_KEY), or bind to 127.0.0.1")


def check_bearer(header: str | None, api_key: str | None) -> None:
    """Raise a 401 APIError unless ``header`` is ``Bearer <api_key>`` (no key: open)."""
    if not api_key:
        return
    scheme, _, given = (header or "").partition(" ")
    ok = hmac.compare_digest(given.strip().encode(), api_key.encode())
    if scheme.lower() != "bearer" or not ok:
        raise unauthorized()
