"""``python -m agora.backends.llama_server ARGS``: llama-cpp-python's OpenAI-compatible server
(``python -m llama_cpp.server ARGS``, same arguments), loading the model the way
:class:`agora.backends.llama_cpp.LlamaBackend` does: in plain CPU buffers where the CPU
advertises Intel AMX, because under some hypervisors AMX buffers crash the first request.
Needs ``pip install 'agora[server]'``.
"""

from __future__ import annotations

import runpy
import sys


def main() -> None:
    try:
        import llama_cpp
        import llama_cpp.server  # noqa: F401  (fastapi, uvicorn... from the server extra)
    except ImportError:
        sys.exit("llama-cpp-python's server is not installed: pip install 'agora[server]'")
    from agora.backends.llama_cpp import _without_extra_buffers, amx_advertised

    sys.argv[0] = "llama_cpp.server"
    with _without_extra_buffers(llama_cpp, amx_advertised()):
        runpy.run_module("llama_cpp.server", run_name="__main__")


if __name__ == "__main__":
    main()
