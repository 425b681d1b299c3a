"""Curator accounts: user names and scrypt password hashes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.errors import UserExists, WeakPassword
from accounts.passwords import check_password, dummy_hash, hash_password
from accounts.tables import UserRow
from db import utc_now

logger = logging.getLogger(__name__)

# Shortest password accepted for a curator account (three random words easily clear it).
MIN_PASSWORD_LENGTH = 12


class UserStore:
    """Create curators and check their passwords. User names are matched case-insensitively."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def create_user(self, username: str, password: str) -> None:
        """Add an active curator; ``UserExists`` or ``WeakPassword`` if that cannot be done."""
        name = normalise_username(username)
        if not name:
            raise ValueError("user name is empty: choose a name such as 'j.smith'")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise WeakPassword(
                f"password for {name!r} is too short: use at least {MIN_PASSWORD_LENGTH} "
                "characters (three random words work well)"
            )
        row = UserRow(
            username=name, password_hash=hash_password(password), created_at=self._clock()
        )
        try:
            with Session(self._engine) as session, session.begin():
                session.add(row)
        except IntegrityError as e:
            raise UserExists(f"user {name!r} already exists: choose another name") from e
        logger.info("created user username=%s", name)

    def verify_user(self, username: str, password: str) -> bool:
        """Whether an active user has this password. Unknown users take as long to reject."""
        with Session(self._engine) as session:
            row = session.scalar(
                select(UserRow).where(UserRow.username == normalise_username(username))
            )
            stored = row.password_hash if row is not None else dummy_hash()
            matches = check_password(password, stored)
            return matches and row is not None and row.is_active

    def set_active(self, username: str, *, active: bool) -> bool:
        """Enable or disable sign-in for a user; return whether the user exists."""
        with Session(self._engine) as session, session.begin():
            row = session.scalar(
                select(UserRow).where(UserRow.username == normalise_username(username))
            )
            if row is None:
                return False
            row.is_active = active
        logger.info("set user active username=%s active=%s", normalise_username(username), active)
        return True


def normalise_username(username: str) -> str:
    return username.strip().casefold()
