"""Plain text: decoded strictly, cleaned, and split on Markdown-style ``#`` heading lines."""

from __future__ import annotations

from ingest.cleaning import clean_text
from ingest.markdown import first_h1, split_sections
from ingest.meta import humanise_stem
from ingest.model import DocumentMeta, Section


def read_text(text: str, *, name: str) -> tuple[DocumentMeta, list[Section]]:
    """Sections of cleaned text; title from the first ``# `` line, else the file name."""
    cleaned = clean_text(text)
    title = first_h1(cleaned) or humanise_stem(name.rsplit(".", 1)[0])
    return DocumentMeta(title=title), split_sections(cleaned, clean=False)
