"""The chat: a conversation with memory, answered plainly, by an agent, or by a debate,
saved as a session that can be resumed, and steered with slash commands."""

from agora.chat.chat import Chat
from agora.chat.modes import Reply

__all__ = ["Chat", "Reply"]
