"""A cited passage, shown whole with the quoted sentences marked: ``/sources/{chunk_id}``."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from ingest.language import split_text
from kb.index import KnowledgeBase

# Longest quote accepted in the address (an answer quotes at most a few sentences).
MAX_QUOTE_CHARS = 4000


class SourceNotFound(LookupError):
    """Raised when no passage in the knowledge base has the requested chunk id."""


class PassageSegment(BaseModel):
    text: str
    marked: bool = Field(description="Part of the quote the answer drew on.")


class SourcePassage(BaseModel):
    """One passage with where it came from; ``segments`` rebuild ``text`` with marks."""

    chunk_id: str
    title: str
    source: str
    section: str | None
    page: int | None
    date: str | None
    url: str | None
    kind: str
    text: str
    segments: list[PassageSegment]


def read_source(kb: KnowledgeBase, chunk_id: str, *, quote: str | None = None) -> SourcePassage:
    chunk = kb.store.get_chunks([chunk_id]).get(chunk_id)
    if chunk is None:
        raise SourceNotFound(
            f"no passage {chunk_id!r}: the document may have been updated or removed; "
            "ask the question again for fresh citations"
        )
    return SourcePassage(
        **chunk.reference(),
        kind=chunk.meta.kind,
        text=chunk.text,
        segments=highlight(chunk.text, quote),
    )


def highlight(passage: str, quote: str | None) -> list[PassageSegment]:
    """Split ``passage`` into marked and unmarked runs: each quoted sentence found is marked."""
    if not quote:
        return [PassageSegment(text=passage, marked=False)]
    spans: list[tuple[int, int]] = []
    pieces = [quote.strip()] if quote.strip() in passage else split_text(quote)
    for piece in pieces:
        words = piece.split()
        found = re.search(r"\s+".join(re.escape(w) for w in words), passage) if words else None
        if found:
            spans.append(found.span())
    segments: list[PassageSegment] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            start = cursor
        if start >= end:
            continue
        if start > cursor:
            segments.append(PassageSegment(text=passage[cursor:start], marked=False))
        segments.append(PassageSegment(text=passage[start:end], marked=True))
        cursor = end
    if cursor < len(passage):
        segments.append(PassageSegment(text=passage[cursor:], marked=False))
    return segments
