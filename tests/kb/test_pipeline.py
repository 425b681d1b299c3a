"""embed_ahead: batches come back in order, the next is prepared while one is embedded."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest

from ingest.model import Document, DocumentMeta, Section
from ingest.pdf_pages import available_cores
from kb.embeddings import Vectors
from kb.pipeline import embed_ahead
from kb.progress import IngestProgress


def _fake_embed(texts: list[str]) -> Vectors:
    return np.array([[float(len(t))] for t in texts], dtype=np.float32)


def test_embed_ahead_yields_every_item_in_order_with_its_vectors() -> None:
    items = [["a"], ["bb", "ccc"], [], ["dddd"]]

    out = list(embed_ahead(items, texts_of=list, embed=_fake_embed))

    assert [item for item, _ in out] == items
    assert [v.ravel().tolist() for _, v in out] == [[1.0], [2.0, 3.0], [], [4.0]]


def test_embed_ahead_prepares_the_next_item_while_one_is_embedding() -> None:
    drawn: list[int] = []
    embedding = threading.Event()
    release = threading.Event()

    def items() -> Iterator[int]:
        for n in range(3):
            drawn.append(n)
            yield n

    def embed(texts: list[str]) -> Vectors:
        if texts == ["0"]:
            embedding.set()
            assert release.wait(5)
        return _fake_embed(texts)

    run = embed_ahead(items(), texts_of=lambda n: [str(n)], embed=embed)
    first = threading.Thread(target=lambda: next(run))
    first.start()
    assert embedding.wait(5)
    # Item 1 is drawn (chunked) while item 0 is still being embedded in the worker thread.
    for _ in range(50):
        if drawn == [0, 1]:
            break
        threading.Event().wait(0.1)
    assert drawn == [0, 1]
    release.set()
    first.join(5)
    assert [n for n, _ in run] == [1, 2]


def test_embed_ahead_raises_an_embedding_error_in_the_caller() -> None:
    def embed(texts: list[str]) -> Vectors:
        raise RuntimeError("model failed")

    with pytest.raises(RuntimeError, match="model failed"):
        list(embed_ahead([["a"], ["b"]], texts_of=list, embed=embed))


def test_onnx_threads_default_to_the_cores_available() -> None:
    assert 1 <= available_cores() <= 4096


def test_progress_counts_documents_and_chunks_and_estimates_time_left() -> None:
    meta = DocumentMeta(title="t")
    small = Document("a", meta, (Section((), "x" * 100),), "h1")
    large = Document("b", meta, (Section((), "y" * 300),), "h2")
    with IngestProgress([small, large], show=False) as progress:
        assert progress.eta_seconds() is None
        progress.advance([small], chunks=3)
        eta = progress.eta_seconds(progress._started + 10)

    assert (progress.documents_done, progress.documents_total, progress.chunks_done) == (1, 2, 3)
    assert eta == 30  # 100 characters took 10 s; 300 are left
