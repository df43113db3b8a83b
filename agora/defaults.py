"""The defaults every layer shares, in one place: the library (Agent, Chat, Debate, profiles),
the settings of the CLI and agora.toml all start from these."""

from __future__ import annotations

#: the model when none is named: the bundled SmolLM2-135M-Instruct (offline, CPU)
MODEL = "local:smollm2"
#: low: small local models ramble and lose the format at higher temperatures
TEMPERATURE = 0.2
#: tokens per model call
MAX_TOKENS = 512
#: wall-clock limit of one run (an agent run, a debate), in seconds
MAX_SECONDS = 120.0

__all__ = ["MODEL", "TEMPERATURE", "MAX_TOKENS", "MAX_SECONDS"]
