"""One index writer at a time: other processes wait for the lock, readers never fail."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import kb.index
import kb.lexical
from ingest.loaders import load_document
from kb.embeddings import Embedder
from kb.index import KnowledgeBase
from tests.servers import wait_until

REPO = Path(__file__).resolve().parents[2]

# Opens the index in a fresh process and ingests one file (argv: index folder, file).
INGEST_ONE = """
import sys
from pathlib import Path
from ingest.loaders import load_document
from kb.embeddings import load_embedder
from kb.index import KnowledgeBase
kb = KnowledgeBase.open(Path(sys.argv[1]), embedder=load_embedder("onnx"))
path = Path(sys.argv[2])
kb.add_documents([load_document(path, root=path.parent)])
kb.close()
"""
# Takes the index's write lock, says so, holds it until told to let go (bounded).
HOLD_LOCK = """
import sys, time
from pathlib import Path
from kb.writelock import WriteLock
lock = WriteLock.file(Path(sys.argv[1]) / "write.lock")
with lock.hold():
    Path(sys.argv[2]).write_text("held")
    deadline = time.monotonic() + 60
    while not Path(sys.argv[3]).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
"""


def _python(script: str, *args: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=REPO, env=env)


def _note(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_a_writer_waits_for_another_process_holding_the_lock(
    tmp_path: Path, embedder: Embedder
) -> None:
    index = tmp_path / "index"
    knowledge_base = KnowledgeBase.open(index, embedder=embedder)
    held, release = tmp_path / "held", tmp_path / "release"
    holder = _python(HOLD_LOCK, index, held, release)
    try:
        wait_until(held.exists, timeout=60, what="lock holder")
        note = _note(tmp_path / "docs", "wombat.md", "# Wombats\nWombat welfare checks.\n")
        writer = threading.Thread(
            target=knowledge_base.add_documents, args=([load_document(note, root=note.parent)],)
        )
        writer.start()
        writer.join(timeout=1.5)
        assert writer.is_alive(), "the write did not wait for the other process's lock"
        assert knowledge_base.list_documents() == []
        release.write_text("go")
        writer.join(timeout=60)
        assert not writer.is_alive()
        assert [d.source for d in knowledge_base.list_documents()] == ["wombat.md"]
    finally:
        release.write_text("go")
        holder.wait(timeout=60)
        knowledge_base.close()


def test_two_processes_writing_at_once_both_documents_present(tmp_path: Path) -> None:
    index = tmp_path / "index"
    notes = [
        _note(tmp_path / "a", "numbat.md", "# Numbats\nThe numbat register is kept weekly.\n"),
        _note(tmp_path / "b", "quoll.md", "# Quolls\nThe quoll register is kept monthly.\n"),
    ]
    writers = [_python(INGEST_ONE, index, note) for note in notes]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]

    from kb.embeddings import load_embedder

    knowledge_base = KnowledgeBase.open(index, embedder=load_embedder("onnx"))
    try:
        assert sorted(d.source for d in knowledge_base.list_documents()) == [
            "numbat.md",
            "quoll.md",
        ]
        for words, source in (("numbat register", "numbat.md"), ("quoll register", "quoll.md")):
            hits = knowledge_base.search(words, k=1, mode="lexical")
            assert hits and hits[0].chunk.source == source
    finally:
        knowledge_base.close()


def test_a_reader_during_50_reingests_never_errors(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kb.index, "LEXICAL_RECHECK_SECONDS", 0.0)
    monkeypatch.setattr(kb.lexical, "PRUNE_AFTER_S", 0.0)  # prune as eagerly as possible
    index = tmp_path / "index"
    writer = KnowledgeBase.open(index, embedder=embedder)
    folder = tmp_path / "docs"
    note = _note(folder, "bilby.md", "# Bilbies\nThe bilby register, version 0.\n")
    writer.add_documents([load_document(note, root=folder)])
    reader = KnowledgeBase(
        writer.store.__class__(writer.store.path),
        writer.vectors,
        index / "lexical",
        embedder=embedder,
    )
    errors: list[BaseException] = []
    searches = 0
    done = threading.Event()

    def read() -> None:
        nonlocal searches
        while not done.is_set():
            try:
                # A search racing a swap may briefly find no live chunk; it must never fail,
                # and whatever it finds is a whole version of the document.
                for mode in ("lexical", "hybrid"):
                    for hit in reader.search("bilby register", k=1, mode=mode):  # type: ignore[arg-type]
                        assert hit.chunk.source == "bilby.md"
                        assert "version" in hit.chunk.text
                searches += 1
            except BaseException as e:  # noqa: BLE001 - collected and asserted below
                errors.append(e)
                return

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for version in range(1, 51):
            note.write_text(f"# Bilbies\nThe bilby register, version {version}.\n")
            writer.add_documents([load_document(note, root=folder)])
            time.sleep(0.01)
    finally:
        done.set()
        thread.join(timeout=60)
        writer.close()
    assert not errors, errors[0]
    assert searches > 0
    reader._lexical_checked = 0.0
    final = reader.search("bilby register", k=1, mode="lexical")
    assert final and "version 50" in final[0].chunk.text


def test_a_writer_killed_holding_the_lock_does_not_block_the_next(
    tmp_path: Path, embedder: Embedder
) -> None:
    index = tmp_path / "index"
    knowledge_base = KnowledgeBase.open(index, embedder=embedder)
    held, never = tmp_path / "held", tmp_path / "never"
    holder = _python(HOLD_LOCK, index, held, never)
    try:
        wait_until(held.exists, timeout=60, what="lock holder")
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        note = _note(tmp_path / "docs", "dunnart.md", "# Dunnarts\nDunnart welfare checks.\n")
        started = time.monotonic()
        knowledge_base.add_documents([load_document(note, root=note.parent)])
        assert time.monotonic() - started < 30
        assert [d.source for d in knowledge_base.list_documents()] == ["dunnart.md"]
    finally:
        if holder.poll() is None:
            holder.kill()
        knowledge_base.close()
