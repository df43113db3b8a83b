"""Making one clear line of what the MCP SDK raises: anyio wraps errors in exception groups
and chains them; the user needs the one that says what happened."""

from __future__ import annotations

import asyncio


def leaves(err: BaseException) -> list[BaseException]:
    """The real errors inside anyio's exception groups."""
    group = getattr(err, "exceptions", None)
    if isinstance(group, (list, tuple)):
        return [leaf for e in group for leaf in leaves(e)]
    return [err]


def first_error(err: BaseException) -> BaseException:
    found = [e for e in leaves(err) if not isinstance(e, (asyncio.CancelledError, GeneratorExit))]
    return found[0] if found else err


def say(err: BaseException) -> str:
    text = " ".join(str(getattr(err, "message", "") or err).split()) or type(err).__name__
    return text if len(text) < 300 else text[:300] + "..."


def chain(err: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


__all__ = ["leaves", "first_error", "say", "chain"]
