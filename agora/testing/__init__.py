"""Fakes that ship with the library: scripted and function backends for deterministic
tests, a backend that calls each tool with arguments made from its schema, a fake
OpenAI-compatible HTTP server on loopback, and a switch that blocks real model requests
(:func:`block_model_requests`, or ``AGORA_ALLOW_MODEL_REQUESTS=0``)."""

from agora.backends.guard import ModelRequestBlocked, allow_model_requests, block_model_requests
from agora.testing.fakes import (CallEachToolBackend, EchoBackend, FunctionBackend, ScriptedBackend, UnexpectedCall,
                                 example_for_schema, make_completion)

__all__ = ["ScriptedBackend", "FunctionBackend", "EchoBackend", "CallEachToolBackend", "UnexpectedCall",
           "make_completion", "example_for_schema", "FakeOpenAIServer", "block_model_requests",
           "allow_model_requests", "ModelRequestBlocked"]


def __getattr__(name: str):  # the HTTP server is imported only when asked for
    if name == "FakeOpenAIServer":
        from agora.testing.server import FakeOpenAIServer
        return FakeOpenAIServer
    raise AttributeError(name)
