"""Cost growth: ingest and query time and memory at 1k, 10k and 100k chunks.

    .venv/bin/python bench/cost_growth.py                 # all three sizes, one process each
    .venv/bin/python bench/cost_growth.py --size 100000   # one size

Chunks are synthetic (sentences drawn from the bundled corpus, shuffled), because embedding 100k
chunks with the model takes over half an hour on 2 cores: 2,000 distinct texts are embedded
with the real model and every chunk gets one of those vectors plus small noise, re-normalised.
Everything else is the real path: Chroma upserts, the SQLite chunk store swap, the BM25 build,
and ``KnowledgeBase.search`` (query embedding, HNSW, BM25, fusion, chunk lookup) for queries.
Queries run in a fresh process that only opens the index (as a server worker would); its RSS
after the queries is the serving cost. The builder's peak RSS is reported beside it.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from ingest.language import split_text  # noqa: E402
from ingest.loaders import iter_paths, load_document  # noqa: E402
from ingest.model import Chunk, DocumentMeta  # noqa: E402
from kb.embeddings import load_embedder  # noqa: E402
from kb.index import KnowledgeBase, index_text  # noqa: E402
from service.config import BUNDLED_CORPUS  # noqa: E402

POOL = 2000
CHUNKS_PER_DOCUMENT = 50
QUERIES = [
    "who must be notified about private fostering",
    "LADO referrals 2021-22",
    "out of hours emergency number",
    "nine principles for adolescents",
    "transitional safeguarding panel",
    "contextual safeguarding exploitation",
    "training programme professional curiosity",
    "national review key messages",
    "child sexual abuse in the family environment",
    "Family Intervention Team",
]


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(size: int) -> dict[str, float]:
    rng = random.Random(size)
    sentences = [
        s
        for p in iter_paths([BUNDLED_CORPUS])
        for s in split_text(load_document(p).text)
        if len(s.split()) > 4
    ]
    embedder = load_embedder("onnx")
    texts = [" ".join(rng.sample(sentences, 6)) for _ in range(POOL)]
    pool = embedder.embed_documents(texts)
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase.open(Path(tmp), embedder=embedder)
        started = time.perf_counter()
        for first in range(0, size, 1000):
            batch = []
            for n in range(first, min(size, first + 1000)):
                source = f"synthetic/doc-{n // CHUNKS_PER_DOCUMENT:05d}.md"
                meta = DocumentMeta(title=f"Synthetic document {n // CHUNKS_PER_DOCUMENT}")
                text = f"{texts[n % POOL]} Reference {n}."
                batch.append(
                    Chunk(
                        id=Chunk.make_id(source, n, text),
                        source=source,
                        position=n % CHUNKS_PER_DOCUMENT,
                        text=text,
                        section=None,
                        page=None,
                        doc_hash=f"h{n // CHUNKS_PER_DOCUMENT}",
                        meta=meta,
                    )
                )
            noise = np.random.default_rng(first).normal(0, 0.02, (len(batch), pool.shape[1]))
            vectors = pool[[n % POOL for n in range(first, first + len(batch))]] + noise
            vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
            kb.vectors.upsert(batch, vectors)
            by_source: dict[str, list[Chunk]] = {}
            for chunk in batch:
                by_source.setdefault(chunk.source, []).append(chunk)
            kb.store.replace_documents(
                [
                    (
                        s,
                        chunks[0].doc_hash,
                        chunks[0].meta,
                        kb.store.get_document_chunks(s) + chunks,
                    )  # documents may span batches
                    for s, chunks in by_source.items()
                ]
            )
        kb.sync_lexical()
        ingest_seconds = time.perf_counter() - started
        assert kb.count_chunks() == size, (kb.count_chunks(), size)
        assert index_text("t", None, "x")  # the same index text function as real ingest
        kb.close()
        # Queries run in a fresh process that only opens the index, as a server worker does,
        # so its RSS is what serving costs (not what building the index left behind).
        served = subprocess.run(
            [sys.executable, __file__, "--query", tmp], check=True, capture_output=True, text=True
        ).stdout
        return {
            "chunks": size,
            "ingest_s": round(ingest_seconds, 1),
            **json.loads(served.strip().splitlines()[-1]),
            "build_peak_rss_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0
            ),
        }


def query(directory: Path) -> dict[str, float]:
    """Open the index as the service does, warm it up, then time every query five times."""
    kb = KnowledgeBase.open(directory, embedder=load_embedder("onnx"))
    for q in QUERIES:  # warm-up: first HNSW load, BM25 load
        kb.search(q, k=6)
    timings = []
    for _ in range(5):
        for q in QUERIES:
            t = time.perf_counter()
            kb.search(q, k=6)
            timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    return {
        "query_p50_ms": round(statistics.median(timings), 1),
        "query_p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "serving_rss_mb": round(current_rss_mb(), 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int)
    parser.add_argument("--query", type=Path, help=argparse.SUPPRESS)  # internal: one index
    args = parser.parse_args()
    if args.query:
        print(json.dumps(query(args.query)))
        return 0
    if args.size:
        print(json.dumps(measure(args.size)))
        return 0
    print(
        "| chunks | ingest (s) | query p50 (ms) | query p95 (ms) | serving RSS (MB) "
        "| build peak RSS (MB) |"
    )
    print("|---|---|---|---|---|---|")
    for size in (1_000, 10_000, 100_000):
        out = subprocess.run(
            [sys.executable, __file__, "--size", str(size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"| {r['chunks']:,} | {r['ingest_s']} | {r['query_p50_ms']} | {r['query_p95_ms']} "
            f"| {r['serving_rss_mb']:.0f} | {r['build_peak_rss_mb']:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
