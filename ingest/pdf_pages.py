"""Raw text of every PDF page, extracted on all available cores for long files.

pypdf's layout mode is pure Python and takes ~40 ms a page (fonts read once: see
``ingest.pdf_fonts``), so a 200-page PDF keeps one core busy
for seconds. Pages are split into contiguous runs, one per worker process; each worker opens
its own reader on the same bytes. Short files are read in the calling process, where starting
workers would cost more than it saves.
"""

from __future__ import annotations

import atexit
import io
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pypdf import PdfReader

from ingest.pdf_columns import rewrite_text_tables
from ingest.pdf_fonts import fonts_read_once
from ingest.pdf_tables import TableReader, may_hold_table

logger = logging.getLogger(__name__)

# Pages below which a file is read in the calling process (workers start in ~0.3 s).
PARALLEL_MIN_PAGES = 24


class PageReadError(Exception):
    """Raised by ``extract_pages`` when pypdf fails on a page: ``number`` is 1-based."""

    def __init__(self, number: int, kind: str) -> None:
        super().__init__(f"page {number}: {kind}")
        self.number = number
        self.kind = kind


_pool: ProcessPoolExecutor | None = None


def available_cores() -> int:
    """CPU cores this process may run on (its affinity mask, so container limits count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_pages(data: bytes, reader: PdfReader) -> list[str]:
    """Layout-mode text of each page, in order; ``PageReadError`` names the first bad page."""
    count = len(reader.pages)
    workers = min(available_cores(), count // (PARALLEL_MIN_PAGES // 2))
    if workers < 2:
        return _unwrap(_read_range(reader, 0, count, data))
    bounds = [count * i // workers for i in range(workers + 1)]
    try:
        pool = _get_pool(workers)
        runs = zip(bounds[:-1], bounds[1:], strict=True)
        futures = [pool.submit(_read_bytes_range, data, start, stop) for start, stop in runs]
        results = [f.result() for f in futures]
    except (BrokenProcessPool, OSError, RuntimeError) as e:
        logger.warning("parallel page extraction failed error=%s; reading serially", e)
        shutdown_pool()
        return _unwrap(_read_range(reader, 0, count, data))
    return _unwrap([item for part in results for item in part])


def shutdown_pool() -> None:
    """Stop the worker processes (they are reused between files; this runs at exit too)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


def _get_pool(workers: int) -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # fork, not spawn or forkserver: those re-import the caller's __main__ in every worker,
        # which re-runs any script without a main guard. Workers only run pypdf, so no lock
        # that another thread of the parent (onnxruntime, Chroma) might hold is ever taken.
        context = multiprocessing.get_context("fork")
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    return _pool


atexit.register(shutdown_pool)


def _read_bytes_range(data: bytes, start: int, stop: int) -> list[str | tuple[int, str]]:
    return _read_range(PdfReader(io.BytesIO(data)), start, stop, data)


def _read_range(
    reader: PdfReader, start: int, stop: int, data: bytes
) -> list[str | tuple[int, str]]:
    """Each page's text, or (1-based number, error type) for the first page that fails.

    A page that holds a ruled table gets pdfplumber's text, with the table as rows; tables of
    aligned columns without rules are rewritten as rows in the layout text.
    """
    from ingest.pdf import READ_ERRORS

    out: list[str | tuple[int, str]] = []
    with TableReader(data) as tables, fonts_read_once():
        for index in range(start, stop):
            page = reader.pages[index]
            try:
                text = page.extract_text(extraction_mode="layout", layout_mode_strip_rotated=False)
            except READ_ERRORS as e:
                out.append((index + 1, type(e).__name__))
                break
            ruled = tables.page_text(index) if may_hold_table(page, text) else None
            out.append(ruled or rewrite_text_tables(text))
    return out


def _unwrap(items: list[str | tuple[int, str]]) -> list[str]:
    texts: list[str] = []
    for item in items:
        if isinstance(item, tuple):
            raise PageReadError(*item)
        texts.append(item)
    return texts
