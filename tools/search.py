"""The ``search`` and ``fetch`` tools: web search through ddgs, and a page's main text.

Everything a web page or a search engine says is untrusted data: the agent loop fences each
observation as data (tools.core.fence) and only the model's own tool calls ever run tools;
here the text is also cut to a budget. Without network the tools answer at once with
"web search unavailable: ..." so the agent can go on without them.

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
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol

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


# --- HTML to text ------------------------------------------------------------------------------

class _TextExtractor(HTMLParser):
    """Visible text, without scripts, styles, navigation, headers and footers. If the page has
    <main> or <article>, only that part is kept."""

    SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "template",
            "head", "iframe", "button"}
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
             "main", "pre", "blockquote", "table", "ul", "ol", "dd", "dt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.main = 0
        self.all: list[str] = []
        self.main_parts: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in ("main", "article"):
            self.main += 1
        if tag == "title":
            self._in_title = True
        if tag in self.BLOCK:
            self._add("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in ("main", "article") and self.main:
            self.main -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.BLOCK:
            self._add("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self.skip:
            self._add(data)

    def _add(self, text):
        self.all.append(text)
        if self.main:
            self.main_parts.append(text)


def html_to_text(html: str) -> tuple[str, str]:
    """(title, main text) of an HTML page, whitespace tidied."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # malformed markup: keep what was read
        pass
    parts = parser.main_parts if "".join(parser.main_parts).strip() else parser.all
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parts))
    text = re.sub(r"\n\s*\n+", "\n\n", "\n".join(line.strip() for line in text.split("\n")))
    return " ".join(parser.title.split()), text.strip()


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

def _one_line(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
            return "search needs a non-empty query"

        def compute():
            for attempt in Retrying(retry=retry_if_exception_type(RateLimited), reraise=True,
                                    stop=stop_after_attempt(max(1, retries)) | stop_after_delay(8.0),
                                    wait=wait_exponential(multiplier=0.5, max=4.0)):
                with attempt:
                    return eng.text(query, k)

        try:
            rows = cached(f"text\0{query}\0{k}", compute)
        except RateLimited as err:
            return f"{UNAVAILABLE}: rate limited after {retries} attempts ({_one_line(err, 200)}); try later"
        except Exception as err:  # offline, DNS, timeouts, engine errors: the agent should know
            return f"{UNAVAILABLE}: {_one_line(f'{type(err).__name__}: {err}', 300)}"
        if not rows:
            return f"no results for {query!r}"
        lines = []
        for i, r in enumerate(rows[:k], 1):
            lines.append(f"{i}. {_one_line(r.get('title', ''), 150)}\n   {r.get('url', '')}\n"
                         f"   {_one_line(r.get('snippet', ''), 300)}")
        return "\n".join(lines)

    def fetch(url: str) -> str:
        """Read a web page and return its main text (shortened).

        Args:
            url: the address of the page (http or https).
        """
        if not re.match(r"https?://", url):
            return "fetch needs an http:// or https:// URL"

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
            return f"{UNAVAILABLE}: could not fetch {url}: {_one_line(f'{type(err).__name__}: {err}', 300)}"
        if len(text) > max_page_chars:
            text = text[:max_page_chars] + f"\n...[page cut at {max_page_chars} characters]"
        return text or "(the page has no readable text)"

    return [make_tool(search, timeout=timeout * 3 + 10, max_output=3000),
            make_tool(fetch, timeout=timeout + 5, max_output=max_page_chars + 200)]


__all__ = ["build", "DdgsEngine", "Engine", "RateLimited", "DiskCache", "html_to_text", "UNAVAILABLE"]
