"""The agent loop on task families it was not tuned for: the same as `agora bench agent`.

    python examples/bench_agent.py --split dev --limit 5 --tools python --tools calculator
    python examples/bench_agent.py --split heldout --limit 20 --model local:smollm2 --model local:gemma3-270m

Prints one table per model: per family, accuracy with its Wilson 95% interval, unreadable
answers, answers lost (right in an observation, not returned), and the medians of model
calls / tool calls, completion tokens and seconds per item. See docs-README-eval.md.
"""

import sys

from agora.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", "agent", *sys.argv[1:]]))
