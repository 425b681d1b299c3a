"""Scanned PDFs: an image-only PDF rendered here from known text, read back with Tesseract."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr
from ingest.chunking import split_document
from ingest.errors import EmptyDocument
from ingest.loaders import load_document

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Debian tesseract-ocr is not installed (make test installs it)",
)

PAGES = [
    ["Safeguarding partnership leaflet", "", "Contents of this scanned leaflet."],
    [
        "Private fostering",
        "",
        "Parents must tell the council at least six weeks",
        "before a private fostering arrangement starts.",
    ],
]


def scanned_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF whose pages are only pictures of the lines given: no text layer at all."""
    font = ImageFont.load_default(size=42)
    images = []
    for lines in pages:
        image = Image.new("L", (1700, 2200), color=255)  # A4-ish at 200 dpi
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(lines):
            draw.text((150, 200 + row * 70), line, fill=0, font=font)
        images.append(image)
    images[0].save(path, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return path


@needs_tesseract
def test_scanned_pdf_fact_is_recognised_with_its_page_and_marked_as_a_scan(
    tmp_path: Path,
) -> None:
    document = load_document(scanned_pdf(tmp_path / "leaflet.pdf", PAGES))

    chunks = split_document(document)
    fact = [c for c in chunks if "six weeks" in c.text]
    assert len(fact) == 1
    assert fact[0].page == 2
    assert fact[0].section == ocr.SCANNED_HEADING
    assert "private fostering arrangement" in " ".join(fact[0].text.lower().split())
    assert all(c.section and c.section.endswith(ocr.SCANNED_HEADING) for c in chunks)


@needs_tesseract
def test_a_blank_scan_still_gives_the_no_text_error(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "blank.pdf", [[]])

    with pytest.raises(EmptyDocument):  # an image with nothing on it: OCR runs, finds nothing
        load_document(path)


def test_without_tesseract_a_scanned_pdf_keeps_the_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", "tesseract-not-installed")
    path = scanned_pdf(tmp_path / "leaflet.pdf", PAGES)

    assert not ocr.ocr_available()
    with pytest.raises(EmptyDocument, match=r"^leaflet\.pdf: no text could be extracted"):
        load_document(path)
