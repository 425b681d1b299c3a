"""Similarity of each UK PDF's extracted text to poppler's reference, as the slow test checks it.

    python bench/uk_fidelity.py                      # this tree: one line per PDF, then the lowest
    python bench/uk_fidelity.py --tree /tmp/before   # another checkout (e.g. a git worktree)

The figures are those of ``tests/ingest/test_uk_corpus.py`` (per-page rapidfuzz ratio, weighted
by page length); the test fails below 95%.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]


def similarity(pdf: Path, load_document: Any, corpus: Any) -> float:
    document = load_document(pdf, root=corpus.CORPUS)
    extracted: dict[int, list[str]] = {}
    for section in document.sections:
        extracted.setdefault(section.page or 0, []).append(section.text)
    weighted = total = 0.0
    for number, text in corpus.reference_pages(pdf.stem).items():
        ours = corpus.normalise_whitespace(" ".join(extracted.get(number, [])))
        theirs = corpus.normalise_whitespace(text)
        weight = max(len(ours), len(theirs))
        weighted += (fuzz.ratio(ours, theirs) / 100 if weight else 1.0) * weight
        total += weight
    return weighted / total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout whose code is measured")
    tree = parser.parse_args().tree.resolve()
    sys.path.insert(0, str(tree))
    load_document = importlib.import_module("ingest.loaders").load_document
    corpus = importlib.import_module("tests.ingest.test_uk_corpus")
    scores = {pdf.name: similarity(pdf, load_document, corpus) for pdf in corpus.PDFS}
    for name, score in scores.items():
        print(f"{score:7.2%}  {name}")
    print(f"lowest {min(scores.values()):.2%}, mean {sum(scores.values()) / len(scores):.2%}")


if __name__ == "__main__":
    main()
