"""Fakes that ship with the library: scripted and function backends for deterministic
tests, and a fake OpenAI-compatible HTTP server on loopback."""

from agora.testing.fakes import (EchoBackend, FunctionBackend, ScriptedBackend, UnexpectedCall, example_for_schema,
                                 make_completion)

__all__ = ["ScriptedBackend", "FunctionBackend", "EchoBackend", "UnexpectedCall", "make_completion",
           "example_for_schema", "FakeOpenAIServer"]


def __getattr__(name: str):  # the HTTP server is imported only when asked for
    if name == "FakeOpenAIServer":
        from agora.testing.server import FakeOpenAIServer
        return FakeOpenAIServer
    raise AttributeError(name)
