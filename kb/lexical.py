"""The lexical index: BM25 (bm25s) over stemmed words, persisted beside the vector store.

It is rebuilt once per ingest run (not per query) into a new generation folder, and a ``CURRENT``
file is swapped atomically to point at it, so a reader in another process never loads a folder
that is still being written.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np

from ingest.language import STOP_WORDS, stem

logger = logging.getLogger(__name__)

# Okapi parameters that BEIR found robust across collections (k1=0.9, b=0.4; Anserini defaults).
BM25_K1 = 0.9
BM25_B = 0.4
# Generations kept on disk: the newest plus one, so a reader that just read CURRENT can still load.
KEEP_GENERATIONS = 2
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

    def save(self, root: Path) -> None:
        """Write this index as generation ``self.generation`` and make it current."""
        root.mkdir(parents=True, exist_ok=True)
        final = root / f"gen-{self.generation:08d}"
        staging = root / f".staging-{self.generation:08d}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        if self._model is not None:
            self._model.save(str(staging), show_progress=False)
        (staging / IDS_FILE).write_text(json.dumps(self.ids))
        shutil.rmtree(final, ignore_errors=True)
        os.replace(staging, final)
        _write_atomic(root / CURRENT_FILE, final.name)
        _prune(root, keep=final.name)

    @classmethod
    def load(cls, root: Path) -> LexicalIndex | None:
        """The current generation under ``root``, or None when none was saved."""
        try:
            name = (root / CURRENT_FILE).read_text().strip()
        except FileNotFoundError:
            return None
        folder = root / name
        ids = json.loads((folder / IDS_FILE).read_text())
        generation = int(name.removeprefix("gen-"))
        if not ids:
            return cls(None, [], generation)
        model = bm25s.BM25.load(str(folder), show_progress=False, mmap=False)
        return cls(model, ids, generation)

    @staticmethod
    def current_generation(root: Path) -> int | None:
        try:
            return int((root / CURRENT_FILE).read_text().strip().removeprefix("gen-"))
        except (FileNotFoundError, ValueError):
            return None


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _prune(root: Path, *, keep: str) -> None:
    generations = sorted(p for p in root.glob("gen-*") if p.is_dir())
    for old in generations[:-KEEP_GENERATIONS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
