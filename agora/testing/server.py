"""A tiny OpenAI-compatible HTTP server on loopback, for tests and benchmarks.

    with FakeOpenAIServer(reply="Paris", delay=0.2) as server:
        backend = load_backend(f"openai:fake@{server.url}")

It serves ``POST /v1/chat/completions`` (plain and streamed), ``POST /v1/embeddings`` and
``GET /v1/models``, one thread per request, so concurrent clients really overlap (each request
sleeps ``delay`` seconds). Every request body is kept in ``.requests``.

``reply`` decides each answer. It is one of, or a list of (used in order, the last one
repeating), or a function ``fn(request_body) -> one of``:

* ``str``: the assistant's text;
* ``ToolCall``, or a list of them (inside the list of replies): an assistant message calling
  tools; ``{"content": "...", "tool_calls": [ToolCall...]}`` adds text next to the calls;
* ``HTTPReply(status, body, headers)``: any raw answer (429 with Retry-After, 500, 400...);
* ``HTTPReply.drop()``: close the connection without answering.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agora.messages import ToolCall
from agora.text import estimate_tokens


@dataclass
class HTTPReply:
    status: int = 200
    body: Any = None  # dict (sent as JSON) or str
    headers: dict = field(default_factory=dict)
    dropped: bool = False

    @classmethod
    def drop(cls) -> "HTTPReply":
        return cls(dropped=True)

    @classmethod
    def error(cls, status: int, message: str, *, code: str | None = None, **headers: str) -> "HTTPReply":
        """An error in OpenAI's JSON form; headers as keywords (``retry_after="1"``)."""
        body = {"error": {"message": message, "type": "error", "code": code}}
        return cls(status, body, {k.replace("_", "-"): v for k, v in headers.items()})


class FakeOpenAIServer:
    def __init__(self, reply: Any = "ok", *, delay: float = 0.0, host: str = "127.0.0.1", port: int = 0,
                 model: str = "fake-model"):
        self.reply = reply
        self.delay = delay
        self.model = model
        self.requests: list[dict] = []  # bodies of chat requests, in arrival order
        self.embedding_requests: list[dict] = []
        self.times: list[float] = []  # time.monotonic() of each chat request's arrival
        self.in_flight = 0
        self.max_in_flight = 0  # most chat requests served at the same time
        self._lock = threading.Lock()
        self._replies = list(reply) if isinstance(reply, list) else None
        self._address = (host, port)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the server is not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"  # type: ignore[str-bytes-safe]  # AF_INET: host is a str

    def start(self) -> "FakeOpenAIServer":
        handler = type("Handler", (_Handler,), {"fake": self})
        self._httpd = ThreadingHTTPServer(self._address, handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "FakeOpenAIServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def next_reply(self, body: dict) -> Any:
        with self._lock:
            self.requests.append(body)
            self.times.append(time.monotonic())
            if self._replies is not None:
                reply = self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]
            else:
                reply = self.reply
        if callable(reply) and not isinstance(reply, (HTTPReply, ToolCall)):
            reply = reply(body)
        return reply


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAIServer

    def log_message(self, *args: Any) -> None:  # quiet: tests read .requests instead
        pass

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._json(200, {"object": "list", "data": [{"id": self.fake.model, "object": "model"}]})
        else:
            self._json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            return self._json(400, {"error": {"message": "request body is not JSON"}})
        if self.path.endswith("/embeddings"):
            return self._embeddings(body)
        if not self.path.endswith("/chat/completions"):
            return self._json(404, {"error": {"message": f"no route {self.path}"}})
        fake = self.fake
        with fake._lock:
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        try:
            self._chat(body)
        finally:
            with fake._lock:
                fake.in_flight -= 1

    def _chat(self, body: dict) -> None:
        reply = self.fake.next_reply(body)
        if self.fake.delay:
            time.sleep(self.fake.delay)
        if isinstance(reply, HTTPReply):
            return self._raw(reply)
        message = self._message(reply)
        prompt = sum(estimate_tokens(str(m.get("content") or "")) for m in body.get("messages", []))
        out = estimate_tokens((message.get("content") or "") + json.dumps(message.get("tool_calls", "")))
        usage = {"prompt_tokens": prompt, "completion_tokens": out, "total_tokens": prompt + out}
        finish = "tool_calls" if message.get("tool_calls") else "stop"
        if body.get("stream"):
            return self._stream(message, finish, usage if (body.get("stream_options") or {}).get("include_usage") else None)
        self._json(200, {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                         "model": body.get("model") or self.fake.model,
                         "choices": [{"index": 0, "message": message, "finish_reason": finish}], "usage": usage})

    @staticmethod
    def _message(reply: Any) -> dict:
        content = None
        if isinstance(reply, dict):  # {"content": ..., "tool_calls": [ToolCall...]}
            content, reply = reply.get("content"), reply.get("tool_calls") or reply.get("content") or ""
        calls = [reply] if isinstance(reply, ToolCall) else reply if isinstance(reply, list) else None
        if calls:
            return {"role": "assistant", "content": content, "tool_calls": [
                {"id": c.id or f"call_{i}", "type": "function",
                 "function": {"name": c.name, "arguments": c.arguments if isinstance(c.arguments, str)
                              else json.dumps(c.arguments)}} for i, c in enumerate(calls)]}
        return {"role": "assistant", "content": str(reply)}

    def _stream(self, message: dict, finish: str, usage: dict | None) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.end_headers()
        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": self.fake.model}
        text = message.get("content") or ""
        pieces = [text[i:i + 4] for i in range(0, len(text), 4)]
        for piece in pieces:
            self._event({**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
        for i, call in enumerate(message.get("tool_calls") or []):
            self._event({**base, "choices": [{"index": 0, "delta": {"tool_calls": [{"index": i, **call}]},
                                              "finish_reason": None}]})
        self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
        if usage:
            self._event({**base, "choices": [], "usage": usage})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, data: dict) -> None:
        self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
        self.wfile.flush()

    def _embeddings(self, body: dict) -> None:
        self.fake.embedding_requests.append(body)
        texts = body.get("input")
        texts = [texts] if isinstance(texts, str) else list(texts or [])
        data = []
        for i, text in enumerate(texts):
            vector = [0.0] * 16
            for ch in str(text).lower():
                vector[ord(ch) % 16] += 1.0
            data.append({"object": "embedding", "index": i, "embedding": vector})
        self._json(200, {"object": "list", "data": data, "model": body.get("model", self.fake.model),
                         "usage": {"prompt_tokens": 0, "total_tokens": 0}})

    def _raw(self, reply: HTTPReply) -> None:
        if reply.dropped:
            self.close_connection = True
            self.connection.shutdown(2)  # SHUT_RDWR: the client sees the connection drop
            return
        body = reply.body if reply.body is not None else {"error": {"message": f"HTTP {reply.status}"}}
        data = json.dumps(body).encode() if not isinstance(body, str) else body.encode()
        self.send_response(reply.status)
        self.send_header("content-type", "application/json" if not isinstance(body, str) else "text/plain")
        self.send_header("content-length", str(len(data)))
        for key, value in reply.headers.items():
            self.send_header(key, str(value))
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, body: dict) -> None:
        self._raw(HTTPReply(status, body))


__all__ = ["FakeOpenAIServer", "HTTPReply"]
