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
from collections.abc import Callable, Sequence
from dataclasses import replace

from ingest.language import EMAIL, content_terms, fact_tokens
from ingest.model import Chunk
from kb.hit import Hit
from service.chat.drafting import BULLET, PROSE, Draft, Line
from service.chat.figures import EXACT_TIME
from service.chat.finishing import belonging, finisher
from service.chat.headed import headed_list
from service.chat.holding import given_for, heading_of, names, reach_name
from service.chat.lists import MAX_CONTEXT_ITEMS, MAX_ITEMS, answer_list, list_around
from service.chat.passages import is_table_row
from service.chat.question import Kind, Question
from service.chat.scoring import Scored, SentenceSimilarity, jaccard, score_units
from service.chat.steps import answer_steps

# Units sharing this much vocabulary with one already chosen repeat it (overlapping chunks).
DUPLICATE_JACCARD = 0.6
# Sentences in a non-list answer: the best one and at most this many more.
MAX_EXTRA_SENTENCES = 2
# A further sentence must bring this share of the question's weight not yet covered.
MIN_NEW_COVERAGE = 0.12
# A further sentence answers a further part when it brings this share of that part's weight.
PART_NEW_COVERAGE = 0.3
# A further sentence must score this share of the best one.
MIN_RELATIVE_SCORE = 0.6
# A sentence with a series leads a list question's prose answer when it scores this share of the
# best sentence.
SERIES_RELATIVE_SCORE = 0.9
# A sentence giving a time as a figure leads over a better one naming none ("at intervals") when
# it scores this share of it.
EXACT_RELATIVE_SCORE = 0.9
# A sentence giving another figure for what is asked, scoring this share of the best one, is
# given beside it.
RIVAL_RELATIVE_SCORE = 0.95
# A prose answer stops growing past this many words (the first sentence is always given).
MAX_PROSE_WORDS = 60
# Room, in words, for each further part of a question of several parts.
PART_WORDS = 35
# Units looked at for a prose answer, best first (the rest score too low to be chosen).
MAX_CONSIDERED = 40
# For a list question no list answers: more sentences, up to this many words.
LIST_FALLBACK_SENTENCES = 5
LIST_FALLBACK_WORDS = 150

# A line starting as the rest of a sentence does ("– these will be...", "and then...").
_TAIL_START = re.compile(r"\s*(?:[–—-]\s|[a-z])")
# A list item shorter than this is a fragment ("website – GOV.UK/..."): its list is given.
MIN_STANDALONE_ITEM_WORDS = 10
_AGE_ASKED = re.compile(r"\b(what|which) ages?\b|\bhow old\b|\bage (limit|range)", re.I)
# Marks, until the draft is made, a prose line that is a list item (never shown).
ITEM = "item"


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
    headed = headed_list(question, hits)
    if headed is not None:
        return headed  # "what's the harm test?": the section named for it lists it
    finish = finisher(neighbours)
    if question.kind is Kind.STEPS and neighbours is not None:
        stepped = answer_steps(question, hits, scored, weights, similarity, neighbours, finish)
        if stepped is not None:
            return stepped
    asks_questions = "question" in question.text.lower()

    def usable(unit: Scored) -> str | None:
        # The guidance's own questions ("Does your organisation...?") answer nothing, unless
        # questions are what is asked for.
        if unit.text.rstrip().endswith("?") and not asks_questions:
            return None
        return finish(unit, hits)

    named = reach_name(question, hits, weights)  # "the RSCP manager's email": "manager", "rscp"
    # Headings speak for their lines only where a number is asked for something named.
    described = hits if named or question.further_details is not None else []
    headings = {i: frozenset(content_terms(heading_of(h.chunk))) for i, h in enumerate(described)}
    lines, best = _answer_sentences(question, scored, weights, usable, headings, named)
    # (Reading order may put another line before the best: the best decides.)
    top = next((line for line in lines if line.text == best), None)
    if top is not None and top.marker == ITEM and _fragment(top.text) and neighbours is not None:
        # The best line is one item of a list ("telephone – 0300...", "the size of the
        # child"): give the short list it belongs to, with its lead-in (a long list: the lead-in
        # and that item).
        whole = list_around(question, hits, top, neighbours, max_words=MAX_PROSE_WORDS)
        if whole is not None:
            # A number a further part asks for ("..., and what's their number?") still follows.
            asked = question.further_details
            shown_texts = {x.text for x in whole.lines}
            given = [
                x for x in lines if asked and asked.search(x.text) and x.text not in shown_texts
            ]
            return Draft([*whole.lines, *(replace(x, marker=BULLET) for x in given)])
    shown: list[Line] = []
    for line in lines:
        if line.marker == PROSE and line.text.rstrip().endswith(":") and neighbours is not None:
            # A sentence announcing a list ("...require that the designated person is:") is
            # followed by that list: when short, or when it is the answer (the best line); a
            # lead-in whose list cannot be given says nothing, and is left out.
            answer = line.text == best
            room = LIST_FALLBACK_WORDS if answer else MAX_PROSE_WORDS
            # (A time or a figure asked for is not answered by a long list it leads.)
            most = MAX_ITEMS if answer and not question.wants_figure else MAX_CONTEXT_ITEMS
            listed = list_around(question, hits, line, neighbours, max_words=room, max_items=most)
            if listed is None:
                continue
            shown.append(replace(line, marker=PROSE))
            shown.extend(item for item in listed.lines if item.marker != PROSE)
            continue
        # A table row or a list's item is an item of its own, never run into a paragraph.
        unended = not line.text.rstrip().endswith((".", "!", "?"))
        fragment = line.marker == ITEM and unended and question.kind is not Kind.LIST
        item = fragment or is_table_row(line.text)
        shown.append(replace(line, marker=BULLET if item else PROSE))
    return Draft(shown)


def _fragment(item: str) -> bool:
    """A list item that means little without its lead-in: short, or a sentence's tail."""
    return len(item.split()) < MIN_STANDALONE_ITEM_WORDS or item[:1].islower()


def _answer_sentences(
    question: Question,
    scored: list[Scored],
    weights: dict[str, float],
    finish: Callable[[Scored], str | None],
    headings: dict[int, frozenset[str]] | None = None,
    named: Sequence[str] = (),
) -> tuple[list[Line], str | None]:
    # A question of several parts ("how soon..., and how often after that?") may take a
    # sentence more, and room for it, for each further part.
    more = question.parts - 1
    extra, budget = MAX_EXTRA_SENTENCES + more, MAX_PROSE_WORDS + PART_WORDS * more
    if question.wants_items:
        extra, budget = LIST_FALLBACK_SENTENCES, LIST_FALLBACK_WORDS
    parts = [set(content_terms(p)) for p in question.further_parts]
    # "..., and what's the number?": a further part asking for a number (an email) is answered
    # by the first line giving one, from a passage about what the question names.
    asked_details = question.further_details
    headings = headings or {}
    at = {(u.hit_index, u.position): u for u in scored}  # every unit, to find the one before
    finished = {}  # a unit's whole sentence, for units that read as one
    for unit in scored[:MAX_CONSIDERED]:
        text = finish(unit)
        if text is not None:
            finished[unit] = replace(unit, text=text)
    # A line that is the end of another's finished sentence ("15 working days of a strategy
    # discussion" of "...should take place within 15 working days...") is that sentence: it
    # is not given alone, and the whole sentence scores as its better part.
    considered = scored[:MAX_CONSIDERED]
    for unit, whole in finished.items():
        tails = [u for u in considered if _tail_of(u, whole)]
        if tails:  # it ends where its tail does: the sentence after it follows on
            score = max(whole.score, *(u.score for u in tails))
            finished[unit] = replace(whole, score=score, position=max(u.position for u in tails))
    scored = [finished[u] for u in considered if u in finished]
    scored = [u for u in scored if not any(_tail_of(u, other) for other in scored)]
    scored.sort(key=lambda u: (-u.score, u.hit_index, u.position))
    if not scored:
        return [], None
    best = scored[0]
    if question.wants_figure or question.kind is Kind.LIST:
        # The sentence with what is asked (a time, a figure; a series, when no list answers:
        # only one about as good as the best, as series are common).
        offering = [s for s in scored if question.offers_answer(s.text)]
        floor = SERIES_RELATIVE_SCORE if question.kind is Kind.LIST else MIN_RELATIVE_SCORE
        # A number asked for what is named ("the RSCP manager's email"): a line naming it first.
        held = [(s, s.terms | headings.get(s.hit_index, frozenset())) for s in offering]
        naming = [s for s, terms in held if names(terms, named, weights)]
        best = next((s for s in naming[:1] + offering[:1] if s.score >= floor * best.score), best)
        # A time given as a figure leads over one about as good that names none (an age is
        # one, when an age is asked: "up to what age...?").
        timed = question.kind is Kind.TIMESCALE and not _AGE_ASKED.search(question.asked)
        if timed and not EXACT_TIME.search(best.text):
            exact = [s for s in offering if EXACT_TIME.search(s.text)]
            if exact and exact[0].score >= EXACT_RELATIVE_SCORE * best.score:
                best = exact[0]
    chosen = [best]
    if asked_details is not None and not asked_details.search(best.text):
        chosen += given_for(best, scored, asked_details, weights, headings)
    total = sum(weights.values()) or 1.0
    covered = {t for c in chosen for t in weights if t in c.terms}
    words = sum(len(c.text.split()) for c in chosen)
    for unit in scored:
        if len(chosen) > extra:
            break
        if words + len(unit.text.split()) > budget:
            continue
        if unit in chosen or unit.score < MIN_RELATIVE_SCORE * best.score:
            continue
        unended = not unit.text.rstrip().endswith((".", ";", "!", "?"))  # a checklist's line
        if unit.item and (_fragment(unit.text) or unended) and question.kind is not Kind.CONTACT:
            continue  # "ask the child if an advocate is wanted": a list's item, without its list
        if not unit.item and _TAIL_START.match(unit.text):
            continue  # "– these will be 17 year olds...": the rest of a sentence, not one
        if any(jaccard(unit.terms, c.terms) >= DUPLICATE_JACCARD for c in chosen):
            continue
        details = _details(unit.text)
        if details and details <= set().union(*(_details(c.text) for c in chosen)):
            continue  # the same phone number or email again, in other words
        new = {t for t in weights if t in unit.terms} - covered
        gain = sum(weights[t] for t in new) / total
        # Or it answers a further part: much of that part's own weight is new in it.
        gain = max([gain, *(_part_gain(part, new, weights) for part in parts)])
        same_passage = unit.hit_index == best.hit_index
        # A further part asking for a figure is answered by a sentence with a new one.
        figure = more > 0 and question.wants_figure and question.offers_answer(unit.text)
        # A figure asked for, given differently by a sentence about as good as the best ("24
        # hours" to talk, "5 days" to record it): both are said, the reader sees which is which.
        # The same figure again is the same answer in other words.
        rival = (
            question.wants_figure
            and unit.score >= RIVAL_RELATIVE_SCORE * best.score
            and question.offers_answer(unit.text)
            and _other_figures(unit, chosen)
        )
        if (
            gain >= MIN_NEW_COVERAGE
            or rival
            or (same_passage and (_continues(chosen, unit) or figure))
        ):
            chosen.append(unit)
            covered |= new
            words += len(unit.text.split())
    chosen += belonging(chosen, at, finish)
    # One passage's sentences read in its order; passages in the order they were chosen.
    order = {c.hit_index: n for n, c in reversed(list(enumerate(chosen)))}
    chosen.sort(key=lambda c: (order[c.hit_index], c.position))
    # The best line is returned too: reading order may put another sentence before it.
    lines = [Line(c.text, c.hit_index, ITEM if c.item else PROSE) for c in chosen]
    return lines, best.text


def _part_gain(part: set[str], new: set[str], weights: dict[str, float]) -> float:
    """The share of one part's weight that ``new`` words bring, scaled to the question's
    ``MIN_NEW_COVERAGE`` test (a part is smaller than the whole question)."""
    total = sum(weights.get(t, 0.0) for t in part)
    if not total:
        return 0.0
    share = sum(weights[t] for t in new & part) / total
    return share * MIN_NEW_COVERAGE / PART_NEW_COVERAGE


def _other_figures(unit: Scored, chosen: list[Scored]) -> bool:
    """Whether ``unit`` gives figures and none of those already given ("under 16, or under 18
    if disabled" said twice in other words is not another answer)."""
    figures = fact_tokens(unit.text)
    return bool(figures) and not figures & set().union(*(fact_tokens(c.text) for c in chosen))


def _details(text: str) -> set[str]:
    """Phone numbers, emails and figures: the facts a repeated sentence repeats."""
    return fact_tokens(text) | {e.lower() for e in EMAIL.findall(text)}


def _tail_of(unit: Scored, other: Scored) -> bool:
    """Whether ``unit`` is only the end of ``other``, a longer sentence of the same passage."""
    return (
        other is not unit
        and other.hit_index == unit.hit_index
        and len(other.text) > len(unit.text)
        and " ".join(other.text.split()).endswith(" ".join(unit.text.split()))
    )


def _continues(chosen: list[Scored], unit: Scored) -> bool:
    """The sentence right after a chosen one that answers too (split answers, "This...")."""
    return any(c.hit_index == unit.hit_index and unit.position == c.position + 1 for c in chosen)
