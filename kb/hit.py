"""``Hit``: one retrieved chunk with how it scored."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.model import Chunk


@dataclass(frozen=True)
class Hit:
    """A chunk returned by retrieval.

    ``score`` is the fused reciprocal-rank score used for ordering; ``dense`` (cosine similarity,
    -1..1) and ``lexical`` (BM25) are the raw signals, ``None`` when that retriever missed it.
    """

    chunk: Chunk
    score: float
    dense: float | None = None
    lexical: float | None = None
