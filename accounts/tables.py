"""The curator accounts table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db import Base, UTCDateTime, utc_now


class UserRow(Base):
    """A curator who can sign in. Only the scrypt hash of the password is kept."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Stored in each session cookie; bumping it (log-out, disabling, a new password) ends them all.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
