"""Running heads and feet are dropped from PDF pages; content and page numbers stay."""

from __future__ import annotations

from ingest.running_lines import strip_running_lines

HEAD = "Statutory guidance for reviewing officers on their {n} functions in case review"


def page(n: int, body: str) -> str:
    filler = "\n".join(f"Line {k} of the text on this page, in full." for k in range(6))
    return f"  {HEAD.format(n=n)}\n\n{body}\n{filler}\n\nIRO Handbook    {n}"


def test_a_head_repeated_with_its_page_number_inside_is_dropped() -> None:
    bodies = [f"3.{n} The IRO must record each review within {n} working days." for n in range(6)]
    pages = strip_running_lines([page(n + 10, body) for n, body in enumerate(bodies)])
    for n, text in enumerate(pages):
        assert "Statutory guidance for reviewing officers" not in text
        assert bodies[n] in text
        assert f"IRO Handbook    {n + 10}" in text  # two words: too little to judge by


def test_lines_repeated_on_few_pages_or_in_short_files_stay() -> None:
    short = [page(n, "The child must be seen alone.") for n in range(3)]
    assert strip_running_lines(short) == short
    bodies = [f"Paragraph {n} of the guidance says something new." for n in range(10)]
    pages = [
        page(n, b) if n < 3 else f"{b}\n\nMore text on page {n}." for n, b in enumerate(bodies)
    ]
    assert strip_running_lines(pages) == pages  # on 3 pages of 10: not running
