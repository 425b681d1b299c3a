"""Ingest progress: documents done, chunks written and an ETA, on a terminal and in the log.

The bar advances by characters of text, not documents: a 200-page PDF and a one-page note differ
a hundredfold in embedding time, so a count of documents would give a useless ETA.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from types import TracebackType

from tqdm import tqdm

from ingest.model import Document

logger = logging.getLogger(__name__)

# Seconds between progress lines in the log when no terminal shows the bar.
LOG_EVERY_SECONDS = 10.0


class IngestProgress:
    """Counts documents and chunks against the total text of the documents to index."""

    def __init__(self, documents: Sequence[Document], *, show: bool) -> None:
        self.documents_total = len(documents)
        self.documents_done = 0
        self.chunks_done = 0
        self._chars_total = sum(len(s.text) for d in documents for s in d.sections) or 1
        self._chars_done = 0
        self._started = time.monotonic()
        self._logged = self._started
        self._bar = tqdm(
            total=self._chars_total,
            unit="char",
            unit_scale=True,
            disable=not show,
            bar_format="{desc} {percentage:3.0f}%|{bar}| [{elapsed}<{remaining}]",
        )
        self._describe()

    def __enter__(self) -> IngestProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._bar.close()

    def advance(self, documents: Sequence[Document], *, chunks: int) -> None:
        """Record documents finished (written, or skipped as unchanged) and their chunks."""
        self.documents_done += len(documents)
        self.chunks_done += chunks
        chars = sum(len(s.text) for d in documents for s in d.sections)
        self._chars_done += chars
        self._bar.update(chars)
        self._describe()
        now = time.monotonic()
        if now - self._logged >= LOG_EVERY_SECONDS or self.documents_done == self.documents_total:
            self._logged = now
            logger.info(
                "ingest progress documents=%d/%d chunks=%d eta_s=%s",
                self.documents_done,
                self.documents_total,
                self.chunks_done,
                self.eta_seconds(now),
            )

    def eta_seconds(self, now: float | None = None) -> int | None:
        """Seconds left at the rate so far (by characters); None before anything is done."""
        if not self._chars_done:
            return None
        elapsed = (now or time.monotonic()) - self._started
        left = self._chars_total - self._chars_done
        return round(elapsed * left / self._chars_done)

    def _describe(self) -> None:
        self._bar.set_description_str(
            f"ingesting {self.documents_done}/{self.documents_total} documents, "
            f"{self.chunks_done} chunks",
            refresh=False,
        )
