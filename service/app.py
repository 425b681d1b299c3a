"""The application factory: ``create_app(settings)`` wires everything, once, in the lifespan."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI

from kb.embeddings import load_embedder
from kb.index import KnowledgeBase
from service.answering import ChatDeps
from service.config import Settings
from service.conversations import ConversationMemory
from service.drafting import Answerer
from service.errors import install_error_handlers
from service.ingestion import ingest_paths
from service.routes import chat, health, search
from service.routes_data import RouteBook, load_route_book

logger = logging.getLogger(__name__)

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")


@dataclass
class Services:
    """Everything the routes need, opened once per process."""

    settings: Settings
    kb: KnowledgeBase
    routes: RouteBook
    chat: ChatDeps


def open_knowledge_base(settings: Settings) -> KnowledgeBase:
    return KnowledgeBase.open(
        settings.index_dir,
        embedder=load_embedder(settings.index.embedder),
        chroma_host=settings.index.chroma_host,
        chroma_port=settings.index.chroma_port,
        collection=settings.index.collection,
    )


def build_llm(settings: Settings) -> Answerer | None:
    if not settings.llm.enabled or not settings.llm.base_url:
        return None
    from service.llm import LLMAnswerer, chat_model_from_settings

    model = chat_model_from_settings(
        base_url=settings.llm.base_url,
        api_key=settings.llm.api_key.get_secret_value(),
        model=settings.llm.model,
        timeout=settings.llm.timeout_seconds,
        temperature=settings.llm.temperature,
    )
    return LLMAnswerer(model, partnership=settings.branding.name,
                       max_sentences=settings.retrieval.max_answer_sentences)


def open_services(settings: Settings, *, llm: Answerer | None = None) -> Services:
    kb = open_knowledge_base(settings)
    if not kb.list_documents():
        logger.info("index empty: ingesting the bundled corpus from %s", settings.corpus_dir)
        report, errors = ingest_paths([settings.corpus_dir], kb=kb,
                                      max_tokens=settings.index.chunk_max_tokens,
                                      overlap_tokens=settings.index.chunk_overlap_tokens)
        for error in errors:
            logger.error("ingest failed: %s", error)
    kb.sync_lexical()
    routes = load_route_book(settings.routes_file)
    chat_deps = ChatDeps(kb=kb, routes=routes, retrieval=settings.retrieval,
                         memory=ConversationMemory(), llm=llm or build_llm(settings))
    return Services(settings=settings, kb=kb, routes=routes, chat=chat_deps)


def create_app(settings: Settings | None = None, *, llm: Answerer | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = open_services(settings, llm=llm)
        app.state.services = services
        app.state.kb = services.kb
        app.state.chat = services.chat
        yield
        services.kb.close()

    app = FastAPI(
        title="safeguide",
        summary=f"Safeguarding guidance for the {settings.branding.name}",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(chat.router)
    app.include_router(search.router)
    return app
