"""The services a request may use, opened once per process, and typed dependencies for routes.

``Services`` is built by the app factory (``service.app``) and kept on ``app.state.services``:
the one way to reach the knowledge base, the answer pipeline, the stores and the route book.
Routes declare what they need with the ``...Dep`` aliases instead of reading ``app.state``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from kb.index import KnowledgeBase
from service.chat.deps import ChatDeps
from service.chat.thread_store import ConversationThreads
from service.config import Settings
from service.curation.jobs import JobRunner
from service.curation.stores import Stores
from service.referrals.route_book import RouteBook


@dataclass
class Services:
    """Everything the routes need, opened once per process."""

    settings: Settings
    kb: KnowledgeBase
    routes: RouteBook
    chat: ChatDeps
    stores: Stores
    threads: ConversationThreads
    jobs: JobRunner


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_knowledge_base(request: Request) -> KnowledgeBase:
    return get_services(request).kb


def get_chat(request: Request) -> ChatDeps:
    return get_services(request).chat


def get_stores(request: Request) -> Stores:
    return get_services(request).stores


def get_route_book(request: Request) -> RouteBook:
    """The route book for the documents indexed (999 only when they are another partnership's)."""
    return get_services(request).chat.routes_here()


def get_threads(request: Request) -> ConversationThreads:
    return get_services(request).threads


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
KnowledgeBaseDep = Annotated[KnowledgeBase, Depends(get_knowledge_base)]
ChatDep = Annotated[ChatDeps, Depends(get_chat)]
StoresDep = Annotated[Stores, Depends(get_stores)]
RouteBookDep = Annotated[RouteBook, Depends(get_route_book)]
ThreadsDep = Annotated[ConversationThreads, Depends(get_threads)]
