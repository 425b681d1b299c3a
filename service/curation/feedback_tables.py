"""Tables for answer feedback and unanswered questions (redacted text only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db import Base, UTCDateTime, utc_now


class FeedbackRow(Base):
    """A thumbs up or down on an answer. Text columns hold only what the caller has redacted."""

    __tablename__ = "feedback"
    __table_args__ = (CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    conversation_id: Mapped[str] = mapped_column(String(100), index=True)
    rating: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(Text)
    question_redacted: Mapped[str | None] = mapped_column(Text)


class UnansweredRow(Base):
    """A question the service could not answer from its sources: the gap list for curators."""

    __tablename__ = "unanswered"
    __table_args__ = (
        CheckConstraint(
            "reason IN ('no_sources', 'low_confidence', 'refused')", name="unanswered_reason"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    question_redacted: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(32))
    top_score: Mapped[float | None] = mapped_column(Float)
