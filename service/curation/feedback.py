"""Thumbs up or down on an answer: ``POST /api/feedback`` and the no-JavaScript form both call
``submit_feedback``. The optional reason is redacted before it is stored."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.chat.safety import redact
from service.curation.feedback_store import FeedbackStore

# Longest reason kept: a sentence or two; longer text is usually a pasted case note.
MAX_REASON_CHARS = 1000


class FeedbackCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    conversation_id: str | None = Field(None, max_length=64, pattern=r"^[A-Za-z0-9_-]*$")
    rating: Literal["up", "down"]
    reason: str | None = Field(
        None,
        max_length=MAX_REASON_CHARS,
        description="Why; personal data is removed before storing.",
    )


class FeedbackPublic(BaseModel):
    id: int
    rating: Literal["up", "down"]
    message: str = "Thank you for your feedback."


def submit_feedback(
    store: FeedbackStore, body: FeedbackCreate, *, allowed_numbers: set[str]
) -> FeedbackPublic:
    reason = None
    if body.reason:
        reason, _ = redact(body.reason, allowed_numbers=allowed_numbers)
    feedback_id = store.record_feedback(
        body.conversation_id or "unknown", body.rating, reason=reason
    )
    return FeedbackPublic(id=feedback_id, rating=body.rating)
