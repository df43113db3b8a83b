"""Prompt templates: files ``agora/prompts/<name>.j2`` rendered with Jinja2 StrictUndefined,
so a missing variable is an error instead of silently empty text.

    from agora.prompts import render
    text = render("debate_update", question=q, others=[...])
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _environment():
    import jinja2  # lazily: only code that builds prompts needs it

    return jinja2.Environment(
        loader=jinja2.PackageLoader("agora", "prompts"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def render(name: str, **variables: Any) -> str:
    """Render ``prompts/<name>.j2``; raises jinja2.UndefinedError on a missing variable."""
    return _environment().get_template(f"{name}.j2").render(**variables).strip()


__all__ = ["render"]
