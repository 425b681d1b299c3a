"""Heading paths for PDF text from the document outline (bookmarks).

Each bookmark names a heading and the page it points at. A page's text is cut where a bookmark's
title appears in it; a title that cannot be found takes over from the previous cut (or the top).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# Longest bookmark title taken as a heading; longer ones are sentences (skipped, with children).
MAX_TITLE_CHARS = 200
# Acrobat's "New Bookmarks from Structure" tree: one bookmark per paragraph, not headings.
STRUCTURE_TREE_TITLES = frozenset({"structure bookmarks"})


@dataclass(frozen=True)
class Bookmark:
    """An outline entry: its full heading path (ending with its own title) and the title."""

    headings: tuple[str, ...]
    title: str


def read_bookmarks(reader: PdfReader) -> dict[int, list[Bookmark]]:
    """Bookmarks by 1-based page number, in outline order; empty if the outline is unusable."""
    by_page: dict[int, list[Bookmark]] = {}
    try:
        _walk(reader, reader.outline, (), by_page)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        logger.debug("outline ignored error=%s", type(e).__name__)
        return {}
    return by_page


def _walk(
    reader: PdfReader,
    items: Sequence[Any],
    parents: tuple[str, ...],
    out: dict[int, list[Bookmark]],
) -> None:
    path: tuple[str, ...] | None = parents
    for item in items:
        if isinstance(item, list):
            if path is not None:
                _walk(reader, item, path, out)
            continue
        title = " ".join(str(item.title or "").split())
        if title.lower() in STRUCTURE_TREE_TITLES or len(title) > MAX_TITLE_CHARS:
            path = None  # skip it and its children
            continue
        if not title:
            path = parents
            continue
        path = (*parents, title)
        index = reader.get_destination_page_number(item)
        if index is not None and index >= 0:
            out.setdefault(index + 1, []).append(Bookmark(headings=path, title=title))


def split_page(
    text: str, bookmarks: Sequence[Bookmark], *, start: tuple[str, ...]
) -> list[tuple[tuple[str, ...], str]]:
    """Cut ``text`` at each bookmark title found in it, in order.

    Returns ``(heading path, text)`` pieces, at least one; the last piece's path carries on to
    the next page. Pieces may be empty.
    """
    pieces: list[tuple[tuple[str, ...], str]] = []
    headings, offset = start, 0
    for bookmark in bookmarks:
        found = _find_title(text, bookmark.title, offset)
        if found is None:  # not in the text: it takes over where the last cut was made
            headings = bookmark.headings
            continue
        pieces.append((headings, text[offset:found]))
        headings, offset = bookmark.headings, found
    pieces.append((headings, text[offset:]))
    return pieces


def _find_title(text: str, title: str, offset: int) -> int | None:
    """Where ``title`` starts in ``text`` at or after ``offset``, ignoring spacing and case."""
    words = title.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.compile(pattern, re.IGNORECASE).search(text, offset)
    return match.start() if match else None
