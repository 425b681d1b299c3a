"""Database tables for curated content: briefing versions, curators, feedback, unanswered questions.

Portable column types only, so the same models run on SQLite (the default) and PostgreSQL.
Nothing here reads settings: callers pass a database URL such as ``sqlite:///var/safeguide.db``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# SQLite waits this long for another writer's lock before raising "database is locked".
SQLITE_BUSY_TIMEOUT_S = 15


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite drops the zone; this restores it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class BriefingRow(Base):
    """One briefing: its slug and which version is current. Content lives in the versions."""

    __tablename__ = "briefings"
    __table_args__ = (CheckConstraint("status IN ('draft', 'published')", name="briefing_status"),)

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    current_version: Mapped[int] = mapped_column(Integer)


class BriefingVersionRow(Base):
    """One saved version of a briefing, as its full Markdown file. Never updated or deleted."""

    __tablename__ = "briefing_versions"
    __table_args__ = (
        UniqueConstraint("slug", "version", name="briefing_version_unique"),
        CheckConstraint("status IN ('draft', 'published')", name="briefing_version_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(ForeignKey("briefings.slug"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    markdown: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    status: Mapped[str] = mapped_column(String(16))


class UserRow(Base):
    """A curator who can sign in. Only the scrypt hash of the password is kept."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


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


def create_engine_for(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and cross-thread use switched on."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S}
    )
    event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def init_db(engine: Engine) -> None:
    """Create any missing tables (existing tables and rows are left alone)."""
    Base.metadata.create_all(engine)
