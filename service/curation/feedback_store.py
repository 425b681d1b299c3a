"""Answer feedback and unanswered questions: what curators read to find gaps in the guidance.

Callers redact question and reason text before it reaches these functions; nothing here logs it.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast, get_args

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db import utc_now
from service.curation.feedback_tables import FeedbackRow, UnansweredRow

logger = logging.getLogger(__name__)

Rating = Literal["up", "down"]
UnansweredReason = Literal["no_sources", "low_confidence", "refused"]


@dataclass(frozen=True)
class Feedback:
    """One rating of an answer, as stored."""

    id: int
    created_at: datetime
    conversation_id: str
    rating: Rating
    reason: str | None
    question_redacted: str | None


class FeedbackStore:
    """Ratings of answers and the questions that went unanswered."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def record_feedback(
        self,
        conversation_id: str,
        rating: Rating,
        *,
        reason: str | None = None,
        question_redacted: str | None = None,
    ) -> int:
        """Store a rating (``reason`` and question already redacted); return its id."""
        if rating not in get_args(Rating):
            raise ValueError(f"rating {rating!r} is not allowed: use 'up' or 'down'")
        row = FeedbackRow(
            created_at=self._clock(),
            conversation_id=conversation_id,
            rating=rating,
            reason=reason,
            question_redacted=question_redacted,
        )
        with Session(self._engine) as session, session.begin():
            session.add(row)
            session.flush()
            feedback_id = row.id
        logger.info("recorded feedback id=%d rating=%s", feedback_id, rating)
        return feedback_id

    def list_feedback(self, limit: int = 100) -> list[Feedback]:
        """The most recent ratings, newest first."""
        stmt = select(FeedbackRow).order_by(FeedbackRow.created_at.desc(), FeedbackRow.id.desc())
        with Session(self._engine) as session:
            return [
                Feedback(
                    id=row.id,
                    created_at=row.created_at,
                    conversation_id=row.conversation_id,
                    rating=cast(Rating, row.rating),
                    reason=row.reason,
                    question_redacted=row.question_redacted,
                )
                for row in session.scalars(stmt.limit(limit))
            ]

    def record_unanswered(
        self, question_redacted: str, reason: UnansweredReason, *, top_score: float | None = None
    ) -> int:
        """Store a question the service could not answer (already redacted); return its id."""
        if reason not in get_args(UnansweredReason):
            allowed = ", ".join(repr(r) for r in get_args(UnansweredReason))
            raise ValueError(f"reason {reason!r} is not allowed: use one of {allowed}")
        row = UnansweredRow(
            created_at=self._clock(),
            question_redacted=question_redacted,
            reason=reason,
            top_score=top_score,
        )
        with Session(self._engine) as session, session.begin():
            session.add(row)
            session.flush()
            unanswered_id = row.id
        logger.info("recorded unanswered id=%d reason=%s", unanswered_id, reason)
        return unanswered_id

    def list_unanswered_grouped(self, limit: int | None = None) -> list[tuple[str, int, datetime]]:
        """(latest wording, times asked, last asked) per normalised question, most asked first."""
        groups: dict[str, tuple[str, int, datetime]] = {}
        stmt = select(UnansweredRow).order_by(UnansweredRow.created_at, UnansweredRow.id)
        with Session(self._engine) as session:
            for row in session.scalars(stmt):
                key = normalise_question(row.question_redacted)
                _, count, _ = groups.get(key, ("", 0, row.created_at))
                groups[key] = (row.question_redacted, count + 1, row.created_at)
        ranked = sorted(groups.values(), key=lambda g: (-g[1], -g[2].timestamp()))
        return ranked[:limit] if limit is not None else ranked


def normalise_question(text: str) -> str:
    """Lower-case, no punctuation, single spaces: "Who do I call?" becomes "who do i call"."""
    kept = "".join(
        " " if unicodedata.category(ch).startswith("P") else ch for ch in text.casefold()
    )
    return re.sub(r"\s+", " ", kept).strip()
