"""List and step answers: every item of the list that answers, each cited.

A list is found in the best passages (bullets, "Label: ..." lines, enumerating sentences; see
``passages``), followed into the next chunk when it runs on, or, when the answer spans chunks,
taken from the sub-headings of the answering section or a run of ordinal sentences ("The first
priority is...", "The second...").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.language import EMAIL, content_terms, phone_numbers
from ingest.model import Chunk
from kb.hit import Hit
from service.chat.contents import contents_list, lists_contents
from service.chat.counting import (
    as_many_as_said,
    asked_for,
    asked_head,
    counted_list,
    counts_named,
    stated_count,
    states_count,
    wanted_count,
)
from service.chat.drafting import BULLET, NUMBERED, PROSE, Draft, Line
from service.chat.passages import (
    ItemList,
    clean_item,
    find_lists,
    is_action,
)
from service.chat.question import Kind, Question
from service.chat.scoring import Scored, is_running_line, jaccard, rerank
from service.chat.sections import EACH, extend_across_chunks, structural_list, with_details

# Passages, best first, whose lists are candidates (more when the question names a count).
LIST_PASSAGES = 3
COUNTED_EXTRA = 2
# A list is taken when it scores this share of the best single unit.
LIST_RELATIVE_SCORE = 0.8
# Longest list given in full.
MAX_ITEMS = 15
# An email or web address in a list item.
_ADDRESS = re.compile(rf"{EMAIL.pattern}|\bwww\.|https?://")
# A list given whole around its best item, for a question that is not a list question.
MAX_CONTEXT_ITEMS = 6
# Bonus for a list whose lead-in names what the question asks for ("what purposes").
NAMED_BONUS = 0.15
# Items sharing this much vocabulary with one already listed repeat it.
DUPLICATE_JACCARD = 0.6
# A yes/no question is answered by a list of conditions ("...counts as private fostering when
# all of the following apply:") only when that lead-in is about as good as the best sentence.
RULE_LEAD_SCORE = 0.9
# A lead-in announcing the conditions something holds under ("...should no longer be the subject
# of a plan if:"): its items say when, not what to do.
_CONDITIONS_LEAD = re.compile(r"\b(if|where|when|unless|whether)\s*:\s*$", re.I)
# Bonus for a list with exactly the number of items the question names ("the four areas").
COUNT_BONUS = 0.2


def answer_list(
    question: Question,
    hits: list[Hit],
    scored: list[Scored],
    neighbours: Callable[..., list[Chunk]] | None,
) -> Draft | None:
    """The list that answers, whole, each item cited to the passage it sits in."""
    wanted = wanted_count(question.text)
    named = asked_for(question.asked)
    # A list of the number asked for is looked for a little further down.
    reranked = rerank(hits, scored)
    ranked = reranked[: LIST_PASSAGES + (COUNTED_EXTRA if wanted else 0)]
    stated = stated_count(question.text, scored) if question.wants_items else None
    if wanted is None and stated is not None and neighbours is not None:
        # "...gave four key messages": the list of four near that sentence answers.
        anchor = hits[scored[0].hit_index].chunk
        # The list that sentence announces ("...organised in three series:"), then sub-sections
        # of that number ("Priority 1...", "Priority 2..."), else a list of that number near it.
        own = next(
            (
                (f.lead, [(item, anchor) for item in f.items])
                for f in find_lists(anchor.text)
                if len(f.items) == stated and states_count(f.lead, stated)
            ),
            None,
        )
        counted = (
            own
            or structural_list(anchor, question, stated, neighbours)
            or counted_list(anchor, stated, neighbours)
        )
        if counted is not None and _steps_if_asked(question, counted[1], named):
            return items_draft(question, hits, *counted)
    candidates: list[tuple[float, int, ItemList]] = []
    best_unit = scored[0].score
    # A list's items are cleaned ("...may have moved;" -> "...may have moved"): so are the keys.
    unit_scores: dict[tuple[int, str], float] = {}
    for s in scored:
        unit_scores.setdefault((s.hit_index, clean_item(s.text) if s.item else s.text), s.score)
    for rank, index in enumerate(reranked):
        if rank >= len(ranked) and (not question.wants_items or ":" not in hits[index].chunk.text):
            continue  # no lead-in here announces a list
        for found in find_lists(hits[index].chunk.text):
            # Further down, only a list announcing what is asked ("...categorised into four
            # areas of risk:" for "the categories of online risk").
            further = rank >= len(ranked)
            if further and not (
                _announces(found, question) or lists_contents(question, found, hits[index].chunk)
            ):
                continue
            ranks = sorted((unit_scores.get((index, i), 0.0) for i in found.items), reverse=True)
            # The line before a list speaks for it only when it announces it ("...are:").
            announced = max(
                (v for (h, text), v in unit_scores.items() if h == index and found.lead in text),
                default=0.0,
            )
            announced = announced if found.lead.endswith(":") else 0.0
            itemised = sum(ranks[:3]) / len(ranks[:3]) if ranks else 0.0
            score = max(announced, itemised) - 0.05 * min(rank, len(ranked))
            if wanted is not None and len(found.items) == wanted:
                score += COUNT_BONUS
            if named and named & set(content_terms(found.lead)):
                score += NAMED_BONUS  # "...the only purposes for which..." for "what purposes"
            if not question.wants_items and announced < RULE_LEAD_SCORE * best_unit:
                continue  # a yes/no question takes a list only when it states the rule
            if question.kind is not Kind.CONTACT and _contact_details(found.items):
                continue  # phone numbers and addresses answer who to contact, not "what are..."
            if not _fits(question, found.items) or (
                question.kind is Kind.STEPS and _CONDITIONS_LEAD.search(found.lead)
            ):
                continue  # "...no longer be the subject of a plan if:": when, not what to do
            candidates.append((score, index, found))
    best = max(candidates, key=lambda c: c[0]) if candidates else None
    # "What were the four key messages?": a list of four that names key messages is the answer,
    # however well a sentence restating the question ("...gave four key messages") scores.
    counted_named = [c for c in candidates if _counted_and_named(c[2], wanted, named)]
    contents = contents_list(question, candidates, hits, best_unit)  # "what goes in a MARF?"
    if counted_named:
        best = max(counted_named, key=lambda c: c[0])
    elif contents is not None:
        best = contents
    elif best is None or best[0] < LIST_RELATIVE_SCORE * best_unit:
        spanning = None
        if neighbours is not None and question.wants_items:
            spanning = structural_list(hits[ranked[0]].chunk, question, wanted, neighbours)
        if spanning is None:
            return None
        lead, items = spanning
        if not _steps_if_asked(question, items, named):
            return None
        if EACH.search(question.text):
            items = with_details(hits, scored, items)
        return items_draft(question, hits, lead, items)
    _, index, found = best
    chunk = hits[index].chunk
    items = [(item, chunk) for item in found.items]
    lead = found.lead if found.lead and not found.items else found.lead
    if found.items and found.lead.endswith(found.items[0]):
        lead = ""
    if neighbours is not None and (wanted is None or len(items) < wanted):
        lead, items = extend_across_chunks(chunk, lead, items, neighbours)
    if wanted is not None and states_count(found.lead, wanted):
        items = items[:wanted]  # the lead-in said how many were asked for
    items = as_many_as_said(found.lead, items)
    if not items or (
        question.kind is not Kind.CONTACT and _contact_details(tuple(t for t, _ in items))
    ):
        return None
    return items_draft(question, hits, lead, items, lead_chunk=chunk)


def _announces(found: ItemList, question: Question) -> bool:
    """The lead-in announces a list and names what is asked for (the thing, not a word before
    it: "checks" of "what safeguarding checks"), in any form of the word."""
    lead = found.lead.rstrip()
    if not (question.wants_items and lead.endswith(":")):
        return False
    said = set(content_terms(lead))
    head = asked_head(question.asked)
    # "categori" (categories) and "categoris" (categorised) share their first eight letters;
    # "principl" and "princip" (principal) do not.
    return head is not None and any(t == head or t[:8] == head[:8] != head[:7] for t in said)


def _counted_and_named(found: ItemList, wanted: int | None, named: set[str]) -> bool:
    """The list's lead-in says it has the number of items asked for (or, when none is, the number
    it has), and it or the items name what is asked for ("The review has four key messages:"
    for "the four key messages")."""
    if wanted is None:  # the lead-in counts its own items as what is asked: "There are 4 outcomes:"
        return counts_named(found.lead, len(found.items), named)
    if not named or not states_count(found.lead, wanted):
        return False
    return bool(named & set(content_terms(" ".join((found.lead, *found.items)))))


def _fits(question: Question, items: tuple[str, ...]) -> bool:
    """Steps are actions: a list in a passage answers "what should I do" only when most of its
    items say what to do (not the things someone should be satisfied of). (Sub-headings named
    by the question, "Stage One...", "Stage Two...", are another matter: see structural_list.)"""
    if question.kind is not Kind.STEPS:
        return True
    return sum(is_action(item) for item in items) * 2 >= len(items)


def _steps_if_asked(question: Question, items: list[tuple[str, Chunk]], named: set[str]) -> bool:
    """A list found by its structure or its count answers "what should I do" only when its items
    are actions or are named by the question ("Stage One...", "Stage Two..."): not a contents
    page ("Immediate protection", "Strategy discussion") or a definition ("the child has died")."""
    texts = tuple(text for text, _ in items)
    return bool(named & set(content_terms(" ".join(texts)))) or _fits(question, texts)


def _contact_details(items: tuple[str, ...]) -> bool:
    """Most items give a phone number, an email or a web address: a list of contacts."""
    reachable = sum(bool(phone_numbers(i) or _ADDRESS.search(i)) for i in items)
    return reachable * 2 >= len(items)


def list_around(
    question: Question,
    hits: list[Hit],
    line: Line,
    neighbours: Callable[..., list[Chunk]],
    *,
    max_words: int,
    max_items: int = MAX_CONTEXT_ITEMS,
) -> Draft | None:
    """The short list that ``line`` (one of its items, or its lead-in: "...require that the
    designated person is:") belongs to, with its lead-in, each item cited; for a longer list,
    its lead-in and that one item; None if there is no list (or a long one after a lead-in)."""
    chunk = hits[line.hit_index].chunk
    said = " ".join(line.text.split())
    announces = said.endswith(":")
    item = clean_item(said)  # as find_lists gives items: "...may have moved;" -> "...moved"
    found = next(
        (
            f
            for f in find_lists(chunk.text)
            if item in f.items or (announces and " ".join(f.lead.split()).endswith(said))
        ),
        None,
    )
    if found is None:
        return None
    if question.kind is not Kind.CONTACT and _contact_details(found.items):
        return None  # phone numbers and addresses answer who to contact, not "what are..."
    items = [(item, chunk) for item in found.items]
    lead, items = extend_across_chunks(chunk, found.lead, items, neighbours)
    items = as_many_as_said(found.lead, items, keep=item)
    words = sum(len(text.split()) for text, _ in items) + len(lead.split())
    if len(items) > max_items or words > max_words:
        if not lead or item not in found.items:
            return None
        items = [(item, chunk)]
    return items_draft(question, hits, lead, items, lead_chunk=chunk, marker=BULLET)


def items_draft(
    question: Question,
    hits: list[Hit],
    lead: str,
    items: list[tuple[str, Chunk]],
    *,
    lead_chunk: Chunk | None = None,
    marker: str | None = None,
) -> Draft:
    """A lead-in and the items, each cited to its own chunk (added to ``hits`` if new)."""
    marker = marker or (NUMBERED if question.kind is Kind.STEPS else BULLET)
    known = {h.chunk.id: i for i, h in enumerate(hits)}

    def index_of(chunk: Chunk) -> int:
        if chunk.id not in known:
            hits.append(Hit(chunk=chunk, score=0.0))
            known[chunk.id] = len(hits) - 1
        return known[chunk.id]

    lines: list[Line] = []
    seen: list[frozenset[str]] = []
    for text, chunk in items:
        terms = frozenset(content_terms(text))
        if any(jaccard(terms, other) >= DUPLICATE_JACCARD for other in seen):
            continue  # the same item again, from the overlap between two chunks
        seen.append(terms)
        lines.append(Line(text, index_of(chunk), marker))
        if len(lines) >= MAX_ITEMS:
            break
    first = lead_chunk if lead_chunk is not None else items[0][1] if items else None
    if first is not None and not lead.endswith(":") and is_running_line(lead, first.source, hits):
        lead = ""  # "Statutory guidance for ... on their 21 functions ...": a page's head
    if lead and lines and first is not None:
        lines.insert(0, Line(_lead_sentence(lead), index_of(first), PROSE))
    return Draft(lines)


def _lead_sentence(lead: str) -> str:
    return lead if lead.endswith((".", ":", "?")) else f"{lead}:"
