"""Every PDF of the shared UK corpus loads, page by page, close to poppler's reference text.

The reference in ``corpus-uk/text/<stem>.md`` was made with pdftotext; its YAML front matter and
``<!-- page N -->`` markers are removed and whitespace is collapsed on both sides, nothing more.
Similarity is rapidfuzz's character-level ratio per page, averaged weighted by page length (a
whole-document ratio gives the same figures to within 0.3 points but costs ~10 s on big files).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from rapidfuzz import fuzz

from ingest.loaders import load_document

# ../shared beside the repository: tests/ingest/<this file> -> parents[2] is the repo root.
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-uk"
PDFS = sorted((CORPUS / "pdf").glob("*.pdf")) if CORPUS.is_dir() else []
# Character-level similarity (rapidfuzz ratio, 0..1) required of every file's extracted text.
MIN_SIMILARITY = 0.95

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_PAGE_MARK = re.compile(r"<!-- page (\d+) -->")


def reference_pages(stem: str) -> dict[int, str]:
    text = _FRONT_MATTER.sub("", (CORPUS / "text" / f"{stem}.md").read_text(encoding="utf-8"))
    parts = _PAGE_MARK.split(text)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}


def normalise_whitespace(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
@pytest.mark.skipif(not PDFS, reason=f"{CORPUS} is absent: the shared corpus lives beside the repo")
@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_uk_corpus_pdf_loads_every_page_close_to_the_reference_text(pdf: Path) -> None:
    document = load_document(pdf, root=CORPUS)
    reference = reference_pages(pdf.stem)
    page_count = len(PdfReader(pdf).pages)
    pages_with_text = {n for n, text in reference.items() if text.strip()}

    assert document.source == f"pdf/{pdf.name}"
    assert len(reference) == page_count
    assert {s.page for s in document.sections} == pages_with_text
    assert [s.page for s in document.sections] == sorted(s.page or 0 for s in document.sections)

    extracted: dict[int, list[str]] = {}
    for section in document.sections:
        extracted.setdefault(section.page or 0, []).append(section.text)
    weighted = total = 0.0
    worst = (1.0, 0)
    for number, text in reference.items():
        ours = normalise_whitespace(" ".join(extracted.get(number, [])))
        theirs = normalise_whitespace(text)
        weight = max(len(ours), len(theirs))
        page_similarity = fuzz.ratio(ours, theirs) / 100 if weight else 1.0
        weighted += page_similarity * weight
        total += weight
        worst = min(worst, (page_similarity, number))
    similarity = weighted / total
    assert similarity >= MIN_SIMILARITY, (
        f"{pdf.name}: extracted text is {similarity:.2%} similar to the reference, page by page "
        f"weighted by length (need {MIN_SIMILARITY:.0%}; worst page {worst[1]} at {worst[0]:.0%})"
    )
