"""Errors in OpenAI's JSON shape: ``{"error": {"message", "type", "param", "code"}}``.

Every failure of a request becomes one :class:`APIError`; the app's handlers turn it (and any
unexpected exception, whose traceback stays in the server log) into that shape, so a client
never sees a traceback.
"""

from __future__ import annotations

from typing import Any

#: status -> OpenAI's error type for it
TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "invalid_request_error",
         413: "invalid_request_error", 429: "rate_limit_error", 500: "server_error", 503: "server_error"}


class APIError(Exception):
    def __init__(self, status: int, message: str, *, code: str | None = None, param: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.param = param
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return error_body(self.status, self.message, code=self.code, param=self.param)


def error_body(status: int, message: str, *, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    kind = TYPES.get(status, "invalid_request_error" if status < 500 else "server_error")
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def bad_request(message: str, *, param: str | None = None, code: str = "invalid_request") -> APIError:
    return APIError(400, message, param=param, code=code)


def too_large(message: str) -> APIError:
    return APIError(413, message, code="request_too_large")


def unknown_model(name: str, known: list[str]) -> APIError:
    return APIError(404, f"The model '{name}' does not exist: choose one of {', '.join(known)}",
                    param="model", code="model_not_found")


def overloaded(retry_after: int) -> APIError:
    return APIError(429, f"the server is busy: every run slot and queue place is taken; retry in "
                         f"{retry_after} s", code="overloaded", headers={"Retry-After": str(retry_after)})


def unauthorized() -> APIError:
    return APIError(401, "Incorrect or missing API key: send 'Authorization: Bearer <key>'",
                    code="invalid_api_key", headers={"WWW-Authenticate": "Bearer"})


def internal(message: str = "the run failed inside the server") -> APIError:
    return APIError(500, message, code="internal_error")
