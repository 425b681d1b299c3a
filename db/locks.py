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
