"""The upload jobs table: any worker can report a job that another worker runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db import Base, UTCDateTime, utc_now


class IngestJobRow(Base):
    """One upload's ingest: queued, running, done or failed, with a message for the curator."""

    __tablename__ = "ingest_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    message: Mapped[str] = mapped_column(Text, default="Waiting to start.")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    finished: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
