"""The answer plan: pick the passage that answers, then give the answer the question's shape.

1. Every sentence and list item of the retrieved passages is scored against the question: its
   meaning (cosine of the sentence vectors stored at ingest), the question's words it holds
   (weighted by their rarity in the whole corpus) and whether it offers what is asked (a sum, a
   time, a figure). A passage scores as its best unit: that re-ranks the passages.
2. The answer comes from the best passage. Lists and steps take every item of the list that
   answers (followed into the next chunk of the document when the list runs on); other kinds
   take the best sentence and at most two more that add something the question asked for,
   from the same passage first. Nothing is said twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.language import fact_tokens
from ingest.model import Chunk
from kb.hit import Hit
from service.chat.drafting import PROSE, Draft, Line
from service.chat.lists import answer_list
from service.chat.question import Kind, Question
from service.chat.scoring import OFFER_KINDS, Scored, SentenceSimilarity, jaccard, score_units

# Units sharing this much vocabulary with one already chosen repeat it (overlapping chunks).
DUPLICATE_JACCARD = 0.6
# Sentences in a non-list answer: the best one and at most this many more.
MAX_EXTRA_SENTENCES = 2
# A further sentence must bring this share of the question's weight not yet covered.
MIN_NEW_COVERAGE = 0.12
# A further sentence must score this share of the best one.
MIN_RELATIVE_SCORE = 0.6
# A prose answer stops growing past this many words (the first sentence is always given).
MAX_PROSE_WORDS = 70
# For a list question no list answers: more sentences, up to this many words.
LIST_FALLBACK_SENTENCES = 5
LIST_FALLBACK_WORDS = 150

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def compose(
    question: Question,
    hits: list[Hit],
    weights: dict[str, float],
    similarity: SentenceSimilarity | None,
    *,
    neighbours: Callable[..., list[Chunk]] | None = None,
) -> Draft:
    """The extractive answer: shaped by the question's kind, from the passage that answers."""
    scored = score_units(question, hits, weights, similarity)
    if not scored:
        return Draft([])
    if question.wants_items or question.kind is Kind.YES_NO:
        listed = answer_list(question, hits, scored, neighbours)
        if listed is not None:
            return listed
    lines = _answer_sentences(question, scored, weights)
    if neighbours is not None:
        lines = [_complete(line, hits[line.hit_index].chunk, neighbours) for line in lines]
    return Draft(lines)


def _complete(line: Line, chunk: Chunk, neighbours: Callable[..., list[Chunk]]) -> Line:
    """A sentence cut off at the end of its chunk, finished from the start of the next one."""
    text = line.text.rstrip()
    if text[-1:] in ".!?:;)" or not chunk.text.rstrip().endswith(text):
        return line
    after = [c for c in neighbours(chunk) if c.position == chunk.position + 1]
    if not after:
        return line
    head = after[0].text.lstrip()
    if not head[:1].islower():
        return line
    end = re.search(r"[.!?](\s|$)", head)
    if end is None or end.end() > 400:
        return line
    return Line(f"{text} {head[: end.start() + 1]}", line.hit_index, line.marker)


def _answer_sentences(
    question: Question, scored: list[Scored], weights: dict[str, float]
) -> list[Line]:
    extra, budget = MAX_EXTRA_SENTENCES, MAX_PROSE_WORDS
    if question.wants_items:
        extra, budget = LIST_FALLBACK_SENTENCES, LIST_FALLBACK_WORDS
    best = scored[0]
    if question.kind in OFFER_KINDS:
        offering = [s for s in scored if question.offers_answer(s.text)]
        if offering and offering[0].score >= MIN_RELATIVE_SCORE * best.score:
            best = offering[0]
    chosen = [best]
    total = sum(weights.values()) or 1.0
    covered = {t for t in weights if t in best.terms}
    words = len(best.text.split())
    for unit in scored:
        if len(chosen) > extra:
            break
        if words + len(unit.text.split()) > budget:
            continue
        if unit in chosen or unit.score < MIN_RELATIVE_SCORE * best.score:
            continue
        if any(jaccard(unit.terms, c.terms) >= DUPLICATE_JACCARD for c in chosen):
            continue
        details = _details(unit.text)
        if details and details <= set().union(*(_details(c.text) for c in chosen)):
            continue  # the same phone number or email again, in other words
        new = {t for t in weights if t in unit.terms} - covered
        gain = sum(weights[t] for t in new) / total
        same_passage = unit.hit_index == best.hit_index
        if gain >= MIN_NEW_COVERAGE or (same_passage and _continues(chosen, unit)):
            chosen.append(unit)
            covered |= new
            words += len(unit.text.split())
    # One passage's sentences read in its order; passages in the order they were chosen.
    order = {c.hit_index: n for n, c in reversed(list(enumerate(chosen)))}
    chosen.sort(key=lambda c: (order[c.hit_index], c.position))
    return [Line(c.text, c.hit_index, PROSE) for c in chosen]


def _details(text: str) -> set[str]:
    """Phone numbers, emails and figures: the facts a repeated sentence repeats."""
    return fact_tokens(text) | {e.lower() for e in _EMAIL.findall(text)}


def _continues(chosen: list[Scored], unit: Scored) -> bool:
    """The sentence right after a chosen one that answers too (split answers, "This...")."""
    return any(c.hit_index == unit.hit_index and unit.position == c.position + 1 for c in chosen)
