"""Are the facts an answer needs in the passages it can draw on? uk-dev, top 6 passages.

    .venv/bin/python bench/answer_retrieval.py [--index var/eval-uk]

For each answerable question of ../shared/eval/uk-dev.yaml, every ``must`` regex is searched in
the text of the top 6 passages: in hybrid-retrieval order, and after the answer plan's
sentence-level re-ranking of 24 candidates (``service.chat.scoring.rerank``). Prints the share
of questions whose facts are all there, for each order, and for the top 24.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.language import content_terms  # noqa: E402
from service.app import open_services  # noqa: E402
from service.chat.evaluation import load_dev  # noqa: E402
from service.chat.question import classify  # noqa: E402
from service.chat.scoring import corpus_weights, rerank, score_units  # noqa: E402
from service.config import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "uk-dev.yaml"


def has_facts(patterns: list[str], texts: list[str]) -> bool:
    text = " ".join(" ".join(t.split()) for t in texts)
    return all(re.search(p, text, re.IGNORECASE) for p in patterns)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=str(ROOT / "var" / "eval-uk"))
    args = parser.parse_args()
    chat = open_services(Settings(data_dir=Path(args.index))).chat
    cases = [c for c in load_dev(DEV) if c.kind != "unanswerable"]
    counts = {"hybrid top 6": 0, "re-ranked top 6": 0, "top 24": 0}
    for case in cases:
        query = chat.acronyms.expand(case.question) if chat.acronyms else case.question
        hits = chat.kb.search(query, k=24)
        terms = content_terms(query)
        df, n = chat.kb.document_frequencies(terms)
        similarity = chat.sentences.similarity_to(query) if chat.sentences else None
        scored = score_units(
            classify(case.question), hits, corpus_weights(terms, df, n), similarity
        )
        order = rerank(hits, scored)
        texts = [h.chunk.text for h in hits]
        counts["hybrid top 6"] += has_facts(case.must, texts[:6])
        counts["re-ranked top 6"] += has_facts(case.must, [texts[i] for i in order[:6]])
        counts["top 24"] += has_facts(case.must, texts)
    for name, count in counts.items():
        print(f"{name:<16} {count}/{len(cases)} = {count / len(cases):.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
