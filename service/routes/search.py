"""Search API: the passages retrieval finds, without an answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from service.chat.search import SearchResponse, search_passages
from service.http.deps import KnowledgeBaseDep
from service.http.ratelimit import limit_search

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=SearchResponse, dependencies=[Depends(limit_search)])
def list_search_hits(
    kb: KnowledgeBaseDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Search words")],
    k: Annotated[int, Query(ge=1, le=50)] = 8,
) -> SearchResponse:
    """Hybrid (dense + BM25) search over the knowledge base."""
    return search_passages(kb, q, k=k)
