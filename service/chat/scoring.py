"""Score every sentence and list item of the retrieved passages against a question.

A unit's score: its meaning (cosine of the unit vectors stored at ingest, heading in front), the
question's words it or its heading holds (weighted by rarity in the whole corpus), whether it
offers what is asked (a sum, a time, a figure), a defining sentence for "what is X", and small
priors for retrieval rank and for documents that recur among the top passages. A passage scores
as its best unit: that re-ranks the passages.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.language import content_terms, stem
from ingest.model import SECTION_SEPARATOR, Chunk
from kb.hit import Hit
from service.chat.passages import Unit, ends_sentence, read_units
from service.chat.question import Kind, Question
from service.chat.wording import NAMES_SOMEONE

# Weight of a unit's cosine similarity to the question against its weighted word overlap.
SEMANTIC_WEIGHT = 1.0
# Bonus for a unit that offers what the question asks for (a time, a sum, a figure).
OFFER_BONUS = 0.25
# Prior for the fused retrieval rank: RANK_WEIGHT / (1 + rank).
RANK_WEIGHT = 0.1
# Bonus per other top-ranked passage from the same document (relevant documents recur).
SAME_DOCUMENT_BONUS = 0.04
SAME_DOCUMENT_TOP = 10

# A defining sentence ("Private fostering is...", "X means...") answers "what is X?".
_DEFINING = re.compile(
    r"^[^.;:]{0,80}?\b(is|are|means|refers to|describes|occurs|happens|applies)\b"
    r" (a|an|the|when|where|if)\b"
)
DEFINING_BONUS = 0.3
# A sentence whose subject is an action ("Having a LADO...", "Making a referral...").
_GERUND = re.compile(r"\s*([A-Za-z]+ing)\s+\S")


def _acting(subject: str, asked: set[str]) -> bool:
    """The subject is doing something to what is asked about ("Having a LADO"), not the term
    itself ("Grooming is when...", "Cuckooing is...")."""
    gerund = _GERUND.match(subject)
    return gerund is not None and not set(content_terms(gerund.group(1))) & asked


# A line pointing elsewhere ("Knowledge base page: ...", "More information: ...").
_POINTER = re.compile(
    r"^(?:[-*•]\s*)?(?:[\w' ]{0,30}\b(?:pages?|websites?|links?)|more information"
    r"|further information|see also|read more)\s*:",
    re.I,
)
# What a web page is for ("This page explains how to refer..."): it names the page's topics, and
# answers none of them.
_PAGE_PURPOSE = re.compile(
    r"^(?:this|the) (?:web ?)?page (?:explains|helps|sets out|summari[sz]es|describes|gives"
    r"|provides|tells|covers|outlines|is (?:for|about|designed|intended))\b",
    re.I,
)
# A sentence leaning on the one before ("This...", "...close that gap") reads badly alone.
_LEANS_BACK = re.compile(r"^(this|these|that|those|it|they|such)\b|\bthat gap\b", re.I)
LEANS_BACK_PENALTY = 0.15

# A question asking what is *not* so ("which relatives are not...", "who cannot...") is
# answered by a sentence that says what is not: one without a negation answers the opposite.
_NEGATION = re.compile(
    r"\b(not|no|never|cannot|can't|isn't|aren't|doesn't|don't|won't|exempt\w*|exclud\w*|except"
    r"|neither|nor|none|nobody|no one|prohibit\w*|forbid\w*)\b|n't\b",
    re.I,
)
POLARITY_PENALTY = 0.3
# A condition ("...when the problem is not resolved?") sets when, not what is asked for.
_CONDITION = re.compile(r"\b(when|if|where|unless|because|although|though|in case)\b[^,;?]*", re.I)
_POLAR_KINDS = (Kind.LIST, Kind.FACT, Kind.YES_NO, Kind.DEFINITION)


def asks_what_is_not(question: Question) -> bool:
    """Whether the question asks what is *not* so ("Which relatives are not...?", "Who cannot
    act as an advocate?"), outside any condition and in what is asked, not the scene."""
    if question.kind not in _POLAR_KINDS:
        return False
    return bool(_NEGATION.search(_CONDITION.sub("", question.asked)))


# A sentence's opening word run on after a lower-case word with no stop between: text from
# side-by-side boxes or columns read across ("...whether The lead practitioner convenes a the
# child..."). This many in one unit and it is not a sentence.
_INTERLEAVED = re.compile(
    r"\b(?!(?:of|in|to|for|by|under|see|called|named|and|or)\b)[a-z]{2,}"
    r" (?:The|If|This|These|When|Where|They|It|A|An)\b"  # not "...of The Further Education..."
)
INTERLEAVED_STARTS = 2

# A sentence opening on the case it is about ("If you work in the voluntary sector, ...",
# "Where the child is placed for adoption, ..."): it answers best the asker in that case.
_CASE = re.compile(r"(?:if|where|when|for|in the case of)\b([^,;.]{3,160}),", re.I)
CASE_BONUS = 0.15

# A case study's event ("A 15-year-old boy and girl ... had sex at a party", "She reported that
# he had..."): one person's story in the past tense, saying nothing of what should be done.
_STORY = re.compile(
    r"\b(?:an? \d{1,2}[- ]year[- ]old|she|he|(?:the|a|another|her|his) (?:girl|boy|mother|father"
    r"|mum|dad|pupil|teacher))\b",
    re.I,
)
_PAST = re.compile(r"\b(?:was|were|had|told|said|went|did|\w{3,}ed)\b", re.I)
_RULE = re.compile(r"\b(?:should|must|may|can|will|need|needs|might|is|are|has|have)\b", re.I)
STORY_PENALTY = 0.2
_STORY_ASKED = re.compile(r"\b(found|find|findings?|happened|did|learn\w*|lessons?)\b", re.I)

SentenceSimilarity = Callable[[Sequence[str]], Sequence[float]]


@dataclass(frozen=True)
class Scored:
    text: str
    hit_index: int
    position: int
    score: float
    terms: frozenset[str]
    item: bool


# A table cell as ingest writes it: "Header: value" (the header short, no sentence in it).
_HEADED_CELL = re.compile(r"^[A-Z][^:;?!.]{0,59}: ")


def unit_embed_text(chunk: Chunk, text: str) -> str:
    """What is embedded for a unit: its heading in front (the same at ingest and at question).
    A table row is embedded as its cells' values: the column headers are said in every row and
    tell the rows apart by nothing ("Type of referral or stage: All other referrals; CASS
    response: Decision on next steps within one working day" is about the decision)."""
    cells = text.strip().split("; ")
    if sum(bool(_HEADED_CELL.match(cell)) for cell in cells) >= 2:  # (a cell may hold "; ")
        text = "; ".join(_HEADED_CELL.sub("", cell, count=1) for cell in cells)
    heading = (chunk.section or chunk.meta.title).split(SECTION_SEPARATOR)[-1]
    return f"{heading}: {text}" if heading else text


def sentence_texts(chunk: Chunk) -> list[str]:
    """The unit texts of ``chunk`` the answerer compares with a question (embedded at ingest)."""
    return [unit_embed_text(chunk, u.text) for u in read_units(chunk.text)]


def score_units(
    question: Question,
    hits: list[Hit],
    weights: dict[str, float],
    similarity: SentenceSimilarity | None,
) -> list[Scored]:
    """Every unit of every passage, scored against the question, best first."""
    total = sum(weights.values()) or 1.0
    pool: list[tuple[str, int, int, float, frozenset[str], bool, str]] = []
    top_sources = Counter(h.chunk.source for h in hits[:SAME_DOCUMENT_TOP])
    term = question.defined_term
    asked = set(content_terms(term)) if term else set()
    units = [read_units(hit.chunk.text) for hit in hits]
    negated = asks_what_is_not(question)
    told = _STORY_ASKED.search(question.asked)  # "what did the review find?": the story is asked
    action = stem(question.action) if question.action else None
    role = set(content_terms(question.role_asked)) if question.role_asked else set()
    running = running_lines(hits, units)
    # The question's rarer words: a case a sentence opens on names the asker's when it has one
    # (not for lists and steps, whose items are all cases).
    own_case: set[str] = set()
    if weights and not (question.wants_items or question.kind is Kind.STEPS):
        top = sorted(weights.values())[len(weights) * 3 // 4]
        own_case = {t for t, w in weights.items() if w >= top}
    for index, hit in enumerate(hits):
        recurring = SAME_DOCUMENT_BONUS * min(top_sources[hit.chunk.source] - 1, 3)
        heading = set(content_terms(f"{hit.chunk.meta.title} {hit.chunk.section or ''}"))
        for position, unit in enumerate(units[index]):
            if (hit.chunk.source, masked_line(unit.text)) in running:
                continue
            if _POINTER.match(unit.text) and question.kind is not Kind.CONTACT:
                continue  # "Knowledge base page: ...": where to read more, not an answer
            if _PAGE_PURPOSE.match(unit.text):
                continue
            if len(_INTERLEAVED.findall(unit.text)) >= INTERLEAVED_STARTS:
                continue  # a flowchart's boxes read across: "...decides whether The lead..."
            terms = frozenset(content_terms(unit.text))
            overlap = sum(w for t, w in weights.items() if t in terms or t in heading) / total
            score = overlap + RANK_WEIGHT / (1 + index) + max(0.0, recurring)
            if question.wants_figure and question.offers_answer(unit.text):
                score += OFFER_BONUS
            if question.names_one(unit.text):
                score += OFFER_BONUS  # "which ICS...?": "...the North East London ICS"
            if action and action in terms:
                score += OFFER_BONUS  # "who manages...?": a sentence saying who manages it
            defining = _DEFINING.search(unit.text) if asked else None
            # "X is a...": the defining sentence names what is asked about before its verb, as
            # its subject ("Having a LADO is a requirement" is about having one).
            subject = unit.text[: defining.start(1)] if defining else ""
            if defining and asked & set(content_terms(subject)) and not _acting(subject, asked):
                score += DEFINING_BONUS
            naming = NAMES_SOMEONE.match(unit.text) if role else None
            if naming and role <= set(content_terms(naming.group("subject"))):
                score += DEFINING_BONUS  # "who is the RSCP manager?": "The RSCP Manager is ..."
            case = _CASE.match(unit.text) if not unit.text.rstrip().endswith(":") else None
            if case and set(content_terms(case.group(1))) & own_case:
                score += CASE_BONUS  # "If you work in the voluntary sector, ...": the asker's case
            story = _STORY.search(unit.text) and _PAST.search(unit.text)
            if story and not told and not _RULE.search(unit.text):
                score -= STORY_PENALTY  # a case study's event, not what to do
            if _LEANS_BACK.search(unit.text):
                score -= LEANS_BACK_PENALTY
            if negated and not _NEGATION.search(unit.text):
                score -= POLARITY_PENALTY  # "which relatives are *not*...": not "...can all be"
            embed = unit_embed_text(hit.chunk, unit.text)
            pool.append((unit.text, index, position, score, terms, unit.item, embed))
    if not pool:
        return []
    meaning = similarity([p[6] for p in pool]) if similarity else [0.0] * len(pool)
    scored = [
        Scored(text, i, pos, score + SEMANTIC_WEIGHT * max(0.0, cos), terms, item)
        for (text, i, pos, score, terms, item, _), cos in zip(pool, meaning, strict=True)
    ]
    scored.sort(key=lambda s: (-s.score, s.hit_index, s.position))
    return scored


# A line without a full stop found, figures masked, on this many pages of one document among the
# passages is its running head or foot ("Statutory guidance for ... on their 31 functions..."):
# about everything the document covers, it answers nothing.
RUNNING_LINE_PAGES = 3
_FIGURES = re.compile(r"\d+")


def masked_line(text: str) -> str:
    """``text`` with whitespace collapsed, lower case, figures masked (page numbers vary)."""
    return _FIGURES.sub("#", " ".join(text.split()).lower())


def is_running_line(line: str, source: str, hits: list[Hit]) -> bool:
    """``line`` is a running head or foot of ``source``: on this many pages among ``hits``."""
    masked = masked_line(line)
    pages = {
        h.chunk.page
        for h in hits
        if h.chunk.source == source
        and any(masked_line(x) == masked for x in h.chunk.text.split("\n") if x.strip())
    }
    return len(pages) >= RUNNING_LINE_PAGES


def running_lines(hits: list[Hit], units: list[list[Unit]]) -> set[tuple[str, str]]:
    """(source, masked text) of the running heads and feet among ``units`` (each hit's)."""
    pages: dict[tuple[str, str], set[int | None]] = {}
    for hit, read in zip(hits, units, strict=True):
        for unit in read:
            if not ends_sentence(unit.text):
                key = (hit.chunk.source, masked_line(unit.text))
                pages.setdefault(key, set()).add(hit.chunk.page)
    return {key for key, seen in pages.items() if len(seen) >= RUNNING_LINE_PAGES}


def rerank(hits: list[Hit], scored: list[Scored]) -> list[int]:
    """Passage indexes, best first: a passage scores as its best unit."""
    best: dict[int, float] = {}
    for unit in scored:
        best.setdefault(unit.hit_index, unit.score)
    return sorted(best, key=lambda i: -best[i])


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def corpus_weights(terms: Sequence[str], df: dict[str, int], n: int) -> dict[str, float]:
    """Question words weighted by rarity in the whole corpus (an IDF; unknown words weigh most)."""
    return {t: math.log(1 + (n + 1) / (1 + df.get(t, 0))) for t in dict.fromkeys(terms)}
