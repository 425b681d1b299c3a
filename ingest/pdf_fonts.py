"""Read each font of a PDF once, not once a page.

pypdf (7.1) builds a ``Font`` from its PDF dictionary every time a page is extracted, and that
parses the font's ToUnicode map again: for a subset font with thousands of ``bfrange`` entries
that is ~0.2 s, on every page that uses it. On the UK statutory-guidance PDFs it was 90% of
extraction time (``docs/BENCHMARKS.md``, "PDF fonts read once"). Pages of one document share
their font dictionaries (pypdf resolves an indirect object to the same Python object each
time), so inside ``fonts_read_once()`` a font is built on its first page and reused after.

with fonts_read_once():
    texts = [page.extract_text(extraction_mode="layout") for page in reader.pages]

The cache belongs to the calling thread and lives only for the ``with`` block; outside one,
pypdf behaves exactly as shipped.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdf._page
from pypdf.generic import DictionaryObject
from pypdf.generic._font import Font

_local = threading.local()


class _FontReadOnce(Font):
    """``Font`` whose ``from_font_resource`` reuses what this thread's cache already built."""

    @classmethod
    def from_font_resource(cls, pdf_font_dict: DictionaryObject) -> Font:
        cache: dict[int, tuple[DictionaryObject, Font]] | None = getattr(_local, "fonts", None)
        if cache is None:
            return Font.from_font_resource(pdf_font_dict)
        # The dictionary is kept with its font, so its id cannot be reused by another object
        # while the cache holds it.
        known = cache.get(id(pdf_font_dict))
        if known is None or known[0] is not pdf_font_dict:
            known = (pdf_font_dict, Font.from_font_resource(pdf_font_dict))
            cache[id(pdf_font_dict)] = known
        return known[1]


def _install() -> None:
    # pypdf's page module looks ``Font`` up by name when it extracts a page.
    current: Any = getattr(pypdf._page, "Font", None)
    if current is Font:
        setattr(pypdf._page, "Font", _FontReadOnce)  # noqa: B010 - a name mypy cannot see


@contextmanager
def fonts_read_once() -> Iterator[None]:
    """Within the block, this thread builds each font dictionary's ``Font`` once."""
    _install()
    outer = getattr(_local, "fonts", None)
    _local.fonts = outer if outer is not None else {}
    try:
        yield
    finally:
        if outer is None:
            _local.fonts = None
