"""Conversation memory stays small however long a chain of follow-ups gets."""

from __future__ import annotations

from service.chat.conversations import (
    MAX_REMEMBERED_WORDS,
    ConversationMemory,
    resolve_question,
)


def test_memory_stays_bounded_over_400_follow_ups() -> None:
    memory = ConversationMemory()
    memory.remember("c1", "Who do I call about private fostering in Redbridge?")
    for i in range(400):
        query, context = resolve_question(f"and what about them, case {i}?", memory.previous("c1"))
        assert context is not None
        memory.remember("c1", query)
    remembered = memory.previous("c1")
    assert remembered is not None
    assert len(remembered.split()) <= MAX_REMEMBERED_WORDS
    assert remembered.startswith("Who do I call about private fostering")
    assert remembered.endswith("case 399?")
