"""Wiring for ingestion: files and published briefings into the knowledge base.

Every file is loaded and checked before anything is written, so one bad file leaves the index as
it was (unless the caller asks to skip bad files).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefings.model import SECTION_TITLES, Briefing
from ingest.errors import IngestError
from ingest.loaders import fingerprint, iter_paths, load_document
from ingest.model import Document, DocumentMeta, Section
from kb.index import KnowledgeBase
from kb.pipeline import IngestReport

logger = logging.getLogger(__name__)

# Source prefix for briefings in the index: keeps them apart from files with the same name.
BRIEFING_SOURCE_PREFIX = "briefings/"


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def load_paths(
    paths: Sequence[Path], *, known_hash: Callable[[str], str | None] | None = None
) -> LoadResult:
    """Load every supported file under ``paths``; collect one-line errors instead of raising.

    Files whose content hash equals ``known_hash(source)`` are not parsed (a large PDF takes
    seconds to extract) and are listed as unchanged.
    """
    result = LoadResult()
    try:
        files = iter_paths(paths)
    except IngestError as e:
        result.errors.append(str(e))
        return result
    for file in files:
        root = _root_for(file, paths)
        seen = fingerprint(file, root=root) if known_hash else None
        if known_hash and seen and known_hash(seen[0]) == seen[1]:
            result.unchanged.append(seen[0])
            continue
        try:
            result.documents.append(load_document(file, root=root))
        except IngestError as e:
            result.errors.append(str(e))
    return result


def _root_for(file: Path, paths: Sequence[Path]) -> Path | None:
    """Sources are named relative to the parent of the folder they were found in."""
    for given in paths:
        if given.is_dir() and file.is_relative_to(given):
            return given.parent
    return file.parent


def ingest_paths(
    paths: Sequence[Path],
    *,
    kb: KnowledgeBase,
    skip_bad: bool = False,
    progress: bool = False,
    max_tokens: int = 200,
    overlap_tokens: int = 40,
) -> tuple[IngestReport | None, list[str]]:
    """Load then index; with errors and not ``skip_bad``, nothing is written."""
    loaded = load_paths(paths, known_hash=kb.store.document_hash)
    if loaded.errors and not skip_bad:
        return None, loaded.errors
    report = kb.add_documents(
        loaded.documents, progress=progress, max_tokens=max_tokens, overlap_tokens=overlap_tokens
    )
    report.unchanged[:0] = loaded.unchanged
    return report, loaded.errors


def briefing_to_document(briefing: Briefing) -> Document:
    """A published briefing as an indexable document: one section per briefing section."""
    sections = [Section(headings=(briefing.title,), text=briefing.summary)]
    for key, heading in SECTION_TITLES:
        text = briefing.sections.get(key, "").strip()
        if text:
            sections.append(Section(headings=(briefing.title, heading), text=text))
    body = "\n".join(f"{s.path}\n{s.text}" for s in sections)
    meta = DocumentMeta(
        title=briefing.title,
        date=briefing.published.isoformat() if briefing.published else None,
        owner=briefing.owner,
        url=f"/briefings/{briefing.slug}",
        kind="briefing",
        tags=tuple(briefing.tags),
    )
    return Document(
        source=f"{BRIEFING_SOURCE_PREFIX}{briefing.slug}",
        meta=meta,
        sections=tuple(sections),
        content_hash=hashlib.sha256(f"{meta}\n{body}".encode()).hexdigest(),
    )


def sync_briefings(briefings: Iterable[Briefing], *, kb: KnowledgeBase) -> IngestReport:
    """Make the index hold exactly the published briefings: add, update or remove."""
    published = [b for b in briefings if b.status == "published"]
    report = kb.add_documents([briefing_to_document(b) for b in published])
    live = {f"{BRIEFING_SOURCE_PREFIX}{b.slug}" for b in published}
    for stored in kb.list_documents():
        if stored.source.startswith(BRIEFING_SOURCE_PREFIX) and stored.source not in live:
            kb.remove_document(stored.source)
    return report
