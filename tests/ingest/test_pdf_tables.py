"""PDF tables and footnotes: files drawn here, read back as citable rows and separate notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ingest.chunking import split_document
from ingest.footnotes import FOOTNOTES_HEADING, split_footnotes
from ingest.loaders import load_document
from ingest.pdf_tables import has_grid, may_hold_table
from tests.ingest.conftest import write_pdf

ROWS = [
    ("Level", "Meaning", "Contact"),
    ("Level 2", "Early help", "Family Hub 01234 500100"),
    ("Level 3", "Targeted help", "Early Help Hub 01234 567890"),
    ("Level 4", "Specialist", "MASH 01234 111222"),
]
COLUMNS = (72, 200, 340)  # left edge of each column, in points
WIDTHS = (128, 140, 200)


def _pdf(content: str) -> bytes:
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return write_pdf(objects)


def table_pdf(path: Path, *, rules: str = "rectangles") -> Path:
    """One page: a sentence, a ruled 3-column table, a closing line.

    The table is drawn as publishers do: a rectangle per cell, or line segments (a grid).
    """
    ops = ["BT /F1 11 Tf 72 720 Td (Thresholds for referral are set out below.) Tj ET"]
    top = 690
    for r, row in enumerate(ROWS):
        y = top - 24 * (r + 1)
        for x, width, text in zip(COLUMNS, WIDTHS, row, strict=True):
            if rules == "rectangles":
                ops.append(f"{x - 4} {y} {width} 24 re S")
            ops.append(f"BT /F1 10 Tf {x} {y + 8} Td ({text}) Tj ET")
    if rules == "lines":
        left, right, bottom = COLUMNS[0] - 4, COLUMNS[-1] - 4 + WIDTHS[-1], top - 24 * len(ROWS)
        for r in range(len(ROWS) + 1):
            ops.append(f"{left} {top - 24 * r} m {right} {top - 24 * r} l S")
        for x in [c - 4 for c in COLUMNS] + [right]:
            ops.append(f"{x} {top} m {x} {bottom} l S")
    ops.append("BT /F1 11 Tf 72 520 Td (Call 999 if a child is in immediate danger.) Tj ET")
    path.write_bytes(_pdf("\n".join(ops)))
    return path


@pytest.mark.parametrize("rules", ["rectangles", "lines"])
def test_pdf_table_row_is_cited_as_a_row(tmp_path: Path, rules: str) -> None:
    document = load_document(table_pdf(tmp_path / "thresholds.pdf", rules=rules))
    chunks = split_document(document)
    text = "\n".join(c.text for c in chunks)

    row = "Level: Level 3; Meaning: Targeted help; Contact: Early Help Hub 01234 567890"
    assert row in text.split("\n")
    cited = next(c for c in chunks if row in c.text)
    assert cited.page == 1
    assert "Thresholds for referral are set out below." in text
    assert "Call 999 if a child is in immediate danger." in text
    assert text.index("Thresholds") < text.index(row) < text.index("Call 999")


def test_pdf_table_of_aligned_columns_without_rules_is_cited_as_rows(tmp_path: Path) -> None:
    ops = ["BT /F1 11 Tf 72 720 Td (Thresholds for referral are set out below.) Tj ET"]
    ops += [
        f"BT /F1 10 Tf {x} {690 - 24 * r} Td ({cell}) Tj ET"
        for r, row in enumerate(ROWS)
        for x, cell in zip(COLUMNS, row, strict=True)
    ]
    ops.append("BT /F1 11 Tf 72 520 Td (Call 999 if a child is in immediate danger.) Tj ET")
    (tmp_path / "plain.pdf").write_bytes(_pdf("\n".join(ops)))

    lines = load_document(tmp_path / "plain.pdf").text.split("\n")

    row = "Level: Level 3; Meaning: Targeted help; Contact: Early Help Hub 01234 567890"
    assert row in lines
    assert lines.index("Thresholds for referral are set out below.") < lines.index(row)
    assert lines.index(row) < lines.index("Call 999 if a child is in immediate danger.")


LEFT = [
    "Practitioners should listen carefully to",
    "the child and record what they say in",
    "their own words, with the date and time,",
    "and share the record with the designated",
    "safeguarding lead on the same working",
    "day, so that a referral can be made.",
]
RIGHT = [
    "The designated safeguarding lead decides",
    "whether the concern meets the threshold",
    "for a referral to children's social care",
    "and records the reasons for the decision",
    "whichever way it is made, and tells the",
    "member of staff what will happen next.",
]


def test_pdf_prose_in_two_columns_is_not_read_as_a_table(tmp_path: Path) -> None:
    ops = [
        f"BT /F1 10 Tf {x} {700 - 14 * i} Td ({line}) Tj ET"
        for x, column in ((72, LEFT), (320, RIGHT))
        for i, line in enumerate(column)
    ]
    (tmp_path / "columns.pdf").write_bytes(_pdf("\n".join(ops)))

    text = load_document(tmp_path / "columns.pdf").text

    assert ": " not in text and ";" not in text
    assert "Practitioners should listen carefully to" in text


PAGE = """Findings are reported to the panel199 and to the board.200
The panel meets monthly.
2 Principles of the review
"""


def test_footnotes_are_separated_and_reference_numbers_removed() -> None:
    page = (
        PAGE + "\n" * 6 + "199 Where processing personal data, see annex A.\n200 See part 4.\n17\n"
    )

    body, notes = split_footnotes(page)

    assert "the panel and to the board." in body
    assert "199" not in body and "Where processing" not in body
    assert "2 Principles of the review" in body  # numbered heading, no glued reference: kept
    assert body.rstrip().endswith("17")  # the page number stays where pdftotext puts it
    assert notes == "199 Where processing personal data, see annex A.\n200 See part 4."


def test_numbered_lines_without_a_glued_reference_are_body_text() -> None:
    page = "Steps to take:\n" + "\n" * 4 + "1 Listen to the child\n2 Record what was said\n"

    assert split_footnotes(page) == (page, "")


def test_pdf_footnotes_become_their_own_section_on_the_same_page(tmp_path: Path) -> None:
    lines = [
        "Findings are reported to the panel199 by the chair.",
        *[""] * 30,
        "199 Where processing personal data, see annex A.",
    ]
    ops = [f"BT /F1 11 Tf 72 {740 - 14 * i} Td ({line}) Tj ET" for i, line in enumerate(lines)]
    (tmp_path / "notes.pdf").write_bytes(_pdf("\n".join(ops)))

    document = load_document(tmp_path / "notes.pdf")

    body, notes = document.sections
    assert body.text == "Findings are reported to the panel by the chair."
    assert notes.path == FOOTNOTES_HEADING and notes.page == 1
    assert notes.text == "199 Where processing personal data, see annex A."


def test_only_a_grid_of_lines_sends_a_page_to_the_table_reader() -> None:
    underlines = b"\n".join(b"72 %d m 300 %d l S" % (y, y) for y in range(100, 700, 20))
    grid = underlines + b"\n72 100 m 72 700 l S\n300 100 m 300 700 l S"

    assert not has_grid(underlines)  # rules across only: underlined links, separators
    assert has_grid(grid)


def test_clipping_paths_and_underlines_do_not_send_a_page_to_the_table_reader(
    tmp_path: Path,
) -> None:

    text_ops = [
        f"BT /F1 10 Tf {x} {700 - 14 * n} Td (cell {n}) Tj ET" for n in range(6) for x in COLUMNS
    ]
    clipped = ["0 0 612 792 re W* n"] * 40  # every text run clipped to the page
    underlined = [f"72 {700 - 14 * n - 2} 200 1 re f" for n in range(12)]  # links, 1 pt high
    boxed = [f"{x - 4} {700 - 14 * n - 4} 120 14 re S" for n in range(6) for x in COLUMNS]
    thin_grid = [f"68 {700 - 14 * n - 4} 400 0.5 re f" for n in range(4)] + [
        f"{x - 4} 640 0.5 80 re f" for x in COLUMNS
    ]

    def page_with(ops: list[str]) -> bool:
        path = tmp_path / "page.pdf"
        path.write_bytes(_pdf("\n".join(ops + text_ops)))
        page = PdfReader(path).pages[0]
        return may_hold_table(page, page.extract_text(extraction_mode="layout"))

    assert not page_with(clipped)
    assert not page_with(underlined)
    assert page_with(boxed)
    assert page_with(thin_grid)  # rules drawn as hairline rectangles, across and down
