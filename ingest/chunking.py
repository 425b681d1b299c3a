"""Sections to retrievable chunks: whole sentences, packed, overlapping, never across sections.

A section is one heading path on one page. Within it, sentences (and list items) are packed up to
``max_tokens``; each chunk after the first repeats the previous chunk's trailing sentences, up to
``overlap_tokens``, so an answer that straddles a cut is still found whole. A short tail (fewer
than ``min_tail_tokens(max_tokens)`` new tokens) is merged into the chunk before it, which may
then exceed ``max_tokens`` by less than that amount. Token counts are estimates; see
``ingest.sentences``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.model import Chunk, Document, Section
from ingest.sentences import Unit, scale_tokens, split_units

# Below this many new tokens a section's last chunk is merged into the one before it (at the
# default max_tokens=200); it adds little but a repeat of the overlap.
MIN_TAIL_TOKENS = 40


def min_tail_tokens(max_tokens: int) -> int:
    """The tail-merge threshold, scaled down for small ``max_tokens``."""
    return min(MIN_TAIL_TOKENS, max_tokens // 5)


def split_documents(
    documents: Iterable[Document], *, max_tokens: int = 200, overlap_tokens: int = 40
) -> list[Chunk]:
    """Chunks of every document, in order."""
    return [
        chunk
        for document in documents
        for chunk in split_document(document, max_tokens=max_tokens, overlap_tokens=overlap_tokens)
    ]


def split_document(
    document: Document, *, max_tokens: int = 200, overlap_tokens: int = 40
) -> list[Chunk]:
    """Chunks of one document, positions 0..n-1; the same document always gives the same ids."""
    if max_tokens < 10 or not 0 <= overlap_tokens < max_tokens // 2:
        raise ValueError(
            f"max_tokens={max_tokens}, overlap_tokens={overlap_tokens}: use max_tokens >= 10 "
            "and 0 <= overlap_tokens < max_tokens / 2"
        )
    texts: list[tuple[Section, str]] = []
    for section in document.sections:
        for group in pack_units(
            split_units(section.text, max_tokens=max_tokens),
            max_tokens=max_tokens,
            overlap_tokens=overlap_tokens,
        ):
            texts.append((section, join_units(group)))
    return [
        Chunk(
            id=Chunk.make_id(document.source, position, text),
            source=document.source,
            position=position,
            text=text,
            section=section.path,
            page=section.page,
            doc_hash=document.content_hash,
            meta=document.meta,
        )
        for position, (section, text) in enumerate(texts)
    ]


def pack_units(units: list[Unit], *, max_tokens: int, overlap_tokens: int) -> list[list[Unit]]:
    """Group one section's units into chunks (see the module docstring)."""
    chunks: list[list[Unit]] = []
    overlaps: list[int] = []  # how many units each chunk repeats from the one before
    new_tokens = 0
    index = 0
    while index < len(units):
        chunk = _overlap(chunks[-1], units[index], max_tokens, overlap_tokens) if chunks else []
        overlaps.append(len(chunk))
        total = sum(unit.tokens for unit in chunk)
        new_tokens = 0
        while index < len(units) and (
            new_tokens == 0 or scale_tokens(total + units[index].tokens) <= max_tokens
        ):
            total += units[index].tokens
            new_tokens += units[index].tokens
            chunk.append(units[index])
            index += 1
        chunks.append(chunk)
    if len(chunks) > 1 and scale_tokens(new_tokens) < min_tail_tokens(max_tokens):
        tail = chunks.pop()
        chunks[-1].extend(tail[overlaps[-1] :])
    return chunks


def _overlap(previous: list[Unit], following: Unit, max_tokens: int, limit: int) -> list[Unit]:
    """The longest run of ``previous``'s trailing units within ``limit`` that leaves room for
    ``following``; never the whole of ``previous``."""
    taken: list[Unit] = []
    total = 0
    for unit in reversed(previous[1:]):
        if scale_tokens(total + unit.tokens) > limit:
            break
        if scale_tokens(total + unit.tokens + following.tokens) > max_tokens:
            break
        taken.insert(0, unit)
        total += unit.tokens
    return taken


def join_units(units: list[Unit]) -> str:
    """Units as text: sentences of a line run on; lines and paragraphs keep their breaks."""
    return "".join((unit.joiner if i else "") + unit.text for i, unit in enumerate(units))
