"""Domain types that flow out of ingestion: ``Document`` -> ``Section`` -> ``Chunk``.

``ingest/`` takes plain arguments and never reads settings; ``kb/`` consumes ``Chunk``s.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

# Separator between heading levels in a section path, e.g. "Private fostering > Who to tell".
SECTION_SEPARATOR = " > "


@dataclass(frozen=True)
class DocumentMeta:
    """Who said it, and when: shown with every citation."""

    title: str
    date: str | None = None  # ISO date (YYYY-MM-DD or YYYY-MM) the document was published/verified
    owner: str | None = None  # organisation responsible for the content
    url: str | None = None  # address of the original, if public
    kind: str = "document"  # "document" or "briefing"
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A run of text under one heading path, on one page (PDFs) or none (other formats)."""

    headings: tuple[str, ...]
    text: str
    page: int | None = None

    @property
    def path(self) -> str | None:
        return SECTION_SEPARATOR.join(self.headings) if self.headings else None


@dataclass(frozen=True)
class Document:
    """One source file, loaded and cleaned, split into sections in reading order."""

    source: str  # stable identifier: the file name relative to the ingested root
    meta: DocumentMeta
    sections: tuple[Section, ...]
    content_hash: str  # sha256 of the raw file bytes: unchanged files are skipped on re-ingest

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections)


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage. Its id is deterministic: source + position + content hash."""

    id: str
    source: str
    position: int
    text: str
    section: str | None
    page: int | None
    doc_hash: str
    meta: DocumentMeta = field(compare=False)

    def reference(self) -> dict[str, str | int | None]:
        """Where the passage comes from, as every citation shows it: the one mapping from a
        chunk to its public reference (answers, search hits, source pages, LangChain)."""
        return {
            "chunk_id": self.id,
            "title": self.meta.title,
            "source": self.source,
            "section": self.section,
            "page": self.page,
            "url": self.meta.url,
            "date": self.meta.date,
        }

    @staticmethod
    def make_id(source: str, position: int, text: str) -> str:
        digest = hashlib.sha256(f"{source}\x00{position}\x00{text}".encode()).hexdigest()
        return digest[:24]
