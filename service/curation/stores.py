"""Wiring between the briefing database and the knowledge base.

At start-up the library seeds the database and every published briefing is synced into the index
(so answers cite them); after a curator publishes or unpublishes, only that briefing is re-synced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from sqlalchemy import Engine, MetaData
from sqlalchemy.exc import SQLAlchemyError

from accounts.users import UserStore
from briefings.library import load_library
from briefings.store import BriefingStore
from db import Base, create_engine_for, init_db
from db.locks import supports_advisory_locks
from kb.index import KnowledgeBase
from kb.pgtables import CHUNK_METADATA
from service.chat.thread_store import ConversationTurnRow  # noqa: F401 - registers the table
from service.config import Settings
from service.curation.feedback_store import FeedbackStore, UnansweredReason
from service.curation.ingestion import BRIEFING_SOURCE_PREFIX, briefing_to_document, sync_briefings
from service.curation.job_tables import IngestJobRow  # noqa: F401 - registers the table
from service.curation.review_store import ReviewStore

logger = logging.getLogger(__name__)


@dataclass
class Stores:
    """The database behind briefings, curator accounts and feedback."""

    engine: Engine
    briefings: BriefingStore
    users: UserStore
    feedback: FeedbackStore
    reviews: ReviewStore

    def close(self) -> None:
        self.engine.dispose()


def open_stores(settings: Settings) -> Stores:
    engine = create_engine_for(settings.resolved_database_url)
    init_db(engine)
    return Stores(
        engine=engine,
        briefings=BriefingStore(engine),
        users=UserStore(engine),
        feedback=FeedbackStore(engine),
        reviews=ReviewStore(engine),
    )


def database_metadata(url: str) -> MetaData:
    """Every table the migrations make for the database at ``url``: the curator tables, plus
    the chunk store and BM25 generations on PostgreSQL (for autogenerate and schema tests)."""
    tables = list(Base.metadata.tables.values())
    if supports_advisory_locks(url):
        tables += CHUNK_METADATA.tables.values()
    combined = MetaData()
    for table in tables:
        table.to_metadata(combined)
    return combined


def open_store(settings: Settings) -> UserStore:
    """Just the curator accounts (for ``safeguide create-user``)."""
    return open_stores(settings).users


def seed_and_sync_briefings(stores: Stores, settings: Settings, *, kb: KnowledgeBase) -> None:
    """Seed new library briefings into the database, then index exactly the published ones."""
    added = stores.briefings.seed_from_library(load_library(settings.briefings_dir))
    report = sync_briefings(stores.briefings.list_briefings(status="published"), kb=kb)
    logger.info(
        "briefings seeded=%d indexed_added=%d indexed_updated=%d",
        len(added),
        len(report.added),
        len(report.updated),
    )


def resync_briefing(store: BriefingStore, slug: str, *, kb: KnowledgeBase) -> None:
    """Add, update or remove one briefing in the index to match its current status."""
    briefing = store.get_briefing(slug)
    if briefing.status == "published":
        kb.add_documents([briefing_to_document(briefing)])
    else:
        kb.remove_document(f"{BRIEFING_SOURCE_PREFIX}{slug}")


def unanswered_recorder(feedback: FeedbackStore) -> Callable[[str, str, float | None], None]:
    """``ChatDeps.on_unanswered``: store the (already redacted) question for curators.

    Recording is a side effect of answering: if the database is busy or down the answer still
    goes out (the miss is logged, without the question).
    """
    reasons: tuple[str, ...] = get_args(UnansweredReason)

    def record(question_redacted: str, reason: str, score: float | None) -> None:
        if reason not in reasons:
            logger.warning("unanswered reason=%s not stored: unknown reason", reason)
            return
        try:
            feedback.record_unanswered(question_redacted, reason, top_score=score)  # type: ignore[arg-type]
        except SQLAlchemyError as e:
            logger.warning("unanswered question not recorded reason=%s error=%s", reason, e)

    return record
