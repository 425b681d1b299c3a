"""Long PDFs are read on all cores, with the same result as one process."""

from __future__ import annotations

import pytest

from ingest import pdf_pages
from ingest.loaders import load_document
from tests.ingest.conftest import MakePdf

PAGES = [[f"Page {n} of the handbook.", f"Record welfare visit number {n}."] for n in range(60)]


def test_long_pdf_reads_the_same_in_worker_processes_as_in_one(
    make_pdf: MakePdf, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_pages, "available_cores", lambda: 2)
    path = make_pdf(PAGES, outline=[("Visits", 0, None), ("Later visits", 40, None)])
    parallel = load_document(path)
    assert pdf_pages._pool is not None  # worker processes were used

    monkeypatch.setattr(pdf_pages, "available_cores", lambda: 1)
    serial = load_document(path)

    assert parallel == serial
    assert [s.page for s in parallel.sections] == list(range(1, 61))
    assert parallel.sections[45].path == "Later visits"
    assert "Record welfare visit number 45." in parallel.sections[45].text


def test_short_pdf_is_read_in_the_calling_process(
    make_pdf: MakePdf, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf_pages.shutdown_pool()
    monkeypatch.setattr(pdf_pages, "available_cores", lambda: 2)

    load_document(make_pdf(PAGES[:5]))

    assert pdf_pages._pool is None
