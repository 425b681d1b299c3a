from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateTable

from briefings.tables import BriefingVersionRow
from db import Base, create_engine_for, init_db
from db.migrate import current_revision, head_revision
from service.chat.thread_store import ConversationTurnRow
from service.curation.feedback_tables import FeedbackRow
from service.curation.review_store import ReviewCheckRow


def test_create_engine_for_turns_on_wal_and_foreign_keys(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_create_engine_for_makes_the_database_folder(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'a' / 'b' / 'x.db'}")
    init_db(engine)
    init_db(engine)  # idempotent
    engine.dispose()
    assert (tmp_path / "a" / "b" / "x.db").exists()


def test_tables_compile_for_postgresql() -> None:
    ddl = [
        str(CreateTable(table).compile(dialect=postgresql.dialect()))
        for table in Base.metadata.sorted_tables
    ]
    assert len(ddl) == 8  # + ingest jobs
    for row in (ReviewCheckRow, ConversationTurnRow):
        assert f"CREATE TABLE {row.__tablename__} " in "\n".join(ddl)
    assert "created_at TIMESTAMP WITH TIME ZONE" in "\n".join(ddl)


def test_briefing_version_needs_an_existing_briefing(engine: Engine) -> None:
    row = BriefingVersionRow(slug="ghost", version=1, markdown="", author="a", status="draft")
    with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
        session.add(row)


def test_feedback_rating_is_checked_by_the_database(engine: Engine) -> None:
    with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
        session.add(FeedbackRow(conversation_id="c", rating="sideways"))


def test_naive_datetimes_are_refused(engine: Engine) -> None:
    row = FeedbackRow(conversation_id="c", rating="up", created_at=datetime(2026, 1, 1))
    refused = pytest.raises(StatementError, match="pass an aware UTC datetime")
    with refused, Session(engine) as session, session.begin():
        session.add(row)


def test_init_db_adds_new_columns_to_an_old_table(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE users (id INTEGER PRIMARY KEY, username VARCHAR(100) UNIQUE, "
                "password_hash VARCHAR(255), created_at DATETIME, is_active BOOLEAN)"
            )
        )
        connection.execute(
            text("INSERT INTO users VALUES (1, 'amira', 'x', '2026-01-01 00:00:00', 1)")
        )
    init_db(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT session_version FROM users")).scalar() == 0
        assert connection.execute(text("SELECT username FROM users")).scalar() == "amira"
    assert current_revision(engine) == head_revision()  # stamped, then upgraded
    engine.dispose()
