"""Helpers for tests of the answer plan on passages made up in the test: a document of chunks,
its neighbours, no sentence vectors, uniform word weights, and the composed lines."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ingest.language import content_terms
from ingest.model import Chunk, DocumentMeta
from kb.hit import Hit
from service.chat.compose import compose
from service.chat.question import classify

META = DocumentMeta(title="Guidance")


def neighbours_of(document: list[Chunk]) -> Callable[..., list[Chunk]]:
    def neighbours(of: Chunk, *, span: int = 1) -> list[Chunk]:
        return [c for c in document if abs(c.position - of.position) <= span]

    return neighbours


def no_meaning(texts: Sequence[str]) -> list[float]:
    return [0.0] * len(texts)


def weights_for(question: str) -> dict[str, float]:
    return {t: 1.0 for t in content_terms(question)}


def compose_lines(
    question: str, document: list[Chunk], hit_order: Sequence[int] = (0,)
) -> list[str]:
    """The composed answer's lines, "marker|text", from the chunks of ``hit_order``."""
    hits = [Hit(chunk=document[i], score=1.0) for i in hit_order]
    draft = compose(
        classify(question),
        hits,
        weights_for(question),
        no_meaning,
        neighbours=neighbours_of(document),
    )
    return [f"{line.marker}|{line.text}" for line in draft.lines]
