"""Search without an answer: the passages hybrid retrieval finds for a query."""

from __future__ import annotations

from pydantic import BaseModel

from kb.index import KnowledgeBase


class SearchHit(BaseModel):
    chunk_id: str
    title: str
    source: str
    section: str | None
    page: int | None
    url: str | None
    date: str | None
    score: float
    text: str


class SearchResponse(BaseModel):
    query: str
    hits: list[SearchHit]


def search_passages(kb: KnowledgeBase, query: str, *, k: int) -> SearchResponse:
    """The top ``k`` passages for ``query`` (dense + BM25, fused)."""
    hits = kb.search(query, k=k)
    return SearchResponse(
        query=query,
        hits=[SearchHit(**h.chunk.reference(), score=h.score, text=h.chunk.text) for h in hits],
    )
