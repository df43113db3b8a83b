"""The ``search`` and ``fetch`` tools: web search through ddgs, and a page's main text.

Everything a web page or a search engine says is untrusted data: the agent loop fences each
observation as data (tools.core.fence) and only the model's own tool calls ever run tools;
here the text is also cut to a budget. Without network the tools fail at once (``ok=False``,
"web search unavailable: ...") so the agent knows and can go on without them.

The engine is injectable, so tests (and other providers) need no network:

    class Engine:
        def text(self, query: str, max_results: int) -> list[dict]: ...   # title, url, snippet
        def fetch(self, url: str, max_bytes: int) -> tuple[str, str]: ...  # (content type, body)

``text`` raises :class:`RateLimited` when asked to slow down (retried with backoff, bounded)
and any other exception when the search cannot be done.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path
from typing import Any, Protocol

from agora.errors import ToolError
from agora.text import html_to_text, one_line
from agora.tools.core import Tool, make_tool

CACHE_TTL = 24 * 3600.0
UNAVAILABLE = "web search unavailable"


class RateLimited(Exception):
    """The engine was asked to slow down; the call is worth retrying later."""


class Engine(Protocol):
    def text(self, query: str, max_results: int) -> list[dict[str, Any]]: ...

    def fetch(self, url: str, max_bytes: int) -> tuple[str, str]: ...


class DdgsEngine:
    """ddgs (DuckDuckGo and friends) for search; the standard library for fetching pages."""

    def __init__(self, timeout: float = 5.0, proxy: str | None = None, backend: str = "auto",
                 allow_private: bool = False):
        self.timeout, self.proxy, self.backend = timeout, proxy, backend
        #: fetching loopback / private / link-local addresses is refused unless allowed, so a
        #: page cannot steer the agent to your router, local services or cloud metadata
        self.allow_private = allow_private

    def text(self, query: str, max_results: int) -> list[dict[str, Any]]:
        try:
            from ddgs import DDGS
            from ddgs.exceptions import RatelimitException
        except ImportError:
            raise RuntimeError("ddgs is not installed: pip install 'agora[search]'") from None
        try:
            rows = DDGS(proxy=self.proxy, timeout=max(1, int(self.timeout))).text(
                query, max_results=max_results, backend=self.backend)
        except RatelimitException as err:
            raise RateLimited(str(err)) from err
        return [{"title": r.get("title", ""), "url": r.get("href") or r.get("url", ""),
                 "snippet": r.get("body") or r.get("snippet", "")} for r in rows]

    def fetch(self, url: str, max_bytes: int) -> tuple[str, str]:
        import urllib.request

        check = self._check_host

        class Redirects(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):
                if not re.match(r"https?://", newurl):
                    raise ValueError(f"refusing a redirect to {newurl[:80]}")
                check(newurl)
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        check(url)
        request = urllib.request.Request(url, headers={"User-Agent": "agora/0.1 (+fetch tool)"})
        handlers: list = [Redirects()]
        if self.proxy:
            handlers.append(urllib.request.ProxyHandler({"http": self.proxy, "https": self.proxy}))
        with urllib.request.build_opener(*handlers).open(request, timeout=self.timeout) as resp:
            kind = resp.headers.get("Content-Type", "")
            body = resp.read(max_bytes)
            charset = resp.headers.get_content_charset() or "utf-8"
        return kind, body.decode(charset, "replace")

    def _check_host(self, url: str) -> None:
        import ipaddress
        import socket
        import urllib.parse

        if self.allow_private:
            return
        host = urllib.parse.urlsplit(url).hostname or ""
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError as err:
            raise OSError(f"cannot resolve {host}: {err}") from None
        for info in infos:
            ip = ipaddress.ip_address(info[4][0].split("%")[0])
            if not ip.is_global:
                raise ValueError(f"refusing to fetch {host}: {ip} is a private or local address")


# --- cache -------------------------------------------------------------------------------------

class DiskCache:
    """JSON files keyed by a hash of the request, each valid for ``ttl`` seconds."""

    def __init__(self, folder: str | Path | None = None, ttl: float = CACHE_TTL):
        if folder is None:
            import platformdirs

            folder = Path(platformdirs.user_cache_dir("agora")) / "web"
        self.folder, self.ttl = Path(folder), ttl

    def _path(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")

    def get(self, key: str) -> Any:
        try:
            entry = json.loads(self._path(key).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if time.time() - entry.get("time", 0) > self.ttl:
            return None
        return entry.get("value")

    def put(self, key: str, value: Any) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self._path(key).with_suffix(".tmp")
            tmp.write_text(json.dumps({"time": time.time(), "value": value}), "utf-8")
            tmp.replace(self._path(key))  # atomic: readers never see half a file
        except OSError:
            pass  # a cache that cannot be written is only slower


# --- the tools ---------------------------------------------------------------------------------

def build(*, engine: Engine | None = None, max_results: int = 5, timeout: float = 8.0,
          cache: bool = True, cache_dir: str | Path | None = None, cache_ttl: float = CACHE_TTL,
          retries: int = 3, max_page_chars: int = 3000, max_page_bytes: int = 2_000_000,
          **options: Any) -> list[Tool]:
    """The ``search`` and ``fetch`` tools. ``engine`` defaults to :class:`DdgsEngine`;
    ``retries`` bounds the attempts after a rate limit (exponential backoff, at most ~8 s).
    Options meant for other tools are ignored."""
    from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, stop_after_delay, \
        wait_exponential

    if engine is None:
        try:
            import ddgs  # noqa: F401  (checked now, so a missing extra is a clear ConfigError)
        except ImportError:
            from agora.errors import missing_extra

            raise missing_extra("ddgs", "search") from None
    eng = engine if engine is not None else DdgsEngine(timeout=timeout)
    store = DiskCache(cache_dir, cache_ttl) if cache else None

    def cached(key: str, compute):
        value = store.get(key) if store else None
        if value is None:
            value = compute()
            if store:
                store.put(key, value)
        return value

    def search(query: str, k: int = max_results) -> str:
        """Search the web. Returns the title, URL and a snippet of the top results.

        Args:
            query: what to look for, a few keywords.
            k: how many results (1-10).
        """
        k = max(1, min(int(k), 10))
        if not query.strip():
            raise ToolError("search needs a non-empty query")

        def compute():
            for attempt in Retrying(retry=retry_if_exception_type(RateLimited), reraise=True,
                                    stop=stop_after_attempt(max(1, retries)) | stop_after_delay(8.0),
                                    wait=wait_exponential(multiplier=0.5, max=4.0)):
                with attempt:
                    return eng.text(query, k)

        try:
            rows = cached(f"text\0{query}\0{k}", compute)
        except RateLimited as err:
            raise ToolError(f"{UNAVAILABLE}: rate limited after {retries} attempts ({one_line(err, 200)}); "
                            "try later") from None
        except Exception as err:  # offline, DNS, timeouts, engine errors: the agent should know
            raise ToolError(f"{UNAVAILABLE}: {one_line(f'{type(err).__name__}: {err}', 300)}") from None
        if not rows:
            return f"no results for {query!r}"
        lines = []
        for i, r in enumerate(rows[:k], 1):
            lines.append(f"{i}. {one_line(r.get('title', ''), 150)}\n   {r.get('url', '')}\n"
                         f"   {one_line(r.get('snippet', ''), 300)}")
        return "\n".join(lines)

    def fetch(url: str) -> str:
        """Read a web page and return its main text (shortened).

        Args:
            url: the address of the page (http or https).
        """
        if not re.match(r"https?://", url):
            raise ToolError("fetch needs an http:// or https:// URL")

        def compute():
            kind, body = eng.fetch(url, max_page_bytes)
            if "html" in kind or (not kind and "<html" in body[:1000].lower()):
                title, text = html_to_text(body)
                return f"{title}\n\n{text}" if title else text
            if kind.startswith("text/") or "json" in kind or not kind:
                return body
            raise ValueError(f"cannot read {kind or 'this kind of'} content")

        try:
            text = cached(f"page\0{url}\0{max_page_bytes}", compute)
        except Exception as err:
            raise ToolError(f"{UNAVAILABLE}: could not fetch {url}: "
                            f"{one_line(f'{type(err).__name__}: {err}', 300)}") from None
        if len(text) > max_page_chars:
            text = text[:max_page_chars] + f"\n...[page cut at {max_page_chars} characters]"
        return text or "(the page has no readable text)"

    return [make_tool(search, timeout=timeout * 3 + 10, max_output=3000),
            make_tool(fetch, timeout=timeout + 5, max_output=max_page_chars + 200)]


__all__ = ["build", "DdgsEngine", "Engine", "RateLimited", "DiskCache", "UNAVAILABLE"]
