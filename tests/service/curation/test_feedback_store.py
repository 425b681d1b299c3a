from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from service.curation.feedback_store import FeedbackStore, normalise_question


@pytest.fixture()
def feedback(engine: Engine, clock: Callable[[], datetime]) -> FeedbackStore:
    return FeedbackStore(engine, clock=clock)


def test_record_feedback_lists_newest_first(feedback: FeedbackStore) -> None:
    first = feedback.record_feedback("c1", "up")
    second = feedback.record_feedback(
        "c2", "down", reason="wrong number", question_redacted="who do I call about [NAME]?"
    )
    listed = feedback.list_feedback(limit=10)
    assert [f.id for f in listed] == [second, first]
    assert listed[0].rating == "down"
    assert listed[0].reason == "wrong number"
    assert listed[0].question_redacted == "who do I call about [NAME]?"
    assert listed[0].created_at.tzinfo is not None
    assert [f.id for f in feedback.list_feedback(limit=1)] == [second]


def test_record_feedback_rejects_unknown_rating(feedback: FeedbackStore) -> None:
    with pytest.raises(ValueError, match="use one of 'up', 'down'"):
        feedback.record_feedback("c1", "meh")  # type: ignore[arg-type]


def test_record_unanswered_rejects_unknown_reason(feedback: FeedbackStore) -> None:
    with pytest.raises(ValueError, match="use one of 'no_sources'"):
        feedback.record_unanswered("q", "bored")  # type: ignore[arg-type]


def test_list_unanswered_grouped_counts_normalised_questions(
    engine: Engine,
) -> None:
    times = [datetime(2026, 1, 5, 9, minute, tzinfo=UTC) for minute in range(6)]
    feedback = FeedbackStore(engine, clock=iter(times).__next__)
    feedback.record_unanswered("Who is the LADO?", "no_sources", top_score=0.1)
    feedback.record_unanswered("What is FGM?", "low_confidence", top_score=0.4)
    feedback.record_unanswered("who   is the lado", "refused")
    feedback.record_unanswered("Who is the LADO!!", "no_sources")
    feedback.record_unanswered("Who is the LADO", "no_sources")
    feedback.record_unanswered("What's a CIN plan?", "no_sources")
    grouped = feedback.list_unanswered_grouped()
    assert grouped[0] == ("Who is the LADO", 4, times[4])
    assert [(text, count) for text, count, _ in grouped[1:]] == [
        ("What's a CIN plan?", 1),  # seen more recently than FGM
        ("What is FGM?", 1),
    ]
    assert len(feedback.list_unanswered_grouped(limit=2)) == 2


def test_normalise_question_ignores_case_punctuation_and_spacing() -> None:
    assert normalise_question("  Who do I CALL?\n(urgent)  ") == "who do i call urgent"
    assert normalise_question("“Private-fostering”…") == "private fostering"
