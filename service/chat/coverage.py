"""Know when not to answer: does the question's subject appear in what would be cited?

A question is answered only when its *distinctive* words are in the passages the answer cites.
A word is distinctive when it is rare in the corpus (in at most ``RARE_SHARE`` of its chunks)
and specific: uncommon in everyday English (Zipf frequency below ``COMMON_ZIPF``, from
wordfreq), or written as a name or an acronym in the question ("Birmingham", "EHCP"). So "blue
badge", "dog warden" and "EHCP" must be found; "week", "mum" or "tonight" need not be. And when
words the corpus has never seen carry most of the question, or a name or acronym in it is
unknown to the corpus, the documents are about something else, however close their wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

from ingest.language import STOP_WORDS, content_terms, stem
from kb.hit import Hit
from service.chat.wording import asked_part

# A word in at most this share of chunks is rare in the corpus.
RARE_SHARE = 0.02
# Words at least this frequent in everyday English (Zipf scale: 4 = once per 100,000 words;
# "badge" 4.0, "mum" 4.4, "week" 5.6) are too general to name a subject on their own.
COMMON_ZIPF = 4.2
# A name in at most this share of chunks names what the question is about ("FIT").
NAME_SHARE = 0.1
# A word in capitals this common in everyday English (Zipf; among the ~2,000 commonest words:
# "ok" 5.1, "uk" 5.1, "tv" 5.2; "fit" 4.95, "nhs" 4.0) is everyday, not an acronym naming a
# subject: "Is that OK?" is no question about something the documents never mention.
EVERYDAY_CAPITALS_ZIPF = 5.0
# Declined when words the corpus has never seen carry this share of the question's weight.
UNKNOWN_LIMIT = 0.5
# Declined when the cited passages hold less than this share of the distinctive words' weight.
MIN_DISTINCTIVE_COVERAGE = 0.5
_NAME = re.compile(r"[A-Z][a-zA-Z]+")
# Stems of the words retrieval's index leaves out.
_STOP_STEMS = frozenset(stem(w) for w in STOP_WORDS)
# Words of a question asking only who to reach ("Who does she get in touch with?").
_REACHING = frozenset(
    content_terms("touch contact contacted call ring phone email speak talk tell number get go")
)
# Days, months and holidays are written as names but say when, not what is asked about.
_WHEN_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december easter christmas holiday holidays
    bank boxing eve half term weekend sat sun mon tue tues wed thu thur thurs fri""".split()  # noqa: SIM905
)
# Who is asking, said first: "I'm an NHS health visitor.", "As a DSL,", "Children's home
# manager here -".
_SELF = re.compile(
    r"^\s*(?:(?:I'm|I am|I work as|As)\s+(?:an?|the)\s+[^.?!,;–-]{2,60}|[^.?!,;–-]{2,40}\s+here)"
    r"\s*[.,;:–-]\s*",
    re.I,
)


@dataclass(frozen=True)
class Subject:
    """What a question is about, as far as its words tell."""

    weights: dict[str, float]  # stemmed word -> corpus IDF
    df: dict[str, int]
    chunks: int
    names: frozenset[str]  # stems of words written as names or acronyms
    specific: frozenset[str]  # stems of words uncommon in everyday English
    asked: frozenset[str]  # stems of what is asked (a scene set before it is not)
    # Everyday words written as a name, alone ("a Prevent referral"): names only as written.
    cased: frozenset[str] = frozenset()

    def cased_missing(self, cited: Iterable[Hit], *, equivalents: dict[str, set[str]]) -> bool:
        """A name that is also an everyday word ("Prevent") is found in the cited passages only
        as that word ("...help prevent harm"), never as the name mid-sentence: they are about
        something else. (A day, a place or a word of a long name the corpus abbreviates —
        "London" of "LSCP" — is not used as an everyday word there, so it does not count.)"""
        abbreviated: set[str] = set().union(*equivalents.values()) if equivalents else set()
        text = " ".join(
            f"{h.chunk.meta.title}. {h.chunk.section or ''}. {h.chunk.text}" for h in cited
        )
        return any(
            re.search(rf"\b{word.lower()}\b", text)
            and not re.search(rf"(?<![.!?:\n]\s)(?<!^)\b{word}\b", text)
            for word in self.cased
            if stem(word.lower()) not in abbreviated
        )

    def unknown_share(self) -> float:
        """Share of the weight of what is asked on words no chunk contains (a scene's details,
        "Saturday afternoon", "Snapchat messages", set the question but are not its subject)."""
        weights = {t: w for t, w in self.weights.items() if t in self.asked} or self.weights
        total = sum(weights.values())
        # "getting", "whats": forms of words the index leaves out ("get", "what"), not unknown.
        unknown = sum(
            w for t, w in weights.items() if self.df.get(t, 0) == 0 and t not in _STOP_STEMS
        )
        return unknown / total if total else 0.0

    def unknown_names(self) -> list[str]:
        """Names and acronyms of the question that no chunk contains."""
        return [t for t in self.names if self.df.get(t, 0) == 0]

    def distinctive(self) -> dict[str, float]:
        """Rare, specific words the corpus knows (unknown ones are ``unknown_share``'s)."""
        limit = RARE_SHARE * max(self.chunks, 1)
        return {
            t: w
            for t, w in self.weights.items()
            if 0 < self.df.get(t, 0) <= limit and (t in self.names or t in self.specific)
        }

    def named_in(self, cited: Iterable[Hit], *, equivalents: dict[str, set[str]]) -> bool:
        """A name the question is about, uncommon in the corpus ("FIT", not "Redbridge"), is in
        the cited passages: they are about what is asked, whatever words the scene uses."""
        limit = NAME_SHARE * max(self.chunks, 1)
        named = {t for t in self.names if 0 < self.df.get(t, 0) <= limit}
        if not named:
            return False
        present = _held_terms(cited)
        return any(_named(t, present, equivalents) for t in named)

    def coverage(self, cited: Iterable[Hit], *, equivalents: dict[str, set[str]]) -> float:
        """Share of the distinctive words' weight found in the cited passages (1.0 if none).

        ``equivalents`` maps an acronym's stem to its long name's stems (either form counts).
        """
        distinctive = self.distinctive()
        if not distinctive:
            return 1.0
        present = _held_terms(cited)
        found = sum(w for t, w in distinctive.items() if _named(t, present, equivalents))
        return found / sum(distinctive.values())


def _held_terms(cited: Iterable[Hit]) -> set[str]:
    """The stems of the cited passages: their titles, headings and text."""
    present: set[str] = set()
    for hit in cited:
        c = hit.chunk
        present |= set(content_terms(f"{c.meta.title} {c.section or ''} {c.text}"))
        present |= title_initials(c.meta.title)
    return present


def title_initials(title: str) -> set[str]:
    """The acronyms a document is called by without defining them: its title's initials, with
    and without the small words ("Keeping children safe in education 2025": "kcsie", "kcse")."""
    words = re.findall(r"[A-Za-z][\w'’-]*", title)
    every = "".join(w[0] for w in words).lower()
    content = "".join(w[0] for w in words if w.lower() not in _SMALL_WORDS).lower()
    return {stem(x) for x in (every, content) if len(x) >= 3}


_SMALL_WORDS = frozenset("a an and as at by for in of on or the to".split())  # noqa: SIM905


def _named(term: str, present: set[str], equivalents: dict[str, set[str]]) -> bool:
    """``term`` is in ``present``, or, for an acronym, its long name is."""
    return term in present or (term in equivalents and equivalents[term] <= present)


def describe_subject(
    question: str, weights: dict[str, float], df: dict[str, int], chunks: int
) -> Subject:
    names: set[str] = set()
    specific: set[str] = set()
    cased: set[str] = set()
    question = _SELF.sub("", question, count=1)  # who is asking is not what is asked
    # A situation, then the question: the situation's details ("overnight") only set the scene,
    # unless the question only asks who to reach ("Who does she get in touch with?"): then what
    # it is about is in the scene.
    whole, question = question, asked_part(question)
    reaching = set(content_terms(question)) <= _REACHING
    for match in re.finditer(r"(?u)\b\w\w+\b", question):
        word = match.group(0)
        lowered = word.lower()
        if lowered in STOP_WORDS:
            continue
        acronym = word.isupper() and len(word) >= 2
        if acronym and _zipf(lowered) >= EVERYDAY_CAPITALS_ZIPF:
            continue
        if lowered in _WHEN_NAMES and not acronym:
            continue  # "It's Saturday afternoon...": when, not what
        if acronym or (_NAME.fullmatch(word) and not _sentence_start(question, match.start())):
            names.add(stem(lowered))
            if not acronym and _zipf(lowered) >= COMMON_ZIPF and _alone(question, match):
                cased.add(word)  # "a Prevent referral": a name only as written
        elif _zipf(lowered) < COMMON_ZIPF:
            specific.add(stem(lowered))
    asked = frozenset(content_terms(whole if reaching else question))
    return Subject(
        weights, df, chunks, frozenset(names), frozenset(specific), asked, frozenset(cased)
    )


def _alone(text: str, match: re.Match[str]) -> bool:
    """Used as a name before a noun ("a Prevent referral"), with no capitalised word next to it
    ("Designated Safeguarding Lead", "Children's Social Care" are how users write roles)."""
    if text[match.end() : match.end() + 1] in ("'", "’"):
        return False
    before = text[: match.start()].split()[-1:]
    after = re.findall(r"[\w'’-]+", text[match.end() :])[:1]
    if any(w[:1].isupper() for w in before + after):
        return False
    return bool(after) and after[0].islower() and after[0] not in STOP_WORDS


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".?!-–:;(\"'"


@lru_cache(maxsize=8192)
def _zipf(word: str) -> float:
    """Everyday frequency of a word or its base form ("sits" is as common as "sit")."""
    forms = {word, word.removesuffix("s"), word.removesuffix("es"), stem(word)}
    return max(float(zipf_frequency(form, "en")) for form in forms if form)
