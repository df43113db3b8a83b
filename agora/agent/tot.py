"""Tree of Thoughts (Yao et al. 2023) as an agent method: ``Agent(method="tot")``.

Breadth-first search over partial solutions. At each of ``depth`` levels, for every partial
solution kept so far:

* **propose** -- the model proposes up to ``proposals`` next steps in one call, held by a JSON
  schema (a list of short strings: grammar-bound on llama.cpp);
* **value** -- the model rates each new partial solution ``sure`` / ``likely`` /
  ``impossible`` (an enum: grammar-bound), as Yao et al. value Game-of-24 states;
* **prune** -- "impossible" ones are dropped and the best ``breadth`` are kept.

A step that states the answer ("Answer: ...") ends its branch; one rated ``sure`` ends the
search. Otherwise, after the last level, one call writes the answer from the best path.
Every node is a :class:`~agora.events.TreeNode` event (id, parent, text, value, kept), so the
trace is the tree; ``agora ask --tot`` draws it. Limits (wall time, tokens) are the agent's:
a limit ends the search with the best answer so far, marked incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from agora.answers import final_part
from agora.agent.state import RunState, StopRun
from agora.errors import BackendError, ConfigError
from agora.events import Draft, LimitReached, Notice, RunFinished, RunStarted, TreeNode, UsageReport
from agora.messages import Message
from agora.prompts import render

if TYPE_CHECKING:
    from agora.agent.agent import Agent
    from agora.agent.state import Result

DEFAULTS = {"breadth": 2, "depth": 3, "proposals": 3}
#: the value step's ratings and what each is worth
VALUES = {"sure": 1.0, "likely": 0.5, "impossible": 0.0}
VALUE_SCHEMA = {"type": "object", "properties": {"rating": {"enum": list(VALUES)}},
                "required": ["rating"], "additionalProperties": False}


def options(raw: dict[str, Any]) -> dict[str, int]:
    """The search's options (breadth, depth, proposals) checked: each a whole number >= 1."""
    unknown = [k for k in raw if k not in DEFAULTS]
    if unknown:
        raise ConfigError(f"tree of thoughts: unknown option {', '.join(unknown)} "
                          f"(choose from {', '.join(DEFAULTS)})")
    out = {**DEFAULTS, **raw}
    for name, value in out.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"tree of thoughts: {name} must be a whole number of at least 1 (got {value!r})")
    return out


def propose_schema(k: int) -> dict:
    return {"type": "object", "properties": {
        "steps": {"type": "array", "items": {"type": "string", "maxLength": 160}, "minItems": 1, "maxItems": k}},
        "required": ["steps"], "additionalProperties": False}


@dataclass
class Node:
    id: str
    parent: "Node | None"
    text: str
    depth: int
    value: float = 0.0
    children: list["Node"] = field(default_factory=list)

    def path(self) -> list[str]:
        node: Node | None = self
        steps: list[str] = []
        while node is not None and node.depth > 0:
            steps.append(node.text)
            node = node.parent
        return steps[::-1]

    @property
    def final(self) -> bool:
        return bool(self.text) and self.text.lower().lstrip().startswith(("answer", "final answer"))


def run_tot(agent: "Agent", question: str, *, history: Sequence[Message] | None = None,
            on_event: Any = None) -> "Result":
    """The body of :meth:`Agent.run` for ``method="tot"``."""
    opts = options(agent.method_options)
    backend = agent.backend()
    system, temperature = agent.system_and_temperature()
    state = RunState(question=question, backend=backend, critic=backend, emit_fn=on_event or (lambda e: None),
                     source=agent.name, max_steps=agent.max_steps, max_tokens=agent.max_tokens,
                     max_seconds=agent.max_seconds, token_budget=agent.token_budget, temperature=temperature,
                     seed=agent.seed)
    state.emit(RunStarted(question=question, model=backend.spec,
                          config={**agent.describe(), "method": "tot", **opts}))
    head = [Message.system(system), *(history or [])]
    root = Node("", None, "", 0)
    stop_reason, error, best = "answer", None, root
    try:
        best = search(state, head, root, opts)
        if best.final:
            answer, reasoning = final_part(best.text), "\n".join(best.path())
        else:
            answer, reasoning = conclude(state, head, best)
        state.answer, state.reasoning = answer, reasoning
    except StopRun as stop:
        stop_reason = stop.reason
        state.emit(LimitReached(limit=stop.reason, detail=stop.detail))
        state.answer, state.reasoning = final_part(best.text) if best.final else "", "\n".join(best.path())
    except BackendError as err:
        stop_reason, error = "error", str(err)
        state.emit(Notice(level="error", text=str(err)))
    if state.answer:
        state.drafts.append(state.answer)
        state.emit(Draft(answer=state.answer, reasoning=state.reasoning))
    complete = stop_reason == "answer"
    state.emit(UsageReport(usage=state.usage, seconds=state.elapsed()))
    state.emit(RunFinished(answer=state.answer, complete=complete, stop_reason=stop_reason, usage=state.usage,
                           seconds=state.elapsed()))
    return state.result(complete=complete, stop_reason=stop_reason, error=error)


def search(state: RunState, head: list[Message], root: Node, opts: dict[str, int]) -> Node:
    """Breadth-first: propose, value, prune, ``depth`` times. Returns the best node found."""
    frontier, best = [root], root
    for depth in range(1, opts["depth"] + 1):
        candidates: list[Node] = []
        for node in frontier:
            for i, text in enumerate(propose(state, head, node, opts["proposals"])):
                child = Node(f"{node.id}.{i + 1}".lstrip("."), node, text, depth)
                child.value = value(state, head, child)
                node.children.append(child)
                candidates.append(child)
        kept = sorted([c for c in candidates if c.value > 0], key=lambda c: -c.value)[: opts["breadth"]]
        for c in candidates:
            state.emit(TreeNode(id=c.id, parent=c.parent.id if c.parent else "", depth=c.depth, text=c.text,
                                value=c.value, kept=c in kept, final=c.final))
        for c in kept:  # the best so far: highest value, then an answer, then the deepest
            if best is root or _rank(c) > _rank(best):
                best = c
        sure = [c for c in kept if c.final and c.value >= VALUES["sure"]]
        if sure:
            return sure[0]
        frontier = [c for c in kept if not c.final]  # a branch that answered ends there
        if not frontier:
            break  # every branch answered, or every proposal was judged impossible
    return best


def _rank(node: Node) -> tuple[float, bool, int]:
    return node.value, node.final, node.depth


def propose(state: RunState, head: list[Message], node: Node, k: int) -> list[str]:
    prompt = render("tot_propose", question=state.question, steps=node.path(), k=k)
    completion = state.call([*head, Message.user(prompt)], output_schema=propose_schema(k),
                            max_tokens=min(state.max_tokens, 60 * k))
    steps = (completion.parsed or {}).get("steps", []) if isinstance(completion.parsed, dict) else []
    seen: list[str] = []
    for s in steps:  # a small model repeats itself: a repeated step is one candidate
        s = " ".join(str(s).split())
        if s and s not in seen:
            seen.append(s)
    return seen[:k]


def value(state: RunState, head: list[Message], node: Node) -> float:
    prompt = render("tot_value", question=state.question, steps=node.path())
    completion = state.call([*head, Message.user(prompt)], output_schema=VALUE_SCHEMA, max_tokens=12,
                            temperature=0.0)
    rating = completion.parsed.get("rating") if isinstance(completion.parsed, dict) else None
    return VALUES.get(str(rating), 0.0)


def conclude(state: RunState, head: list[Message], node: Node) -> tuple[str, str]:
    """The answer written from the best path (one call, the chain-of-thought answer line)."""
    prompt = render("tot_answer", question=state.question, steps=node.path())
    text = state.call([*head, Message.user(prompt)]).text.strip()
    return final_part(text), "\n".join([*node.path(), text])


__all__ = ["run_tot", "search", "options", "DEFAULTS", "VALUES", "VALUE_SCHEMA", "propose_schema"]
