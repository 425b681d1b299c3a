"""Schema migrations (Alembic, ``db/migrations``): ``upgrade_database`` brings any database,
empty or old, to the newest revision; ``init_db`` calls it at start-up.

One process migrates at a time (a PostgreSQL advisory lock, or a file lock beside a SQLite
file), so N workers starting together do not race to create the same table. A database made
before migrations existed (tables made by ``create_all``, no ``alembic_version``) is first
brought to the baseline the old way (missing tables and columns added), then stamped with it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy import Connection, Engine, MetaData, inspect, text

from db import Base
from db.locks import advisory_lock

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The first revision: the curator tables as ``create_all`` made them before migrations.
BASELINE_REVISION = "0001"
BASELINE_TABLES = frozenset(
    {
        "users",
        "briefings",
        "briefing_versions",
        "feedback",
        "unanswered",
        "review_checks",
        "conversation_turns",
        "ingest_jobs",
    }
)
# Name of the advisory lock held while migrating a PostgreSQL database.
MIGRATION_LOCK = "safeguide:migrations"
# A migrating process waits this long for another (a fresh schema takes about a second).
MIGRATION_LOCK_TIMEOUT_S = 300.0


def alembic_config(connection: Connection, *, metadata: MetaData | None = None) -> Config:
    """Alembic's configuration for ``connection`` (``metadata`` for autogenerate)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    config.attributes["target_metadata"] = metadata
    return config


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_database(engine: Engine) -> None:
    """Migrate to the newest revision (nothing to do when already there)."""
    head = head_revision()
    with _migration_lock(engine):
        if current_revision(engine) == head:
            return
        with engine.begin() as connection:
            tables = set(inspect(connection).get_table_names())
            if tables & BASELINE_TABLES and "alembic_version" not in tables:
                logger.info("database predates migrations: bringing it to the baseline")
                _bring_to_baseline(connection)
                command.stamp(alembic_config(connection), BASELINE_REVISION)
            command.upgrade(alembic_config(connection), "head")
    logger.info("database migrated revision=%s", head)


def make_revision(engine: Engine, message: str, *, metadata: MetaData) -> None:
    """Write the next revision file: the difference between the database and ``metadata``."""
    with engine.begin() as connection:
        command.revision(
            alembic_config(connection, metadata=metadata), message=message, autogenerate=True
        )


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with advisory_lock(engine, MIGRATION_LOCK):
            yield
        return
    database = engine.url.database
    on_disk = database and database != ":memory:"
    lock = (
        FileLock(f"{database}.migrate.lock", timeout=MIGRATION_LOCK_TIMEOUT_S)
        if on_disk
        else nullcontext()
    )
    with lock:
        yield


def _bring_to_baseline(connection: Connection) -> None:
    """Create the baseline tables that are missing and add their missing columns (each new
    column has a ``server_default`` or is nullable, so old rows get a value)."""
    baseline = [t for t in Base.metadata.sorted_tables if t.name in BASELINE_TABLES]
    Base.metadata.create_all(connection, tables=baseline)
    existing = inspect(connection)
    for table in baseline:
        have = {column["name"] for column in existing.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            if column.server_default is None and not column.nullable:
                raise RuntimeError(
                    f"column {table.name}.{column.name} has no server default: "
                    "give it one so existing rows can be upgraded"
                )
            kind = column.type.compile(dialect=connection.dialect)
            default = column.server_default
            clause = f" DEFAULT {default.arg}" if default is not None else ""  # type: ignore[attr-defined]
            connection.execute(
                text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}{clause}')
            )
