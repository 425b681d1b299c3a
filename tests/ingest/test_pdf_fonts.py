"""Fonts read once per document: the same text, without re-parsing each font on each page."""

from __future__ import annotations

import io
import threading

import pytest
from pypdf import PdfReader
from pypdf.generic._font import Font

from ingest.pdf_fonts import fonts_read_once
from tests.ingest.conftest import text_pdf_bytes

PAGES = [[f"Page {n}: a child under 16 who lives with a friend for 28 days."] for n in range(6)]


@pytest.fixture
def font_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times pypdf builds a ``Font`` (parsing its encoding), by calling thread."""
    built: list[int] = []
    original = Font.from_font_resource.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Font], pdf_font_dict: object) -> Font:
        built.append(threading.get_ident())
        return original(cls, pdf_font_dict)  # type: ignore[no-any-return]

    monkeypatch.setattr(Font, "from_font_resource", classmethod(counted))
    return built


def layout_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text(extraction_mode="layout") for page in reader.pages]


def test_each_font_is_built_once_for_the_whole_document(font_builds: list[int]) -> None:
    data = text_pdf_bytes(PAGES)
    shipped = layout_texts(data)
    assert len(font_builds) == len(PAGES)  # pypdf alone: once a page
    font_builds.clear()
    with fonts_read_once():
        once = layout_texts(data)
    assert len(font_builds) == 1
    assert once == shipped
    assert "Page 5: a child under 16" in once[5]


def test_outside_the_block_and_in_other_threads_pypdf_is_unchanged(
    font_builds: list[int],
) -> None:
    data = text_pdf_bytes(PAGES)
    with fonts_read_once():
        other = threading.Thread(target=layout_texts, args=(data,))
        other.start()
        other.join()
    assert len(font_builds) == len(PAGES)  # the other thread had no cache
    font_builds.clear()
    layout_texts(data)
    assert len(font_builds) == len(PAGES)  # nor has this one, after the block
