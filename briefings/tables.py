"""Tables for briefings: which version is current, and every saved version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db import Base, UTCDateTime, utc_now


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
