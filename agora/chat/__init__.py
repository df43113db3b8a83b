"""The chat: a conversation with memory, answered plainly, by an agent, or by a debate (the
modes, behind one :class:`Mode` protocol), saved as a session that can be resumed, and steered
with slash commands."""

from agora.chat.chat import Chat
from agora.chat.modes import MODES, Mode, Reply

__all__ = ["Chat", "Reply", "Mode", "MODES"]
