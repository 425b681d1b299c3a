"""The conversation thread store: turns in order, bounded, expiring."""

from __future__ import annotations

import pytest

from service.chat.schemas import ChatResponse
from service.chat.threads import MAX_TURNS, ConversationNotFound, ConversationThreads


def _turn(conversation_id: str, question: str) -> ChatResponse:
    return ChatResponse(
        answer="An answer.",
        citations=[],
        urgent=False,
        grounded=False,
        contacts=[],
        conversation_id=conversation_id,
        question=question,
    )


def test_threads_keep_turns_in_order() -> None:
    threads = ConversationThreads()
    assert threads.add(_turn("a", "first")) == 1
    assert threads.add(_turn("b", "other")) == 1
    assert threads.add(_turn("a", "second")) == 2
    assert [t.question for t in threads.read_thread("a")] == ["first", "second"]


def test_threads_drop_the_oldest_turns_past_the_limit() -> None:
    threads = ConversationThreads()
    for i in range(MAX_TURNS + 3):
        threads.add(_turn("a", f"q{i}"))
    turns = threads.turns("a")
    assert len(turns) == MAX_TURNS and turns[0].question == "q3"


def test_expired_or_unknown_thread_is_not_found() -> None:
    threads = ConversationThreads(ttl_seconds=-1)
    threads.add(_turn("a", "first"))
    assert threads.turns("a") == []
    with pytest.raises(ConversationNotFound, match="start a new one"):
        threads.read_thread("a")
