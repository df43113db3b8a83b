"""``agora serve``: the profiles of agora.toml (and the built-ins) behind an OpenAI-compatible
API with a live web page at ``/``. Needs ``pip install 'agora[serve]'``.

Loopback only unless an API key is given. SIGTERM (or Ctrl-C) stops accepting requests, lets
in-flight runs finish for ``--grace`` seconds, then cancels the rest; every transcript is
closed with how its run ended.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve profiles over an OpenAI-compatible API, with a web page",
                       description="Serve agora's profiles (agents, debates) as OpenAI-compatible models.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; any other "
                   "needs --api-key)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--api-key", default=None, help="require 'Authorization: Bearer KEY' (default: "
                   "$AGORA_API_KEY)")
    p.add_argument("--model", help="model spec of the built-in profiles (default: the settings' model)")
    p.add_argument("--runs-dir", help="folder of run transcripts (default: the user data dir's runs/)")
    p.add_argument("--max-runs", type=int, default=16, help="runs at once on API backends (default 16; "
                   "a local model always runs one at a time)")
    p.add_argument("--max-queue", type=int, default=32, help="requests waiting for a run slot before "
                   "429 (default 32)")
    p.add_argument("--max-seconds", type=float, default=300.0, help="wall-clock limit per run (default 300)")
    p.add_argument("--max-tokens", type=int, default=4096, help="tokens per model call at most (default 4096)")
    p.add_argument("--token-budget", type=int, default=50_000, help="tokens per run at most (default 50000)")
    p.add_argument("--max-body", type=int, default=1_000_000, help="request body bytes at most (default 1 MB)")
    p.add_argument("--grace", type=float, default=10.0, help="seconds in-flight runs get to finish on "
                   "SIGTERM before they are cancelled (default 10)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from agora.config import load_settings, user_data_dir
    from agora.errors import ConfigError, missing_extra
    from agora.profiles import load_profiles

    try:
        import uvicorn

        from agora.serve import Limits, ServeConfig, create_app
        from agora.serve.auth import check_bind
    except ModuleNotFoundError as err:
        if err.name and err.name.split(".")[0] in ("fastapi", "uvicorn", "starlette"):
            raise missing_extra(err.name.split(".")[0], "serve") from None
        raise
    api_key = args.api_key or os.environ.get("AGORA_API_KEY") or None
    check_bind(args.host, api_key)
    for name in ("max_runs", "max_seconds", "max_tokens", "token_budget", "max_body"):
        if getattr(args, name) <= 0:
            raise ConfigError(f"--{name.replace('_', '-')} must be positive")
    if args.max_queue < 0:
        raise ConfigError("--max-queue must be 0 or more")
    settings = load_settings({"model": args.model})
    profiles = load_profiles(settings.serve.get("models"), model=settings.model)

    def load(spec: str):
        from agora.cli.ask import load_model

        return load_model(spec, settings)

    from agora.otel import tracing_from_env

    tracing = tracing_from_env()  # None unless OTLP is configured (and the otel extra installed)
    config = ServeConfig(
        profiles=profiles, runs_dir=args.runs_dir or (user_data_dir() / "runs"), api_key=api_key,
        limits=Limits(max_body_bytes=args.max_body, max_seconds=args.max_seconds, max_tokens=args.max_tokens,
                      token_budget=args.token_budget),
        max_runs=args.max_runs, max_queue=args.max_queue,
        load=tracing.wrap_load(load) if tracing else load,
        tracing=tracing, stop_seconds=args.grace)
    app = create_app(config)
    server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                                           timeout_graceful_shutdown=args.grace, access_log=False))
    print(f"agora serve: profiles {', '.join(profiles)}; transcripts in {config.runs_dir}", file=sys.stderr)
    _announce(server)
    # uvicorn handles SIGTERM/SIGINT during the run (graceful shutdown), then raises the signal
    # again with the handlers found before it; these make that a normal exit with status 0
    stopped: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stopped.append(signum))
    server.run()
    if stopped:
        print("agora serve: stopped", file=sys.stderr)
    if tracing:
        tracing.shutdown()
    return 0


def _announce(server) -> None:
    """Say the address once the socket is bound (with --port 0 the port is known only then)."""
    startup = server.startup

    async def started(*a, **kw):
        await startup(*a, **kw)
        for s in server.servers:
            for sock in s.sockets:
                host, port = sock.getsockname()[:2]
                print(f"agora serve: listening on http://{host}:{port}", file=sys.stderr, flush=True)

    server.startup = started
