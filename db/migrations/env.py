"""Alembic's entry point: migrate the connection (and compare with the metadata) that
``db.migrate`` passes in ``config.attributes``; this project never runs Alembic's own CLI."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection
from sqlalchemy.types import TypeDecorator


def render_item(kind: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render the project's column types (e.g. ``UTCDateTime``) as the plain type they store,
    so revision files import nothing from the project."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


connection: Connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("target_metadata"),
    # SQLite cannot ALTER most things: later revisions rebuild tables in batches there.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
