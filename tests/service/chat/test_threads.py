"""The conversation thread store: turns in order, bounded, expiring, shared through the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from service.chat.schemas import ChatResponse
from service.chat.thread_store import MAX_TURNS, ConversationNotFound, ConversationThreads


def _turn(conversation_id: str, question: str) -> ChatResponse:
    return ChatResponse(
        answer="An answer [1].",
        citations=[],
        urgent=False,
        grounded=False,
        contacts=[],
        conversation_id=conversation_id,
        question=question,
    )


def test_threads_keep_turns_in_order_and_any_process_reads_them(engine: Engine) -> None:
    threads = ConversationThreads(engine)
    assert threads.add(_turn("a", "first")) == 1
    assert threads.add(_turn("b", "other")) == 1
    assert threads.add(_turn("a", "second")) == 2
    another_worker = ConversationThreads(engine)
    assert [t.question for t in another_worker.read_thread("a")] == ["first", "second"]


def test_threads_drop_the_oldest_turns_past_the_limit(engine: Engine) -> None:
    threads = ConversationThreads(engine)
    for i in range(MAX_TURNS + 3):
        threads.add(_turn("a", f"q{i}"))
    turns = threads.turns("a")
    assert len(turns) == MAX_TURNS and turns[0].question == "q3"


def test_expired_or_unknown_thread_is_not_found(engine: Engine) -> None:
    now = [datetime(2026, 11, 25, 9, 0, tzinfo=UTC)]
    threads = ConversationThreads(engine, ttl_seconds=3600, clock=lambda: now[0])
    threads.add(_turn("a", "first"))
    now[0] += timedelta(minutes=59)
    assert len(threads.turns("a")) == 1
    now[0] += timedelta(minutes=2)
    assert threads.turns("a") == []
    threads.add(_turn("b", "later"))  # adding a turn deletes expired ones
    with pytest.raises(ConversationNotFound, match="start a new one"):
        threads.read_thread("a")
    with pytest.raises(ConversationNotFound):
        threads.read_thread("never-started")
