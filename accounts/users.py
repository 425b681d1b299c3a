"""Curator accounts: user names and Argon2id password hashes (scrypt ones re-hashed on sign-in)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.passwords import dummy_hash, hash_password, verify_and_update
from accounts.tables import UserRow
from db import utc_now

logger = logging.getLogger(__name__)

# Shortest password accepted for a curator account (three random words easily clear it).
MIN_PASSWORD_LENGTH = 12


class UserExists(ValueError):
    """Raised when creating a user whose name is already taken."""


class WeakPassword(ValueError):
    """Raised when a new password is shorter than the minimum length."""


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
        """Whether an active user has this password. Unknown users take as long to reject.

        A right password checked against an outdated hash (scrypt, or weaker Argon2 settings)
        replaces it with a current Argon2id hash.
        """
        with Session(self._engine) as session, session.begin():
            row = session.scalar(
                select(UserRow).where(UserRow.username == normalise_username(username))
            )
            stored = row.password_hash if row is not None else dummy_hash()
            matches, updated = verify_and_update(password, stored)
            if row is None or not matches:
                return False
            if updated is not None:
                row.password_hash = updated
                logger.info("re-hashed password username=%s", row.username)
            return row.is_active

    def set_active(self, username: str, *, active: bool) -> bool:
        """Enable or disable sign-in (ending every session); return whether the user exists."""
        with Session(self._engine) as session, session.begin():
            row = session.scalar(
                select(UserRow).where(UserRow.username == normalise_username(username))
            )
            if row is None:
                return False
            row.is_active = active
            row.session_version += 1
        logger.info("set user active username=%s active=%s", normalise_username(username), active)
        return True

    def set_password(self, username: str, password: str) -> bool:
        """Replace a user's password and end every session; return whether the user exists."""
        if len(password) < MIN_PASSWORD_LENGTH:
            raise WeakPassword(
                f"new password is too short: use at least {MIN_PASSWORD_LENGTH} characters"
            )
        with Session(self._engine) as session, session.begin():
            row = session.scalar(
                select(UserRow).where(UserRow.username == normalise_username(username))
            )
            if row is None:
                return False
            row.password_hash = hash_password(password)
            row.session_version += 1
        logger.info("changed password username=%s", normalise_username(username))
        return True

    def session_version(self, username: str) -> int | None:
        """The version a live session of this user must carry; ``None`` if unknown or disabled."""
        with Session(self._engine) as session:
            row = session.execute(
                select(UserRow.session_version, UserRow.is_active).where(
                    UserRow.username == normalise_username(username)
                )
            ).one_or_none()
        if row is None or not row.is_active:
            return None
        return int(row.session_version)

    def end_sessions(self, username: str) -> None:
        """End every session of this user (on every worker and host): bump the version."""
        with Session(self._engine) as session, session.begin():
            session.execute(
                update(UserRow)
                .where(UserRow.username == normalise_username(username))
                .values(session_version=UserRow.session_version + 1)
            )
        logger.info("ended sessions username=%s", normalise_username(username))


def normalise_username(username: str) -> str:
    return username.strip().casefold()
