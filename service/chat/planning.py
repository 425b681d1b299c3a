"""Find the answer in the documents, or decide honestly that they don't hold it.

``find_answer`` runs the plan for one question: widen the query with known acronyms, retrieve
candidates, weigh the question's words by their rarity in the whole corpus, decline at once when
the question is mostly about things the corpus never mentions, draft (the LLM when configured,
else the extractive composer), and decline when the cited passages miss the question's
distinctive words or lack the figure it asks for.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ingest.language import content_terms
from kb.hit import Hit
from service.chat.compose import compose
from service.chat.counting import wanted_count
from service.chat.coverage import MIN_DISTINCTIVE_COVERAGE, UNKNOWN_LIMIT, describe_subject
from service.chat.deps import ChatDeps
from service.chat.drafting import PROSE, AnswererUnavailable, Draft
from service.chat.holding import (
    MIN_TIMED_COVERAGE,
    asking_terms,
    chair_named,
    line_coverage,
    reach_named,
    time_asking,
    timed_coverage,
)
from service.chat.measures import AGE_WORDS
from service.chat.question import Kind, Question
from service.chat.scoring import (
    SentenceSimilarity,
    corpus_weights,
    rerank,
    score_units,
    unit_embed_text,
)
from service.chat.spelling import correct_spelling, joined_words
from service.chat.wording import (
    INSPECTION,
    NAME_ASKED,
    PERSON_NAMED,
    RATING,
    RATING_ASKED,
    with_roman_numerals,
)

logger = logging.getLogger(__name__)

# Passages fetched for the composer to re-rank (the answer cites few of them).
CANDIDATES = 24
# Passages handed to an LLM answerer, best first after re-ranking.
LLM_PASSAGES = 6
# An answer this close in meaning to the question (cosine of its best line) stands even when
# its wording misses the question's distinctive words (a paraphrased question).
SEMANTIC_RESCUE = 0.6
# A series in a sentence this close in meaning to a list question answers it.
SERIES_MEANING = 0.5
# A "how many" answer's figure, or a list question's answer that found no list, must come with
# this share of the question's weight in one line: what is counted or listed, where, when.
MIN_LINE_COVERAGE = 0.5


@dataclass
class Found:
    """A draft to cite, or the reason there is none (for the unanswered list)."""

    draft: Draft | None
    hits: list[Hit] = field(default_factory=list)
    reason: str = "low_confidence"
    best_similarity: float | None = None
    # Declined because the question names things the corpus never mentions ("Havering"), or
    # nothing in it comes near the question: no curated route answers it either.
    foreign: bool = False


def find_answer(question: Question, query: str, deps: ChatDeps) -> Found:
    equivalents: dict[str, set[str]] = {}
    if deps.acronyms is not None:
        equivalents = deps.acronyms.equivalents()
        query = deps.acronyms.expand(query)
    query = with_roman_numerals(query)  # "principle 3": "Principle iii"
    held = lambda stems: deps.kb.document_frequencies(stems)[0]  # noqa: E731
    query = correct_spelling(query, held)
    joined = joined_words(query, held)  # "head teacher": the documents write "headteacher"
    query = f"{query} ({' '.join(joined)})" if joined else query
    vector = deps.kb.embedder.embed_query(query)  # one embedding serves retrieval and scoring
    hits = deps.kb.search(query, k=CANDIDATES, vector=vector)
    best = max((h.dense for h in hits if h.dense is not None), default=None)
    if not hits:
        return Found(None, reason="no_sources")
    if best is None or best < deps.retrieval.min_dense_similarity:
        return Found(None, hits, best_similarity=best, foreign=True)  # nothing near it at all
    terms = content_terms(query)
    df, n = deps.kb.document_frequencies(terms)
    weights = corpus_weights(terms, df, n)
    subject = describe_subject(question.text, weights, df, n)
    unknown = subject.unknown_names()
    if unknown:
        logger.debug("declined: names or acronyms the corpus never mentions")
        # A place or body the corpus never names ("Havering") is somewhere else; two letters
        # ("CP referral") are more likely an everyday abbreviation.
        foreign = any(len(name) > 2 for name in unknown)
        return Found(None, hits, best_similarity=best, foreign=foreign)
    similarity = deps.sentences.similarity_to(query, vector=vector) if deps.sentences else None
    draft = None
    if deps.llm is not None:
        draft, hits = _llm_draft(question, hits, weights, similarity, deps)
    if draft is None or not draft.lines:
        answerer = draft.answerer if draft is not None else "extractive"
        composed = compose(question, hits, weights, similarity, neighbours=deps.kb.neighbours)
        draft = Draft(composed.lines, answerer=answerer)
    if not draft.lines:
        return Found(None, hits, best_similarity=best)
    cited = [hits[i] for i in dict.fromkeys(line.hit_index for line in draft.lines)]
    lexical_doubt = (
        subject.unknown_share() >= UNKNOWN_LIMIT
        or subject.cased_missing(cited, equivalents=equivalents)
        or (
            subject.coverage(cited, equivalents=equivalents) < MIN_DISTINCTIVE_COVERAGE
            and not subject.named_in(cited, equivalents=equivalents)
        )
    )
    if lexical_doubt and _meaning(draft, hits, similarity) < SEMANTIC_RESCUE:
        logger.debug("declined: the cited passages are about something else")
        return Found(None, hits, best_similarity=best)
    # The lines offering what is asked: a figure, a time; for a list question, a series.
    offering = [line for line in draft.lines if question.offers_answer(line.text)]
    if question.needs_exact_figure and not offering:
        logger.debug("declined: no figure of the kind asked for")
        return Found(None, hits, best_similarity=best)
    # What the lines must hold is what is asked, not the scene set before it.
    asked = {t: w for t, w in weights.items() if t in subject.asked} or weights
    stressing = asking_terms(question.text)
    asked = {t: w for t, w in asked.items() if t not in stressing} or asked
    # A count, a sum or an age must come with what is counted, paid for or allowed: "a fine not
    # exceeding £10,000" on conviction does not price a penalty notice; "a child under 16" who
    # is privately fostered says nothing of the age to leave one home alone.
    if question.counts or question.kind is Kind.AMOUNT or question.measure_asked == "age":
        counted = set(content_terms(question.counted_part)) if question.counts else set(asked)
        asking = [w for w in re.findall(r"[a-z]+", question.asked.lower()) if w in AGE_WORDS]
        counted -= set(content_terms(" ".join(asking)))  # "legal minimum age": the figure
        counted -= set(time_asking(question.text))  # "how many working days": the figure's unit
        # What a count is of is named by words the corpus knows: one no passage holds ("how
        # many members ... to be quorate") is the unknown-words check's to judge. (An age's
        # subject is kept whole: "before they can babysit" is what the age would be for.)
        count_weights = {
            t: w
            for t, w in weights.items()
            if t in counted and (df.get(t, 0) > 0 or not question.counts)
        } or asked
        # An age must be said of what is asked in the sentence or its document's title ("It
        # applies ... up to the age of 25" in the national framework): a section heading ("care
        # leaving support") says nothing of "the age for leaving a child at home".
        headed = question.measure_asked != "age"
        if line_coverage(offering, hits, count_weights, headed=headed) < MIN_LINE_COVERAGE:
            logger.debug("declined: the figures given count or price something else")
            return Found(None, hits, best_similarity=best)
    timed = question.kind is Kind.TIMESCALE and question.needs_exact_figure
    if timed and timed_coverage(offering, hits, question, asked) < MIN_TIMED_COVERAGE:
        logger.debug("declined: the times given are for something else")
        return Found(None, hits, best_similarity=best)
    rating = RATING_ASKED.search(question.asked) and INSPECTION.search(question.text)
    if rating and not any(RATING.search(x.text) for x in draft.lines):
        logger.debug("declined: a grade was asked for, and no line gives one")
        return Found(None, hits, best_similarity=best)
    if NAME_ASKED.search(question.asked) and not any(
        PERSON_NAMED.search(x.text) for x in draft.lines
    ):
        logger.debug("declined: a person's name was asked for, and no line names anyone")
        return Found(None, hits, best_similarity=best)
    if not reach_named(question, draft.lines, hits, asked):
        logger.debug("declined: a number or email was asked for, and none is given for it")
        return Found(None, hits, best_similarity=best)
    if not chair_named(question, draft, hits, weights):
        logger.debug("declined: who chairs it was asked, and no line says who chairs it")
        return Found(None, hits, best_similarity=best)
    if _only_past(question, draft, deps.clock().year):
        logger.debug("declined: the next one was asked for, and only past dates were found")
        return Found(None, hits, best_similarity=best)
    if not _years_held(question, cited):
        logger.debug("declined: the year asked about is in none of the cited passages")
        return Found(None, hits, best_similarity=best)
    unlisted = question.kind is Kind.LIST and all(line.marker == PROSE for line in draft.lines)
    # A sentence listing things in a series ("peer groups, schools, neighbourhoods or online")
    # answers a list question when it is close in meaning to it.
    listing = Draft(offering)
    series = unlisted and _meaning(listing, hits, similarity) >= SERIES_MEANING
    if unlisted and not series and line_coverage(draft.lines, hits, asked) < MIN_LINE_COVERAGE:
        logger.debug("declined: no list, and the sentences found are about something else")
        return Found(None, hits, best_similarity=best)
    if unlisted and not listing.lines and wanted_count(question.text) is not None:
        # "List the nine findings": "the report set out nine findings" is not the list.
        logger.debug("declined: the list of the number asked for is in no passage")
        return Found(None, hits, best_similarity=best)
    return Found(draft, hits, best_similarity=best)


# Asking when something still to come will be: "when is the next inspection due?" (not "what
# happens next?").
_FUTURE = re.compile(
    r"\bwhen(?: and where)? (is|are|will|does|do) (the |our |their )?(next|upcoming|forthcoming)\b"
    r"|\bwhen (is|are) .{0,60}\bdue\b|\bnext\b.{0,40}\bdue\b",
    re.I,
)
_ANY_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Capitalised words a date's year follows ("April 2022", "In 2021"); any other one names an Act.
_MONTHS = "january february march april may june july august september october november december"
_BEFORE_A_YEAR = frozenset(
    f"{_MONTHS} in by from since during until before after of for on".split()
)


def _event_years(text: str) -> list[int]:
    """Years something happened in ("in April 2022", "from 2021"), not those in the name of an
    Act or guidance ("Working Together to Safeguard Children 2023", "Children Act 1989")."""
    years = []
    for match in _ANY_YEAR.finditer(text):
        before = text[: match.start()].split()[-1:] or [""]
        word = before[0].strip("(,")
        if word[:1].isupper() and word.lower() not in _BEFORE_A_YEAR:
            continue
        years.append(int(match.group(0)))
    return years


def _only_past(question: Question, draft: Draft, this_year: int) -> bool:
    """A question about the next one answered only with dates of years gone by."""
    if not _FUTURE.search(question.text):
        return False
    years = [y for line in draft.lines for y in _event_years(line.text)]
    return bool(years) and max(years) < this_year


def _years_held(question: Question, cited: list[Hit]) -> bool:
    """Every year the question names ("in 2020-21": 2020) is in a cited passage (its text,
    heading, title or file name): figures for another year do not answer it."""
    if not question.years:
        return True
    held = " ".join(
        f"{h.chunk.source} {h.chunk.meta.title} {h.chunk.section or ''} {h.chunk.text}"
        for h in cited
    )
    return all(year in held for year in question.years)


def _meaning(draft: Draft, hits: list[Hit], similarity: SentenceSimilarity | None) -> float:
    """The answer's closeness in meaning to the question: its best line's cosine."""
    if similarity is None:
        return 0.0
    texts = [unit_embed_text(hits[line.hit_index].chunk, line.text) for line in draft.lines]
    return max(similarity(texts), default=0.0)


def _llm_draft(
    question: Question,
    hits: list[Hit],
    weights: dict[str, float],
    similarity: SentenceSimilarity | None,
    deps: ChatDeps,
) -> tuple[Draft | None, list[Hit]]:
    """The LLM's draft over the best re-ranked passages (None: use the extractive answer)."""
    assert deps.llm is not None
    order = rerank(hits, score_units(question, hits, weights, similarity))[:LLM_PASSAGES]
    top = [hits[i] for i in order]
    try:
        drafted = deps.llm.draft(question.text, top, kind=question.kind.value)
    except AnswererUnavailable as e:
        logger.warning("llm unavailable, using the extractive answer: %s", e)
        return Draft([], answerer="extractive-fallback"), hits
    if drafted is None or not drafted.lines:
        return None, hits
    return drafted, top
