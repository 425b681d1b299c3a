"""Retrieval quality on BEIR SciFact (test split): nDCG@10 for BM25, dense and hybrid.

    .venv/bin/python bench/retrieval_scifact.py [--embedder onnx|sentence-transformers]

Indexes the 5,183 abstracts through the real pipeline (chunking, Chroma, BM25) into a temporary
folder, then ranks documents by their best chunk. Published: BM25 0.665, MiniLM-L6 0.645.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.model import Document, DocumentMeta, Section  # noqa: E402
from kb.embeddings import load_embedder  # noqa: E402
from kb.index import KnowledgeBase, SearchMode  # noqa: E402

SCIFACT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "scifact"


def load_scifact() -> tuple[list[Document], dict[str, str], dict[str, dict[str, int]]]:
    documents = []
    for line in (SCIFACT / "corpus.jsonl").open():
        row = json.loads(line)
        text = row["text"]  # the index puts the title in front of each chunk
        documents.append(
            Document(
                source=row["_id"],
                meta=DocumentMeta(title=row["title"]),
                sections=(Section(headings=(), text=text),),
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
    queries = {}
    for line in (SCIFACT / "queries.jsonl").open():
        row = json.loads(line)
        queries[row["_id"]] = row["text"]
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for line in (SCIFACT / "qrels" / "test.tsv").read_text().splitlines()[1:]:
        qid, doc, score = line.strip().split("\t")
        qrels[qid][doc] = int(score)
    return documents, {q: queries[q] for q in qrels}, qrels


def ndcg_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    dcg = sum(relevant.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def rank_documents(kb: KnowledgeBase, query: str, mode: SearchMode) -> list[str]:
    seen: list[str] = []
    for hit in kb.search(query, k=40, mode=mode):
        if hit.chunk.source not in seen:
            seen.append(hit.chunk.source)
    return seen


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedder", default="onnx", choices=["onnx", "sentence-transformers"])
    args = parser.parse_args()
    if not SCIFACT.exists():
        print(f"{SCIFACT} not found: put ../shared beside the project")
        return 2
    documents, queries, qrels = load_scifact()
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase.open(Path(tmp), embedder=load_embedder(args.embedder))
        started = time.perf_counter()
        kb.add_documents(documents, progress=sys.stderr.isatty())
        print(
            f"indexed {len(documents)} abstracts as {kb.count_chunks()} chunks "
            f"in {time.perf_counter() - started:.0f} s ({args.embedder})"
        )
        results = {}
        for mode in ("lexical", "dense", "hybrid"):
            scores = [
                ndcg_at_10(rank_documents(kb, text, mode), qrels[qid])  # type: ignore[arg-type]
                for qid, text in queries.items()
            ]
            results[mode] = sum(scores) / len(scores)
            print(f"nDCG@10 {mode:<8} {results[mode]:.4f}  ({len(scores)} queries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
