"""The migrations make exactly the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, inspect

from db import create_engine_for, init_db
from db.migrate import current_revision, head_revision
from service.curation.stores import database_metadata


def _differences(engine: Engine, url: str, *, extra_column: bool = False) -> list[Any]:
    metadata = database_metadata(url)
    if extra_column:
        metadata.tables["users"].append_column(Column("shoe_size", Integer, nullable=True))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_upgrading_an_empty_sqlite_database_gives_the_models_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    engine = create_engine_for(url)
    init_db(engine)
    assert current_revision(engine) == head_revision()
    assert _differences(engine, url) == []
    # The comparison does notice a model the migrations do not make.
    assert [d[0] for d in _differences(engine, url, extra_column=True)] == ["add_column"]
    assert not any(t.startswith("kb_") for t in inspect(engine).get_table_names())
    engine.dispose()


def test_upgrading_an_empty_postgresql_database_gives_the_models_schema(
    postgres_url: str,
) -> None:
    engine = create_engine_for(postgres_url)
    init_db(engine)
    init_db(engine)  # already at head: nothing to do
    assert current_revision(engine) == head_revision()
    assert _differences(engine, postgres_url) == []
    assert {"kb_documents", "kb_chunks", "kb_lexical_generations"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()
