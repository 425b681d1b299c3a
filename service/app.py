"""The application factory: ``create_app(settings)`` wires everything, once, in the lifespan."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from db import create_engine_for, init_db
from db.locks import advisory_lock, supports_advisory_locks
from kb.embeddings import Embedder, load_embedder
from kb.index import KnowledgeBase
from kb.writelock import WriteLock
from service.chat.acronyms import Acronyms, load_abbreviations
from service.chat.conversations import ConversationMemory
from service.chat.deps import ChatDeps
from service.chat.drafting import Answerer
from service.chat.scoring import sentence_texts
from service.chat.similarity import SentenceVectors
from service.chat.thread_store import ConversationThreads
from service.chat.urgency import open_urgency_check
from service.config import Settings
from service.curation.ingestion import ingest_paths
from service.curation.jobs import JobRunner
from service.curation.reviews import apply_contact_checks
from service.curation.stores import (
    open_stores,
    seed_and_sync_briefings,
    unanswered_recorder,
)
from service.errors import install_error_handlers
from service.http.accesslog import redact_access_log
from service.http.deps import Services
from service.http.limits import RequestLimitsMiddleware
from service.http.ratelimit import RateLimits
from service.http.security import SecurityHeadersMiddleware
from service.http.sessions import SignedSessionMiddleware, load_session_secret
from service.http.templating import STATIC_DIR, make_templates
from service.referrals.route_book import load_route_book
from service.routes import (
    ask,
    briefings,
    chat,
    curate,
    curate_documents,
    curate_reviews,
    docs,
    feedback,
    health,
    login,
    referrals,
    search,
)

logger = logging.getLogger(__name__)

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")


# Name of the advisory lock index writers share when the database is PostgreSQL.
INDEX_WRITE_LOCK = "safeguide:index-writes"


def index_write_lock(settings: Settings, *, engine: Engine | None = None) -> WriteLock | None:
    """A PostgreSQL advisory lock when the database is PostgreSQL (one writer across hosts);
    otherwise None, and the knowledge base uses its file lock (one writer on this machine)."""
    url = settings.resolved_database_url
    if not supports_advisory_locks(url):
        return None
    lock_engine = engine or create_engine_for(url)
    return WriteLock(lambda: advisory_lock(lock_engine, INDEX_WRITE_LOCK))


def open_knowledge_base(settings: Settings, *, engine: Engine | None = None) -> KnowledgeBase:
    """The index. On PostgreSQL the chunk store and BM25 live in the database (migrated first,
    on ``engine`` or a new one), so this process needs no shared folder; with SQLite they live
    in ``settings.index_dir``."""
    chunk_engine = None
    if supports_advisory_locks(settings.resolved_database_url):
        chunk_engine = engine or create_engine_for(settings.resolved_database_url)
        init_db(chunk_engine)
        if settings.index.chroma_host is None:
            logger.warning(
                "chunk store in PostgreSQL but vectors in an embedded Chroma under %s: set "
                "SAFEGUIDE_INDEX__CHROMA_HOST so every host shares them",
                settings.index_dir,
            )
    return KnowledgeBase.open(
        settings.index_dir,
        embedder=load_embedder(settings.index.embedder),
        chroma_host=settings.index.chroma_host,
        chroma_port=settings.index.chroma_port,
        collection=settings.index.collection,
        # Sentence vectors for the extractive answerer are computed at ingest, not per question.
        derived_texts=sentence_texts,
        write_lock=index_write_lock(settings, engine=chunk_engine),
        engine=chunk_engine,
    )


def build_llm(settings: Settings, *, embedder: Embedder | None = None) -> Answerer | None:
    if not settings.llm.enabled or not settings.llm.base_url:
        return None
    from service.chat.llm import LLMAnswerer, chat_model_from_settings

    model = chat_model_from_settings(
        base_url=settings.llm.base_url,
        api_key=settings.llm.api_key.get_secret_value(),
        model=settings.llm.model,
        timeout=settings.llm.timeout_seconds,
        temperature=settings.llm.temperature,
    )
    return LLMAnswerer(
        model,
        partnership=settings.branding.name,
        max_sentences=settings.retrieval.max_answer_sentences,
        embed=embedder.embed_documents if embedder is not None else None,
    )


def open_services(settings: Settings, *, llm: Answerer | None = None) -> Services:
    stores = open_stores(settings)  # migrates the database before the index reads it
    kb = open_knowledge_base(settings, engine=stores.engine)
    if not kb.list_documents():
        logger.info("index empty: ingesting the bundled corpus from %s", settings.corpus_dir)
        report, errors = ingest_paths(
            [settings.corpus_dir],
            kb=kb,
            max_tokens=settings.index.chunk_max_tokens,
            overlap_tokens=settings.index.chunk_overlap_tokens,
        )
        for error in errors:
            logger.error("ingest failed: %s", error)
    seed_and_sync_briefings(stores, settings, kb=kb)
    kb.sync_lexical()
    routes = load_route_book(
        settings.routes_file, review_after_months=settings.review.max_age_months
    )
    apply_contact_checks(routes, stores.reviews)
    chat_deps = ChatDeps(
        kb=kb,
        routes=routes,
        retrieval=settings.retrieval,
        memory=ConversationMemory(),
        llm=llm or build_llm(settings, embedder=kb.embedder),
        sentences=SentenceVectors(kb.embedder, precomputed=kb.text_vectors),
        on_unanswered=unanswered_recorder(stores.feedback),
        acronyms=Acronyms(kb, load_abbreviations(settings.abbreviations_file)),
        urgency=open_urgency_check(settings.urgency_model_file, kb.embedder),
    )
    return Services(
        settings=settings,
        kb=kb,
        routes=routes,
        chat=chat_deps,
        stores=stores,
        threads=ConversationThreads(stores.engine),
        jobs=JobRunner(stores.engine),
    )


def open_rate_limits(settings: Settings) -> RateLimits:
    security = settings.security
    return RateLimits(
        {
            "login": security.login_rate_per_minute,
            "chat": security.chat_rate_per_minute,
            "search": security.search_rate_per_minute,
            "feedback": security.feedback_rate_per_minute,
        },
        storage_uri=security.rate_limit_storage,
    )


def create_app(settings: Settings | None = None, *, llm: Answerer | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redact_access_log()
        services = open_services(settings, llm=llm)
        app.state.services = services
        yield
        services.jobs.shutdown()
        services.kb.close()
        services.stores.close()

    app = FastAPI(
        title="safeguide",
        summary=f"Safeguarding guidance for the {settings.branding.name}",
        version="0.1.0",
        lifespan=lifespan,
        # /docs is the app's own page (offline, accessible); Swagger UI and ReDoc load from a
        # CDN, so they are opt-in.
        docs_url="/docs/swagger" if settings.api_docs.interactive else None,
        redoc_url="/redoc" if settings.api_docs.interactive else None,
    )
    app.state.settings = settings
    app.state.templates = make_templates()
    app.state.rate_limits = open_rate_limits(settings)
    app.add_middleware(
        RequestLimitsMiddleware,
        max_body_bytes=settings.security.max_body_bytes,
        max_upload_bytes=settings.security.max_upload_bytes,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(
        SignedSessionMiddleware,
        secret=load_session_secret(settings),
        max_age=settings.security.session_max_age_seconds,
        secure=settings.security.secure_cookies,
    )
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (
        health,
        chat,
        search,
        ask,
        referrals,
        briefings,
        feedback,
        login,
        curate,
        curate_documents,
        curate_reviews,
        docs,
    ):
        app.include_router(module.router)
    return app
