"""Latency of POST /api/chat (extractive answerer) on the bundled corpus and at ~10k chunks.

    .venv/bin/python bench/chat_latency.py [--uk] [--index DIR] [--rounds 3]

Default: the bundled corpus in a temporary index. ``--uk`` adds the 15 UK statutory-guidance
PDFs and their reference text extractions from ../shared/corpus-uk (about 10k chunks; the index
is kept in var/bench-uk so later runs skip the ingest). Each round asks every question once, in
order; the first round is "cold" (nothing cached in the process), later rounds "warm".
Reports p50/p95/p99 in ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from service.app import create_app  # noqa: E402
from service.config import Settings  # noqa: E402

# One client asks every question back to back: lift the per-client chat limit for the run.
os.environ.setdefault("SAFEGUIDE_SECURITY__CHAT_RATE_PER_MINUTE", "1000000")

ROOT = Path(__file__).resolve().parents[1]
UK_PDFS = ROOT.parent / "shared" / "corpus-uk" / "pdf"
# The reference text extractions of the same guidance, ingested as Markdown beside the PDFs,
# bring the index to about 10k chunks.
UK_TEXT = ROOT.parent / "shared" / "corpus-uk" / "text"
UK_QUESTIONS = [
    "What must a designated safeguarding lead do when a child is at risk of harm?",
    "When should a strategy discussion be held?",
    "What is the role of the independent reviewing officer?",
    "How should schools record safeguarding concerns?",
    "What information can be shared without consent?",
    "What are the duties of the designated teacher for looked-after children?",
    "What is a child in need under section 17 of the Children Act 1989?",
    "How should children's homes recruit staff safely?",
    "What should happen when a child is missing from education?",
    "What support must local authorities offer care leavers?",
    "What does the national framework say about family help?",
    "When is an advocate provided for a child?",
    "What checks are needed before someone works in a school?",
    "How quickly should a child protection conference be held?",
    "What is the role of safeguarding partners in local arrangements?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def measure(client: TestClient, questions: list[str], rounds: int) -> list[list[float]]:
    timings: list[list[float]] = []
    for _ in range(rounds):
        samples = []
        for question in questions:
            started = time.perf_counter()
            response = client.post("/api/chat", json={"question": question})
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
        timings.append(samples)
    return timings


def report(label: str, chunks: int, timings: list[list[float]]) -> None:
    for i, samples in enumerate(timings):
        kind = "cold" if i == 0 else "warm"
        print(
            f"{label:<10} chunks={chunks:<6} round={i + 1} ({kind}) n={len(samples)} "
            f"p50={statistics.median(samples):6.1f} ms  p95={percentile(samples, 95):6.1f} ms  "
            f"p99={percentile(samples, 99):6.1f} ms"
        )


def run(label: str, settings: Settings, questions: list[str], rounds: int) -> None:
    with TestClient(create_app(settings)) as client:
        chunks = client.app.state.services.kb.count_chunks()  # type: ignore[attr-defined]
        measure(client, questions[:5], 1)  # import and first-call costs, not steady state
        report(label, chunks, measure(client, questions, rounds))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uk", action="store_true", help="also measure at ~10k chunks")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--index", help="also measure on this already-built data folder (e.g. var/eval-uk)"
    )
    args = parser.parse_args()
    gold = [item["question"] for item in yaml.safe_load((ROOT / "eval" / "gold.yaml").read_text())]
    with tempfile.TemporaryDirectory() as tmp:
        run("bundled", Settings(data_dir=Path(tmp)), gold, args.rounds)
    if args.index:
        run("index", Settings(data_dir=Path(args.index)), UK_QUESTIONS + gold, args.rounds)
    if args.uk:
        if not UK_PDFS.exists():
            print(f"{UK_PDFS} not found: put ../shared beside the project")
            return 2
        data_dir = ROOT / "var" / "bench-uk"
        settings = Settings(data_dir=data_dir)
        from service.app import open_knowledge_base
        from service.curation.ingestion import ingest_paths

        kb = open_knowledge_base(settings)
        started = time.perf_counter()
        report_, errors = ingest_paths(
            [settings.corpus_dir, UK_PDFS, UK_TEXT], kb=kb, progress=False
        )
        assert not errors, errors
        print(
            f"ingest: {kb.count_chunks()} chunks; {time.perf_counter() - started:.0f} s "
            f"({'unchanged' if report_ and not report_.changed else 'built'})"
        )
        kb.close()
        run("uk-corpus", settings, UK_QUESTIONS + gold, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
