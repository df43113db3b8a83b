"""``agora serve``: profiles behind an OpenAI-compatible API, a live web page, run
transcripts. Needs the ``serve`` extra (FastAPI, Uvicorn); imported only by that command."""

from agora.serve.app import create_app
from agora.serve.runner import ServeConfig
from agora.serve.requests import Limits

__all__ = ["ServeConfig", "create_app", "Limits"]
