"""Steps told in prose: what to do, in the order the guidance says it, from the section that
answers.

Guidance rarely numbers its steps; it writes them as paragraphs ("The IRO should first seek to
resolve the problem informally... If this fails, the IRO should use the local dispute
resolution process..."). The answer is read from the section holding the best sentence, a few
chunks either side: every sentence there that scores close to the best one, in reading order,
each cited to its own chunk.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.language import content_terms
from ingest.model import Chunk
from kb.hit import Hit
from service.chat.drafting import BULLET, NUMBERED, SUB, Draft, Line
from service.chat.lists import DUPLICATE_JACCARD, items_draft, list_around
from service.chat.passages import DIRECTIVE
from service.chat.question import Question
from service.chat.scoring import Scored, SentenceSimilarity, jaccard, rerank, score_units

# Chunks either side of the answering chunk read for steps (one section rarely runs longer).
STEP_WINDOW = 3
# A sentence is a step when it scores this share of the section's best sentence.
STEP_RELATIVE_SCORE = 0.75
# Fewer steps than this is not a procedure: the prose answer serves better.
MIN_STEPS = 3
MAX_STEPS = 8
MAX_STEP_WORDS = 220
# Passages, best first, whose sections are read for the steps.
ANCHOR_CANDIDATES = 5
# A section's strength: the mean score of its best this-many instructions.
STRENGTH_STEPS = 3
# The list a step announces ("...is responsible for ensuring that:") is given under it up to
# this size; a longer one is left out with its lead-in.
MAX_ANNOUNCED_ITEMS = 6
MAX_ANNOUNCED_WORDS = 150


def answer_steps(
    question: Question,
    hits: list[Hit],
    scored: list[Scored],
    weights: dict[str, float],
    similarity: SentenceSimilarity | None,
    neighbours: Callable[..., list[Chunk]],
    finish: Callable[[Scored, list[Hit]], str | None],
) -> Draft | None:
    """Numbered steps from the section that answers, or None when it holds too few."""
    # The section that says best what to do: of the best passages, the one whose section's
    # best few instructions score highest (the best single sentence may sit in background).
    anchors = {
        (hits[i].chunk.source, hits[i].chunk.section): hits[i].chunk
        for i in reversed(rerank(hits, scored)[:ANCHOR_CANDIDATES])
    }  # one per section, its best passage (reversed: the best is written last)
    sections = [
        _section_steps(question, anchor, weights, similarity, neighbours)
        for anchor in anchors.values()
    ]
    local, units = max(sections, key=lambda s: _strength(s[1]))
    if not units:
        return None
    floor = STEP_RELATIVE_SCORE * units[0].score
    reading = sorted(
        (u for u in units if u.score >= floor),
        key=lambda u: (local[u.hit_index].chunk.position, u.position),
    )
    steps: list[tuple[str, Chunk]] = []
    taken: list[frozenset[str]] = []
    words = 0
    for unit in reading:
        text = finish(unit, local)
        if text is None or any(jaccard(unit.terms, t) >= DUPLICATE_JACCARD for t in taken):
            continue
        if words + len(text.split()) > MAX_STEP_WORDS or len(steps) >= MAX_STEPS:
            break
        steps.append((text, local[unit.hit_index].chunk))
        taken.append(unit.terms)
        words += len(text.split())
    if len(steps) < MIN_STEPS:
        return None
    draft = _with_their_lists(question, items_draft(question, hits, "", steps), hits, neighbours)
    if sum(line.marker == NUMBERED for line in draft.lines) < MIN_STEPS:
        return None
    return draft


def _with_their_lists(
    question: Question, draft: Draft, hits: list[Hit], neighbours: Callable[..., list[Chunk]]
) -> Draft:
    """Each step that announces a list ("...the designated teacher is responsible for ensuring
    that:") with the list's items under it; without them it promises what it does not say, and
    is left out."""
    lines: list[Line] = []
    for line in draft.lines:
        if line.marker != NUMBERED or not line.text.rstrip().endswith(":"):
            lines.append(line)
            continue
        found = list_around(
            question,
            hits,
            line,
            neighbours,
            max_words=MAX_ANNOUNCED_WORDS,
            max_items=MAX_ANNOUNCED_ITEMS,
        )
        items = [item for item in found.lines if item.marker == BULLET] if found else []
        if len(items) > 1:  # a long list's lead-in comes back with one item: not the list
            lines += [line, *(Line(i.text, i.hit_index, SUB) for i in items)]
    # A step that is one of those items already ("what actions need to be taken") goes.
    listed = [frozenset(content_terms(line.text)) for line in lines if line.marker == SUB]
    return Draft(
        [
            line
            for line in lines
            if line.marker != NUMBERED
            or not any(
                jaccard(frozenset(content_terms(line.text)), item) >= DUPLICATE_JACCARD
                for item in listed
            )
        ],
        draft.answerer,
    )


def _section_steps(
    question: Question,
    anchor: Chunk,
    weights: dict[str, float],
    similarity: SentenceSimilarity | None,
    neighbours: Callable[..., list[Chunk]],
) -> tuple[list[Hit], list[Scored]]:
    """The section around ``anchor`` (its chunks, the anchor first) and its instructions scored
    against the question, best first."""
    section = [c for c in neighbours(anchor, span=STEP_WINDOW) if c.section == anchor.section] or [
        anchor
    ]
    # The answering chunk first, so retrieval-rank priors favour it, then the rest in order.
    local = [Hit(chunk=anchor, score=1.0)] + [
        Hit(chunk=c, score=0.0) for c in section if c.id != anchor.id
    ]
    # A step says what someone should do; background is not a step.
    units = [
        u for u in score_units(question, local, weights, similarity) if DIRECTIVE.search(u.text)
    ]
    return local, units


def _strength(units: list[Scored]) -> float:
    best = [u.score for u in units[:STRENGTH_STEPS]]
    return sum(best) / STRENGTH_STEPS
