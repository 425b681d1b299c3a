"""A cross-host lock in the database: PostgreSQL session-level advisory locks.

``advisory_lock(engine, key)`` holds ``pg_advisory_lock(key)`` on one pooled connection for the
duration of the ``with`` block. Every process on every host that uses the same database and key
waits its turn; if the holder dies, PostgreSQL releases the lock with its connection.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, make_url, text


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name (advisory locks take a bigint)."""
    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def supports_advisory_locks(url: str) -> bool:
    """Whether the database at ``url`` is PostgreSQL (SQLite has no advisory locks)."""
    return make_url(url).get_backend_name() == "postgresql"


@contextmanager
def advisory_lock(engine: Engine, name: str) -> Iterator[None]:
    """Hold the named advisory lock (waiting for it) while the block runs."""
    key = lock_key(name)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()


def held_elsewhere(engine: Engine, name: str) -> bool:
    """Whether another session holds the named advisory lock right now (if it is free, it is
    taken and released at once). A lock held by a process that died is free: PostgreSQL ends
    the dead process's session and its locks with it."""
    key = lock_key(name)
    with engine.connect() as connection:
        free = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        if free:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        connection.commit()
    return not free
