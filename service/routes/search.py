"""Search API: the passages retrieval finds, without an answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from kb.index import KnowledgeBase
from service.chat.schemas import SearchHit, SearchResponse

router = APIRouter(prefix="/api", tags=["search"])


def search_passages(kb: KnowledgeBase, query: str, *, k: int) -> SearchResponse:
    hits = kb.search(query, k=k)
    return SearchResponse(
        query=query,
        hits=[
            SearchHit(
                chunk_id=h.chunk.id,
                title=h.chunk.meta.title,
                source=h.chunk.source,
                section=h.chunk.section,
                page=h.chunk.page,
                url=h.chunk.meta.url,
                date=h.chunk.meta.date,
                score=h.score,
                text=h.chunk.text,
            )
            for h in hits
        ],
    )


@router.get("/search", response_model=SearchResponse)
def list_search_hits(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Search words")],
    k: Annotated[int, Query(ge=1, le=50)] = 8,
) -> SearchResponse:
    """Hybrid (dense + BM25) search over the knowledge base."""
    return search_passages(request.app.state.kb, q, k=k)
