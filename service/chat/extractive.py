"""The default answerer: pick the retrieved sentences that answer the question, with citations.

Deterministic and fast, and it can only say what the sources say. A sentence scores on the
question's words it contains (rarer words count more), on cues for the kind of answer asked for
(a number, a phone number, a time limit, a list), on its passage's rank, and on its heading.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.language import content_terms, split_text
from ingest.model import SECTION_SEPARATOR, Chunk
from kb.hit import Hit

# A sentence must reach this share of the best sentence's score to join the answer.
RELATIVE_CUTOFF = 0.55
# Sentences sharing this much vocabulary with one already chosen add nothing (overlapping chunks).
DUPLICATE_JACCARD = 0.6
# Weight of a sentence's cosine similarity to the question, against word overlap (0..1).
SEMANTIC_WEIGHT = 0.8
# A sentence sharing no word with the question still qualifies at this cosine similarity.
SEMANTIC_ALONE = 0.5
# Question words found only in a sentence's heading count this much (vs 1 in the sentence).
HEADING_WEIGHT = 0.8
# Bonus for coming from a higher-ranked passage: RANK_WEIGHT / (1 + rank).
RANK_WEIGHT = 0.12
# For list questions ("what are the nine principles?") keep more, down to this share of the best.
LIST_CUTOFF = 0.35
# A short line carrying a phone number or email ("CDOP email: bhr.cdop@nhs.net") is an answer.
_CONTACT_DETAIL = re.compile(r"@|\b0\d{2,4} ?\d{3,4} ?\d{3,4}\b")
# A sentence that enumerates ("...are A; B; C and D") answers a list question in one go.
_ENUMERATION = re.compile(r";.*;|(,[^,]+){3,}")
ENUMERATION_BONUS = 0.35
# Sentences that lean on the one before ("This...", "They...") are not shown without it.
_ANAPHORA = re.compile(r"^(this|these|that|those|it|its|they|their|such|he|she)\b", re.I)
# Sentences shorter than this many words are headings or fragments, not answers.
MIN_WORDS = 4

_CONTACT_QUESTION = re.compile(
    r"\b(phone|telephone|number|call|ring|contact|email|e-mail|reach|notify|advice"
    r"|tell (anyone|someone|somebody)|who (can|should|do) i)\b",
    re.I,
)
_CUES: list[tuple[re.Pattern[str], re.Pattern[str], float]] = [
    # (question asks for..., sentence offers..., bonus)
    (
        re.compile(
            r"\bhow many\b|\bnumber of\b|\bfigures?\b|\bpercent|\bhow much\b|\bstatistic", re.I
        ),
        re.compile(r"\d"),
        0.35,
    ),
    (
        _CONTACT_QUESTION,
        re.compile(r"\b0\d{2,4}[ \d]{6,}|@|\b999\b"),
        0.4,
    ),
    (
        re.compile(r"\bhow long\b|\bdays?\b|\bweeks?\b|\bwithin\b|\btimescale|\bdeadline", re.I),
        re.compile(r"\b\d+ (days?|weeks?|months?|hours?)\b", re.I),
        0.35,
    ),
    (
        re.compile(r"\b(age|old|under|aged)\b", re.I),
        re.compile(r"\bunder \d+|\b\d+ years?\b|\baged? \d+", re.I),
        0.3,
    ),
    (
        re.compile(r"\b(out of hours|evening|weekend|night|after 5)\b", re.I),
        re.compile(r"evening|weekend|out of hours|out-of-hours|emergenc", re.I),
        0.3,
    ),
    (re.compile(r"\bwho\b", re.I), re.compile(r"\b[A-Z]{3,}\b|\bteam\b|\bofficer\b", re.I), 0.1),
]
# Signposts and list lead-ins ("See the LADO page...", "...when all of the following apply:")
# point somewhere else; on their own they answer nothing.
_NOT_AN_ANSWER = re.compile(
    r"^(see|visit|read|click|go to|find out more|for more (information|detail))\b|[:?]$"
    r"|^(this|the) (briefing|page|guide|document|section) (sets out|explains|describes|covers"
    r"|summarises|gives)\b|^knowledge base page\b",
    re.I,
)
_LIST_QUESTION = re.compile(
    r"\b(what|which|list|name)\b.*\b(principles|priorities|messages|courses|areas"
    r"|steps|series|signs)\b|\blist\b",
    re.I,
)


# Cosine similarity of each sentence to the question (the caller embeds and caches).
SentenceSimilarity = Callable[[Sequence[str]], Sequence[float]]


@dataclass(frozen=True)
class Selected:
    """One sentence chosen for the answer, from ``hits[hit_index]``."""

    text: str
    hit_index: int
    score: float


def select_sentences(
    question: str,
    hits: list[Hit],
    *,
    max_sentences: int = 4,
    context: str | None = None,
    similarity: SentenceSimilarity | None = None,
) -> list[Selected]:
    """The sentences that best answer ``question``, best first.

    ``context`` is an earlier question the current one follows up; its words count for less.
    ``similarity`` adds meaning (embedding cosine) to word overlap, so a sentence that answers
    in other words still ranks; each sentence is compared with its heading in front, because
    "CDOP telephone: 020 3182 3515" means little without "Child Death Overview Panel".
    """
    weights = _term_weights(question, context, hits)
    if not weights:
        return []
    total = sum(weights.values())
    is_list = is_list_question(question)
    limit = max(max_sentences, 10) if is_list else max_sentences
    cues = [(offer, bonus) for asks, offer, bonus in _CUES if asks.search(question)]
    if is_list:
        cues.append((_ENUMERATION, ENUMERATION_BONUS))
    pool: list[_Candidate] = []
    for index, hit in enumerate(hits):
        heading = _last_heading(hit.chunk)
        heading_terms = set(content_terms(f"{hit.chunk.meta.title} {hit.chunk.section or ''}"))
        for position, sentence in enumerate(split_text(hit.chunk.text)):
            if not _is_answer_sentence(sentence):
                continue
            terms = set(content_terms(sentence))
            overlap = sum(w for t, w in weights.items() if t in terms) / total
            from_heading = (
                sum(w for t, w in weights.items() if t in heading_terms and t not in terms) / total
            )
            score = overlap + HEADING_WEIGHT * from_heading + RANK_WEIGHT / (1 + index)
            score += sum(bonus for offer, bonus in cues if offer.search(sentence))
            pool.append(
                _Candidate(
                    sentence,
                    index,
                    position,
                    score,
                    overlap + from_heading,
                    _embed_text(heading, sentence),
                )
            )
    if not pool:
        return []
    meaning = similarity([c.embed_text for c in pool]) if similarity else [0.0] * len(pool)
    candidates = [
        Selected(c.text, c.hit_index, c.score + SEMANTIC_WEIGHT * max(0.0, cosine))
        for c, cosine in zip(pool, meaning, strict=True)
        if c.matched > 0 or cosine >= SEMANTIC_ALONE
    ]
    candidates.sort(key=lambda s: (-s.score, s.hit_index))
    if not candidates:
        return []
    cutoff = candidates[0].score * (LIST_CUTOFF if is_list else RELATIVE_CUTOFF)
    chosen: list[Selected] = []
    chosen_terms: list[set[str]] = []

    def add(candidate: Selected) -> bool:
        if not _is_answer_sentence(candidate.text):
            return False
        terms = set(content_terms(candidate.text))
        if any(_jaccard(terms, other) >= DUPLICATE_JACCARD for other in chosen_terms):
            return False
        chosen.append(candidate)
        chosen_terms.append(terms)
        return True

    for candidate in candidates:
        if candidate.score < cutoff or len(chosen) >= limit:
            break
        sentences = split_text(hits[candidate.hit_index].chunk.text)
        position = sentences.index(candidate.text)
        if _ANAPHORA.match(candidate.text) and position > 0:
            # "This context includes..." needs the sentence it refers back to.
            add(Selected(sentences[position - 1], candidate.hit_index, candidate.score))
        if add(candidate) and position + 1 < len(sentences):
            following = sentences[position + 1]
            # The best sentence often sets up the answer ("CCGs no longer exist.") and the next
            # one, continuing its subject, gives it ("The CCGs were replaced by...").
            continues = len(chosen) == 1 and bool(
                set(content_terms(following)) & set(content_terms(candidate.text)) - weights.keys()
            )
            if (_ANAPHORA.match(following) or continues) and len(chosen) < limit:
                add(Selected(following, candidate.hit_index, candidate.score))
    # Sentences from one passage read best in the passage's order; passages in rank order.
    first_rank: dict[int, int] = {}
    for rank, c in enumerate(chosen):
        first_rank.setdefault(c.hit_index, rank)
    chosen.sort(key=lambda c: (first_rank[c.hit_index], _position(hits[c.hit_index], c.text)))
    return chosen


def asks_for_contact(question: str) -> bool:
    """ "Who do I tell?", "What's the number?": the answer should name a curated contact."""
    return bool(_CONTACT_QUESTION.search(question))


def is_list_question(question: str) -> bool:
    """ "What are the nine principles?": the answer is several items, often in several passages."""
    return bool(_LIST_QUESTION.search(question))


def sentence_texts(chunk: Chunk) -> list[str]:
    """The texts the answerer compares with a question, one per candidate sentence of ``chunk``.

    The knowledge base embeds these at ingest, so answering needs no embedding but the question's.
    """
    heading = _last_heading(chunk)
    return [_embed_text(heading, s) for s in split_text(chunk.text) if _is_answer_sentence(s)]


def _is_answer_sentence(sentence: str) -> bool:
    if _NOT_AN_ANSWER.search(sentence):
        return False
    return len(sentence.split()) >= MIN_WORDS or bool(_CONTACT_DETAIL.search(sentence))


def _embed_text(heading: str, sentence: str) -> str:
    return f"{heading}: {sentence}" if heading else sentence


def _last_heading(chunk: Chunk) -> str:
    section = chunk.section or chunk.meta.title
    return section.split(SECTION_SEPARATOR)[-1]


@dataclass(frozen=True)
class _Candidate:
    text: str
    hit_index: int
    position: int
    score: float
    matched: float  # share of the question's weight found in the sentence or its heading
    embed_text: str


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
