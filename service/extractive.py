"""The default answerer: pick the retrieved sentences that answer the question, with citations.

Deterministic and fast, and it can only say what the sources say. A sentence scores on the
question's words it contains (rarer words count more), on cues for the kind of answer asked for
(a number, a phone number, a time limit, a list), on its passage's rank, and on its heading.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from kb.hit import Hit
from service.sentences import content_terms, split_sentences

# A sentence must reach this share of the best sentence's score to join the answer.
RELATIVE_CUTOFF = 0.55
# Sentences sharing this much vocabulary with one already chosen add nothing (overlapping chunks).
DUPLICATE_JACCARD = 0.6
# Sentences shorter than this many words are headings or fragments, not answers.
MIN_WORDS = 4

_CUES: list[tuple[re.Pattern[str], re.Pattern[str], float]] = [
    # (question asks for..., sentence offers..., bonus)
    (re.compile(r"\bhow many\b|\bnumber of\b|\bfigures?\b|\bpercent|\bhow much\b|\bstatistic", re.I),
     re.compile(r"\d"), 0.35),
    (re.compile(r"\b(phone|telephone|number|call|ring|contact|email|e-mail|reach)\b", re.I),
     re.compile(r"\b0\d{2,4}[ \d]{6,}|@|\b999\b"), 0.4),
    (re.compile(r"\bhow long\b|\bdays?\b|\bweeks?\b|\bwithin\b|\btimescale|\bdeadline", re.I),
     re.compile(r"\b\d+ (days?|weeks?|months?|hours?)\b", re.I), 0.35),
    (re.compile(r"\b(age|old|under|aged)\b", re.I),
     re.compile(r"\bunder \d+|\b\d+ years?\b|\baged? \d+", re.I), 0.3),
    (re.compile(r"\b(out of hours|evening|weekend|night|after 5)\b", re.I),
     re.compile(r"evening|weekend|out of hours|out-of-hours|emergenc", re.I), 0.3),
    (re.compile(r"\bwho\b", re.I), re.compile(r"\b[A-Z]{3,}\b|\bteam\b|\bofficer\b", re.I), 0.1),
]
_LIST_QUESTION = re.compile(
    r"\b(what|which|list|name)\b.*\b(are|all)\b.*\b(principles|priorities|messages|courses|areas"
    r"|steps|series|signs)\b|\blist\b",
    re.I,
)


@dataclass(frozen=True)
class Selected:
    """One sentence chosen for the answer, from ``hits[hit_index]``."""

    text: str
    hit_index: int
    score: float


def select_sentences(question: str, hits: list[Hit], *, max_sentences: int = 4,
                     context: str | None = None) -> list[Selected]:
    """The sentences that best answer ``question``, best first.

    ``context`` is an earlier question the current one follows up; its words count for less.
    """
    weights = _term_weights(question, context, hits)
    if not weights:
        return []
    total = sum(weights.values())
    is_list = bool(_LIST_QUESTION.search(question))
    limit = max(max_sentences, 10) if is_list else max_sentences
    cues = [(offer, bonus) for asks, offer, bonus in _CUES if asks.search(question)]
    candidates: list[Selected] = []
    for index, hit in enumerate(hits):
        heading_terms = set(content_terms(f"{hit.chunk.meta.title} {hit.chunk.section or ''}"))
        heading_match = sum(w for t, w in weights.items() if t in heading_terms) / total
        for sentence in split_sentences(hit.chunk.text):
            if len(sentence.split()) < MIN_WORDS:
                continue
            terms = set(content_terms(sentence))
            overlap = sum(w for t, w in weights.items() if t in terms) / total
            if overlap == 0:
                continue
            score = overlap + 0.15 * heading_match + 0.12 / (1 + index)
            score += sum(bonus for offer, bonus in cues if offer.search(sentence))
            candidates.append(Selected(sentence, index, score))
    candidates.sort(key=lambda s: (-s.score, s.hit_index))
    if not candidates:
        return []
    cutoff = candidates[0].score * (0.35 if is_list else RELATIVE_CUTOFF)
    chosen: list[Selected] = []
    chosen_terms: list[set[str]] = []
    for candidate in candidates:
        if candidate.score < cutoff or len(chosen) >= limit:
            break
        terms = set(content_terms(candidate.text))
        if any(_jaccard(terms, other) >= DUPLICATE_JACCARD for other in chosen_terms):
            continue
        chosen.append(candidate)
        chosen_terms.append(terms)
    if is_list:
        # A list reads best in the source's own order.
        chosen.sort(key=lambda s: (s.hit_index, _position(hits[s.hit_index], s.text)))
    return chosen


def _term_weights(question: str, context: str | None, hits: list[Hit]) -> dict[str, float]:
    """Question words weighted by rarity among the retrieved passages (a local IDF)."""
    passages = [set(content_terms(h.chunk.text)) for h in hits]
    df: Counter[str] = Counter(t for p in passages for t in p)
    n = max(len(passages), 1)
    weights: dict[str, float] = {}
    for scale, text in ((1.0, question), (0.5, context or "")):
        for term in content_terms(text):
            weight = scale * math.log(1 + (n + 1) / (1 + df.get(term, 0)))
            weights[term] = max(weights.get(term, 0.0), weight)
    return weights


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _position(hit: Hit, sentence: str) -> int:
    found = " ".join(hit.chunk.text.split()).find(sentence[:40])
    return found if found >= 0 else 1 << 30
