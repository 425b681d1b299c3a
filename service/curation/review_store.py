"""Review checks: a curator confirmed a contact's details or a briefing's content, who and when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import CheckConstraint, Engine, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from db import Base, UTCDateTime, utc_now

ReviewKind = Literal["contact", "briefing"]


class UnknownReviewItem(LookupError):
    """Raised when a check names a contact or briefing that does not exist."""


class ReviewCheckRow(Base):
    """One "mark as checked" by a curator."""

    __tablename__ = "review_checks"
    __table_args__ = (CheckConstraint("kind IN ('contact', 'briefing')", name="review_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    item_id: Mapped[str] = mapped_column(String(100), index=True)
    checked_by: Mapped[str] = mapped_column(String(100))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


@dataclass(frozen=True)
class ReviewCheck:
    kind: ReviewKind
    item_id: str
    checked_by: str
    checked_at: datetime


class ReviewStore:
    """Who checked which contact or briefing, and when."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def record_check(self, kind: ReviewKind, item_id: str, *, checked_by: str) -> ReviewCheck:
        if kind not in get_args(ReviewKind):
            raise ValueError(f"kind must be one of {get_args(ReviewKind)}, not {kind!r}")
        checked_at = self._clock()
        row = ReviewCheckRow(
            kind=kind, item_id=item_id, checked_by=checked_by, checked_at=checked_at
        )
        with Session(self._engine) as session, session.begin():
            session.add(row)
        return ReviewCheck(kind, item_id, checked_by, checked_at)

    def latest_checks(self, kind: ReviewKind) -> dict[str, ReviewCheck]:
        """The most recent check of each item of ``kind``."""
        stmt = select(ReviewCheckRow).where(ReviewCheckRow.kind == kind).order_by(ReviewCheckRow.id)
        with Session(self._engine) as session:
            return {
                row.item_id: ReviewCheck(kind, row.item_id, row.checked_by, row.checked_at)
                for row in session.scalars(stmt)
            }
