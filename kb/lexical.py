"""The lexical index: BM25 (bm25s) over stemmed words, persisted beside the vector store.

It is rebuilt once per ingest run (not per query) into a new, uniquely named generation folder,
and a ``CURRENT`` file is swapped atomically to point at it, so a reader in another process never
loads a folder that is still being written. Nothing is deleted before the rename; ``CURRENT`` only
moves forward; old generations are pruned only once they are several minutes old, and a reader
whose folder vanished anyway re-reads ``CURRENT`` (and otherwise keeps the index it holds).

Where the folder lives is a ``LexicalStorage``: ``FolderLexicalStore`` (a folder beside the
index, the default) or ``kb.pglexical.PostgresLexicalStore`` (each generation as one PostgreSQL
row, so hosts share BM25 without a shared folder). ``to_bytes``/``from_bytes`` carry a generation
as one archive for the latter.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import Protocol

import bm25s
import numpy as np

from ingest.language import STOP_WORDS, stem

logger = logging.getLogger(__name__)

# Okapi parameters that BEIR found robust across collections (k1=0.9, b=0.4; Anserini defaults).
BM25_K1 = 0.9
BM25_B = 0.4
# Generations kept on disk at least: the newest plus two, for readers that just read CURRENT.
KEEP_GENERATIONS = 3
# Older generations (and abandoned staging folders) are deleted only after this many seconds,
# so a slow reader's folder is never pruned under it.
PRUNE_AFTER_S = 300.0
# Times ``load`` re-reads CURRENT when the folder it names has just been pruned.
LOAD_ATTEMPTS = 3
CURRENT_FILE = "CURRENT"
IDS_FILE = "ids.json"


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-case, drop stop words, Snowball-stem: the same for documents and queries."""
    tokens: list[list[str]] = bm25s.tokenize(
        texts, stopwords=list(STOP_WORDS), stemmer=_stem_all, return_ids=False, show_progress=False
    )
    return tokens


def _stem_all(words: list[str]) -> list[str]:
    return [stem(word) for word in words]


class LexicalIndex:
    """An immutable BM25 index over chunk ids; build a new one to change it."""

    def __init__(self, model: bm25s.BM25 | None, ids: list[str], generation: int) -> None:
        self._model = model
        self.ids = ids
        self.generation = generation

    @classmethod
    def build(cls, items: Iterable[tuple[str, str]], *, generation: int) -> LexicalIndex:
        ids: list[str] = []
        texts: list[str] = []
        for chunk_id, text in items:
            ids.append(chunk_id)
            texts.append(text)
        if not ids:
            return cls(None, [], generation)
        model = bm25s.BM25(k1=BM25_K1, b=BM25_B)
        model.index(tokenize(texts), show_progress=False)
        return cls(model, ids, generation)

    def search(self, query: str, *, k: int) -> list[tuple[str, float]]:
        """Best ``k`` (id, BM25 score) pairs with a positive score."""
        if self._model is None or not self.ids:
            return []
        query_tokens = tokenize([query])
        vocab = self._model.vocab_dict
        known = [t for t in query_tokens[0] if t in vocab]
        if not known:
            return []
        docs, scores = self._model.retrieve(
            [known], k=min(k, len(self.ids)), show_progress=False, n_threads=1
        )
        return [
            (self.ids[int(d)], float(s))
            for d, s in zip(np.asarray(docs)[0], np.asarray(scores)[0], strict=True)
            if s > 0
        ]

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many chunks contain each (already tokenized) term; 0 for terms never seen."""
        if self._model is None:
            return dict.fromkeys(terms, 0)
        vocab = self._model.vocab_dict
        indptr = self._model.scores["indptr"]
        return {t: int(indptr[vocab[t] + 1] - indptr[vocab[t]]) if t in vocab else 0 for t in terms}

    # -- persistence -----------------------------------------------------------------------------

    def save(self, root: Path) -> bool:
        """Write this index as a new generation folder and make it current.

        Returns False (and writes nothing) when ``CURRENT`` already names this generation or a
        newer one: the pointer never moves backwards. Callers hold the index's write lock.
        """
        root.mkdir(parents=True, exist_ok=True)
        current = self.current_generation(root)
        if current is not None and current >= self.generation:
            return False
        final = root / f"gen-{self.generation:08d}-{secrets.token_hex(4)}"
        staging = root / f".staging-{final.name}"
        staging.mkdir()
        self._write_folder(staging)
        os.replace(staging, final)  # a fresh name: nothing is deleted to make room
        _write_atomic(root / CURRENT_FILE, final.name)
        _prune(root, keep=final.name)
        return True

    def _write_folder(self, folder: Path) -> None:
        if self._model is not None:
            self._model.save(str(folder), show_progress=False)
        (folder / IDS_FILE).write_text(json.dumps(self.ids))

    def to_bytes(self) -> bytes:
        """This generation as one uncompressed tar archive of its folder."""
        with tempfile.TemporaryDirectory(prefix="safeguide-bm25-") as tmp:
            self._write_folder(Path(tmp))
            buffer = BytesIO()
            with tarfile.open(fileobj=buffer, mode="w") as archive:
                archive.add(tmp, arcname=".")
            return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, *, generation: int) -> LexicalIndex:
        """Load an archive made by ``to_bytes`` (via a temporary folder, read into memory)."""
        with tempfile.TemporaryDirectory(prefix="safeguide-bm25-") as tmp:
            with tarfile.open(fileobj=BytesIO(data), mode="r") as archive:
                archive.extractall(tmp, filter="data")
            return cls._load_folder(Path(tmp), generation)

    @classmethod
    def load(cls, root: Path) -> LexicalIndex | None:
        """The current generation under ``root``, or None when none was saved."""
        for attempt in range(LOAD_ATTEMPTS):
            try:
                name = (root / CURRENT_FILE).read_text().strip()
            except FileNotFoundError:
                return None
            try:
                return cls._load_folder(root / name, _generation_of(name))
            except FileNotFoundError:
                if attempt == LOAD_ATTEMPTS - 1:
                    raise
                logger.info("lexical generation %s was pruned while loading; retrying", name)
        return None

    @classmethod
    def _load_folder(cls, folder: Path, generation: int) -> LexicalIndex:
        ids = json.loads((folder / IDS_FILE).read_text())
        if not ids:
            return cls(None, [], generation)
        model = bm25s.BM25.load(str(folder), show_progress=False, mmap=False)
        return cls(model, ids, generation)

    @staticmethod
    def current_generation(root: Path) -> int | None:
        try:
            return _generation_of((root / CURRENT_FILE).read_text().strip())
        except (FileNotFoundError, ValueError, IndexError):
            return None


class LexicalStorage(Protocol):
    """Where BM25 generations are kept; writers call ``save`` holding the index write lock."""

    def current_generation(self) -> int | None: ...

    def save(self, index: LexicalIndex) -> bool: ...

    def load(self) -> LexicalIndex | None: ...


class FolderLexicalStore:
    """Generations as folders under ``root`` with a ``CURRENT`` pointer (see the module doc)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def current_generation(self) -> int | None:
        return LexicalIndex.current_generation(self.root)

    def save(self, index: LexicalIndex) -> bool:
        return index.save(self.root)

    def load(self) -> LexicalIndex | None:
        return LexicalIndex.load(self.root)


def load_current(
    storage: LexicalStorage | Path, *, held: LexicalIndex | None
) -> LexicalIndex | None:
    """The current generation, unless it is older than ``held``; ``held`` if loading fails.

    A reader keeps serving the index it holds rather than fail a search, and never goes back.
    """
    if isinstance(storage, Path):
        storage = FolderLexicalStore(storage)
    try:
        index = storage.load()
    except (OSError, ValueError, tarfile.TarError) as e:
        logger.warning("lexical reload failed; keeping the loaded index error=%s", e)
        return held
    if index is None or (held is not None and index.generation < held.generation):
        return held
    return index


def _generation_of(name: str) -> int:
    """``gen-00000042`` or ``gen-00000042-<token>`` -> 42."""
    return int(name.split("-")[1])


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _prune(root: Path, *, keep: str, older_than: float = PRUNE_AFTER_S) -> None:
    """Delete all but the newest generations, and abandoned staging folders, once they are old."""
    cutoff = time.time() - older_than
    generations = sorted(
        (p for p in root.glob("gen-*") if p.is_dir()), key=lambda p: (_generation_of(p.name), p)
    )
    old = [p for p in generations[:-KEEP_GENERATIONS] if p.name != keep]
    old += list(root.glob(".staging-*"))
    for folder in old:
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:
            pass  # another writer pruned it first
