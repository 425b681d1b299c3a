"""The SQLAlchemy foundation shared by briefings, accounts and curation: one declarative base,
aware UTC datetimes, an engine factory and the migrations (``db.migrate``, ``db/migrations``).
Imports nothing from the project; each package declares its own tables on ``Base``.

Portable column types only, so the same models run on SQLite (the default) and PostgreSQL.
Nothing here reads settings: callers pass a database URL such as ``sqlite:///var/safeguide.db``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, create_engine, event, make_url
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
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
    """Bring the database to the newest migration (``db.migrate``): creates missing tables on a
    new database, upgrades an old one. Existing rows are kept."""
    from db.migrate import upgrade_database  # db.migrate builds on Base, defined above

    upgrade_database(engine)
