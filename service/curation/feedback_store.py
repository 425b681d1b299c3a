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
        _require_one_of(rating, Rating, "rating")
        row = FeedbackRow(
            conversation_id=conversation_id,
            rating=rating,
            reason=reason,
            question_redacted=question_redacted,
        )
        return self._insert(row, f"rating={rating}")

    def _insert(self, row: FeedbackRow | UnansweredRow, detail: str) -> int:
        row.created_at = self._clock()
        with Session(self._engine) as session, session.begin():
            session.add(row)
            session.flush()
            row_id = row.id
        logger.info("recorded %s id=%d %s", row.__tablename__, row_id, detail)
        return row_id

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
        _require_one_of(reason, UnansweredReason, "reason")
        row = UnansweredRow(question_redacted=question_redacted, reason=reason, top_score=top_score)
        return self._insert(row, f"reason={reason}")

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


def _require_one_of(value: str, allowed: object, what: str) -> None:
    choices = get_args(allowed)
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{what} {value!r} is not allowed: use one of {listed}")


def normalise_question(text: str) -> str:
    """Lower-case, no punctuation, single spaces: "Who do I call?" becomes "who do i call"."""
    kept = "".join(
        " " if unicodedata.category(ch).startswith("P") else ch for ch in text.casefold()
    )
    return re.sub(r"\s+", " ", kept).strip()
