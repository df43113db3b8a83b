"""Turning agora messages into the prompt text a local GGUF model was trained on.

Three ways, chosen once per model:

* ``template`` - the Jinja chat template stored in the GGUF metadata (SmolLM2 has one);
* ``gemma``    - a GGUF without a template whose architecture is Gemma (the packaged
  gemma3-270m is a base model with no template): Gemma's turn markers, system text folded
  into the first user turn as Gemma's own template does;
* ``plain``    - anything else: "System: / User: / Assistant:" lines.

Tool calls and tool results are written as plain text (the local backend emulates tools
with a JSON grammar), so every chat template can show them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Sequence

from agora.backends.code_steps import as_block, is_code_call
from agora.messages import Message


@dataclass
class ChatPrompt:
    text: str
    #: strings that end the assistant's turn (besides the model's end-of-generation tokens)
    stop: list[str] = field(default_factory=list)
    #: True when ``text`` already holds the BOS token, so the tokenizer must not add another
    has_bos: bool = False


def to_dicts(messages: Sequence[Message]) -> list[dict[str, str]]:
    """Plain role/content dicts; tool calls and tool results spelled out as text."""
    out: list[dict[str, str]] = []
    for m in messages:
        if m.role == "assistant" and m.tool_calls:
            # the same step the tool grammar makes the model write (a JSON call, a python
            # call as a code block), so history looks like what the model would produce itself
            steps = [as_block(c) if is_code_call(c) and not m.content else
                     json.dumps({**({"thought": m.content} if m.content else {}), "tool": c.name,
                                 "arguments": c.arguments}, ensure_ascii=False)
                     for c in m.tool_calls]
            content = "\n".join(steps)
            out.append({"role": "assistant", "content": content})
        elif m.role == "tool":
            label = f"Result of {m.name}" if m.name else "Tool result"
            out.append({"role": "user", "content": f"{label}:\n{m.content}"})
        else:
            out.append({"role": m.role, "content": m.content})
    return out


class ChatFormat:
    """Formats message lists for one model. ``kind`` is "template", "gemma" or "plain"."""

    def __init__(self, kind: str, *, template: str = "", bos: str = "", eos: str = "",
                 add_bos: bool = True) -> None:
        self.kind = kind
        self.bos = bos
        self.eos = eos
        self.add_bos = add_bos
        self._jinja: Any = None
        if kind == "template":
            # llama-cpp-python's formatter renders HF templates the way transformers does
            # (sandboxed Jinja, raise_exception, tojson, strftime_now)
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            self._jinja = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)

    @classmethod
    def for_model(cls, metadata: dict[str, str], bos: str, eos: str, add_bos: bool) -> "ChatFormat":
        template = metadata.get("tokenizer.chat_template")
        if template:
            return cls("template", template=template, bos=bos, eos=eos, add_bos=add_bos)
        arch = metadata.get("general.architecture", "")
        if arch.startswith("gemma"):
            return cls("gemma", bos=bos, eos=eos, add_bos=add_bos)
        return cls("plain", bos=bos, eos=eos, add_bos=add_bos)

    def format(self, messages: Sequence[Message]) -> ChatPrompt:
        dicts = to_dicts(messages)
        if self.kind == "template":
            text = self._jinja(messages=dicts).prompt
            stop = [self.eos] if self.eos else []
            # templates that need BOS write it themselves (bos_token variable)
            return ChatPrompt(text, stop, has_bos=bool(self.bos) and text.startswith(self.bos))
        if self.kind == "gemma":
            return ChatPrompt(_gemma(dicts, self.bos), ["<end_of_turn>"], has_bos=bool(self.bos))
        return ChatPrompt(_plain(dicts), ["\nUser:", "\nSystem:"], has_bos=False)

    def describe(self) -> str:
        return {"template": "the model's chat template", "gemma": "the Gemma chat format",
                "plain": "a plain-text chat format"}[self.kind]


def _merge_system(dicts: list[dict[str, str]]) -> list[dict[str, str]]:
    """Fold system messages into the next user turn (formats without a system role)."""
    merged: list[dict[str, str]] = []
    pending = ""
    for d in dicts:
        if d["role"] == "system":
            pending = f"{pending}\n\n{d['content']}".strip()
            continue
        if pending and d["role"] == "user":
            d = {"role": "user", "content": f"{pending}\n\n{d['content']}"}
            pending = ""
        merged.append(d)
    if pending:
        merged.append({"role": "user", "content": pending})
    # Gemma turns alternate user/model: join consecutive turns of the same role
    joined: list[dict[str, str]] = []
    for d in merged:
        if joined and joined[-1]["role"] == d["role"]:
            joined[-1] = {"role": d["role"], "content": f"{joined[-1]['content']}\n\n{d['content']}"}
        else:
            joined.append(d)
    return joined


def _gemma(dicts: list[dict[str, str]], bos: str) -> str:
    parts = [bos]
    for d in _merge_system(dicts):
        role = "model" if d["role"] == "assistant" else "user"
        parts.append(f"<start_of_turn>{role}\n{d['content'].strip()}<end_of_turn>\n")
    parts.append("<start_of_turn>model\n")
    return "".join(parts)


def _plain(dicts: list[dict[str, str]]) -> str:
    names = {"system": "System", "user": "User", "assistant": "Assistant"}
    lines = [f"{names.get(d['role'], 'User')}: {d['content'].strip()}" for d in dicts]
    return "\n\n".join(lines) + "\n\nAssistant:"
