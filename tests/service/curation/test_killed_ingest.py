"""An ingest killed half way leaves the previous index usable; the next run completes it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.chunking import split_document
from ingest.loaders import iter_paths, load_document
from kb.chunkstore import ChunkStore
from kb.embeddings import Embedder
from kb.index import KnowledgeBase
from service.config import BUNDLED_CORPUS

BIN = Path(sys.executable).parent
FILES = 160


def _write_corpus(folder: Path) -> None:
    """FILES bulletins of ~4 chunks each: two write batches. Sentences repeat across files, so
    their sentence vectors are computed once (each file's chunks are still embedded)."""
    folder.mkdir()
    for i in range(FILES):
        parts = "\n\n".join(
            f"## Topic {j}\n"
            + " ".join(
                f"Topic {j} sentence {k} covers numbat welfare checks in the bulletin."
                for k in range(12)
            )
            for j in range(4)
        )
        (folder / f"bulletin-{i:03d}.md").write_text(f"# Numbat bulletin {i}\n\n{parts}\n")


@pytest.mark.slow
def test_killed_ingest_keeps_the_old_index_and_the_next_run_completes(
    tmp_path: Path, embedder: Embedder
) -> None:
    corpus = tmp_path / "corpus"  # a small previous index: two of the bundled documents
    corpus.mkdir()
    for name in ("private-fostering.md", "lado.md"):
        shutil.copy(BUNDLED_CORPUS / name, corpus / name)
    env = {
        **os.environ,
        "SAFEGUIDE_DATA_DIR": str(tmp_path / "var"),
        "SAFEGUIDE_CORPUS_DIR": str(corpus),
    }
    safeguide = str(BIN / "safeguide")
    subprocess.run([safeguide, "ingest"], env=env, check=True, capture_output=True)
    store = ChunkStore(tmp_path / "var" / "index" / "chunks.sqlite3")
    baseline = (store.generation(), store.count_chunks(), len(store.list_documents()))

    bulletins = tmp_path / "bulletins"
    _write_corpus(bulletins)
    process = subprocess.Popen(
        [safeguide, "ingest", str(bulletins)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while store.generation() == baseline[0] and time.monotonic() < deadline:
        assert process.poll() is None, "ingest finished before it could be killed"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()

    documents = len(store.list_documents())
    assert baseline[2] < documents < baseline[2] + FILES, "killed after the first batch only"
    kb = KnowledgeBase.open(tmp_path / "var" / "index", embedder=embedder)
    hits = kb.search("private fostering 28 days", k=3)
    assert hits and hits[0].chunk.source.endswith("private-fostering.md")
    for stored in kb.list_documents():
        assert set(kb.store.chunk_ids(stored.source)) <= set(
            kb.vectors.ids_for_source(stored.source)
        ), stored.source
    kb.close()

    finished = subprocess.run(
        [safeguide, "ingest", str(bulletins)], env=env, capture_output=True, text=True
    )
    assert finished.returncode == 0, finished.stderr
    expected = sum(
        len(split_document(load_document(p, root=tmp_path))) for p in iter_paths([bulletins])
    )
    assert len(store.list_documents()) == baseline[2] + FILES
    assert store.count_chunks() == baseline[1] + expected
