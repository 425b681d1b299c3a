"""Sentence-to-question similarity with the bundled embedder.

Sentence vectors come from, in order: a bounded in-process LRU, the vectors the knowledge base
computed at ingest (``precomputed``), and, for anything else, the embedder. A question then
costs one embedding.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

from kb.embeddings import Embedder, Vectors

# ~30 MB of float32 vectors at 384 dimensions: every sentence of a large corpus's hot set.
MAX_CACHED_SENTENCES = 20_000


class SentenceVectors:
    def __init__(
        self,
        embedder: Embedder,
        *,
        capacity: int = MAX_CACHED_SENTENCES,
        precomputed: Callable[[Sequence[str]], dict[str, Vectors]] | None = None,
    ) -> None:
        self._embedder = embedder
        self._precomputed = precomputed
        self._capacity = capacity
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, sentences: Sequence[str]) -> Vectors:
        with self._lock:
            missing = [s for s in dict.fromkeys(sentences) if s not in self._cache]
        found = self._precomputed(missing) if self._precomputed and missing else {}
        missing_still = [s for s in missing if s not in found]
        if missing_still:
            found.update(
                zip(missing_still, self._embedder.embed_documents(missing_still), strict=True)
            )
        if found:
            with self._lock:
                for sentence, vector in found.items():
                    self._cache[sentence] = vector
                while len(self._cache) > self._capacity:
                    self._cache.popitem(last=False)
        with self._lock:
            out: list[Vectors] = []
            for s in sentences:
                cached = self._cache.get(s)
                if cached is None:  # evicted by a concurrent request: embed it again
                    vector = self._embedder.embed_documents([s])[0]
                else:
                    vector = cached
                    self._cache.move_to_end(s)
                out.append(vector)
        return np.stack(out) if out else np.zeros((0, self._embedder.dimension), np.float32)

    def similarity_to(self, question: str, *, vector: Vectors | None = None) -> SentenceScorer:
        """Scores sentences against ``question`` (``vector``: its embedding, if known)."""
        return SentenceScorer(
            self, vector if vector is not None else self._embedder.embed_query(question)
        )


class SentenceScorer:
    """Callable that scores sentences against one question vector."""

    def __init__(self, cache: SentenceVectors, question: Vectors) -> None:
        self._cache = cache
        self._question = question

    def __call__(self, sentences: Sequence[str]) -> list[float]:
        if not sentences:
            return []
        return [float(x) for x in self._cache.vectors(sentences) @ self._question]
