"""List and step answers: every item of the list that answers, each cited.

A list is found in the best passages (bullets, "Label: ..." lines, enumerating sentences; see
``passages``), followed into the next chunk when it runs on, or, when the answer spans chunks,
taken from the sub-headings of the answering section or a run of ordinal sentences ("The first
priority is...", "The second...").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.language import content_terms
from ingest.model import SECTION_SEPARATOR, Chunk
from kb.hit import Hit
from service.chat.drafting import BULLET, NUMBERED, PROSE, Draft, Line
from service.chat.passages import ItemList, find_lists, read_units
from service.chat.question import Kind, Question
from service.chat.scoring import Scored, jaccard, rerank

# A list is taken when it scores this share of the best single unit.
LIST_RELATIVE_SCORE = 0.8
# Longest list given in full.
MAX_ITEMS = 15
# Items sharing this much vocabulary with one already listed repeat it.
DUPLICATE_JACCARD = 0.6
# Bonus for a list with exactly the number of items the question names ("the four areas").
COUNT_BONUS = 0.2


def answer_list(
    question: Question,
    hits: list[Hit],
    scored: list[Scored],
    neighbours: Callable[..., list[Chunk]] | None,
) -> Draft | None:
    """The list that answers, whole, each item cited to the passage it sits in."""
    ranked = rerank(hits, scored)[:3]
    wanted = _wanted_count(question.text)
    candidates: list[tuple[float, int, ItemList]] = []
    best_unit = scored[0].score
    unit_scores = {(s.hit_index, s.text): s.score for s in scored}
    for rank, index in enumerate(ranked):
        for found in find_lists(hits[index].chunk.text):
            ranks = sorted((unit_scores.get((index, i), 0.0) for i in found.items), reverse=True)
            # The line before a list speaks for it only when it announces it ("...are:").
            lead = max(
                (v for (h, text), v in unit_scores.items() if h == index and found.lead in text),
                default=0.0,
            )
            lead = lead if found.lead.endswith(":") else 0.0
            score = max(lead, sum(ranks[:3]) / len(ranks[:3])) - 0.05 * rank
            if wanted is not None and len(found.items) == wanted:
                score += COUNT_BONUS
            candidates.append((score, index, found))
    counted = [c for c in candidates if wanted is not None and len(c[2].items) == wanted]
    if neighbours is not None and not counted:
        spanning = structural_list(hits[ranked[0]].chunk, wanted, neighbours)
        if spanning is not None:
            return _spanning_draft(question, hits, spanning)
    if not candidates:
        return None
    score, index, found = max(candidates, key=lambda c: c[0])
    if score < LIST_RELATIVE_SCORE * best_unit:
        return None
    items = list(found.items)
    if neighbours is not None and (wanted is None or len(items) < wanted):
        items = _continue_list(hits[index].chunk, found, items, neighbours)
    marker = NUMBERED if question.kind is Kind.STEPS else BULLET
    lines: list[Line] = []
    if found.lead and not found.lead.endswith(tuple(found.items[:1])):
        lines.append(Line(_lead_sentence(found.lead), index, PROSE))
    seen: list[frozenset[str]] = []
    for item in items[:MAX_ITEMS]:
        terms = frozenset(content_terms(item))
        if any(jaccard(terms, other) >= DUPLICATE_JACCARD for other in seen):
            continue
        seen.append(terms)
        lines.append(Line(item, index, marker))
    return Draft(lines)


def _spanning_draft(
    question: Question, hits: list[Hit], spanning: tuple[str, list[tuple[str, Chunk]]]
) -> Draft:
    """Items from several chunks: each chunk joins ``hits`` so its item can be cited."""
    lead, items = spanning
    marker = NUMBERED if question.kind is Kind.STEPS else BULLET
    known = {h.chunk.id: i for i, h in enumerate(hits)}
    lines: list[Line] = []
    for text, chunk in items[:MAX_ITEMS]:
        if chunk.id not in known:
            hits.append(Hit(chunk=chunk, score=0.0))
            known[chunk.id] = len(hits) - 1
        lines.append(Line(text, known[chunk.id], marker))
    if lead:
        lines.insert(0, Line(f"{lead}:", lines[0].hit_index, PROSE))
    return Draft(lines)


def _continue_list(
    chunk: Chunk, found: ItemList, items: list[str], neighbours: Callable[..., list[Chunk]]
) -> list[str]:
    """A list cut by the chunk boundary goes on at the start of the next chunk."""
    text = chunk.text.rstrip()
    if not text.endswith(found.items[-1]) and not text.endswith(found.items[-1] + "."):
        return items
    after = [c for c in neighbours(chunk) if c.position > chunk.position]
    if not after:
        return items
    for following in find_lists(after[0].text):
        if following.items and after[0].text.lstrip().find(following.items[0]) < 80:
            return items + [i for i in following.items if i not in items]
    return items


_COUNT_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _wanted_count(question: str) -> int | None:
    """'the four areas', 'nine principles', 'the 4 Cs' -> how many items the list should have."""
    match = re.search(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+\w+", question)
    if not match:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else _COUNT_WORDS[word]


def _lead_sentence(lead: str) -> str:
    return lead if lead.endswith((".", ":", "?")) else f"{lead}:"


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINAL = re.compile(rf"^(the )?({'|'.join(_ORDINALS)})\b", re.I)
# How far either side of the answering chunk a list of sub-sections or ordinals is followed.
SECTION_WINDOW = 24


def structural_list(
    chunk: Chunk, wanted: int | None, neighbours: Callable[..., list[Chunk]]
) -> tuple[str, list[tuple[str, Chunk]]] | None:
    """A list that spans chunks: the sub-headings under the answering chunk's parent section
    ("Principle i: ...", "Principle ii: ..."), or a run of ordinal sentences ("The first
    priority is...", "The second..."). Each item comes with the chunk it starts in."""
    window = neighbours(chunk, span=SECTION_WINDOW)
    # Sub-sections (depth 3 or more: not the document's own top-level sections), grouped by
    # their parent: the group the answering chunk is in, or one with the number asked for.
    groups: dict[tuple[str, ...], dict[str, Chunk]] = {}
    for other in window:
        other_path = tuple((other.section or "").split(SECTION_SEPARATOR))
        if len(other_path) >= 3:
            groups.setdefault(other_path[:-1], {}).setdefault(other_path[-1], other)
    own = tuple((chunk.section or "").split(SECTION_SEPARATOR))[:-1]
    for parent, siblings in sorted(groups.items(), key=lambda g: g[0] != own):
        if len(siblings) >= 3 and (len(siblings) == wanted or (wanted is None and parent == own)):
            return parent[-1], list(siblings.items())
    ordinals: dict[str, tuple[str, Chunk]] = {}
    for other in window:
        for unit in read_units(other.text):
            match = _ORDINAL.match(unit.text)
            if match and match.group(2).lower() not in ordinals:
                ordinals[match.group(2).lower()] = (unit.text, other)
    if len(ordinals) >= 3 and (wanted is None or len(ordinals) == wanted):
        ordered = [ordinals[o] for o in _ORDINALS if o in ordinals]
        return "", ordered
    return None
