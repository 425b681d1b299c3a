"""Lists of a known length: "the four areas" in the question, or "gave four key messages" in
the sentence that best answers it, say how many items the list that answers must have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ingest.language import content_terms
from ingest.model import Chunk
from service.chat.passages import find_lists
from service.chat.scoring import Scored

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
# A count: "four", "4" (not the "23" of "2022-23" or "22/23").
_COUNT = rf"(?<![\d/–-])\b({'|'.join(_COUNT_WORDS)}|\d{{1,2}})\b(?![/–-]\d)"
# How far either side of the answering chunk a list of the stated length is looked for.
COUNTED_WINDOW = 24


def wanted_count(question: str) -> int | None:
    """'the four areas', 'nine principles', 'the 4 Cs' -> how many items the list should have."""
    match = re.search(_COUNT + r"\s+\w+", question, re.I)
    return _number(match.group(1)) if match else None


def states_count(text: str, count: int) -> bool:
    """Whether ``text`` says how many there are ("...categorised into four areas:")."""
    return any(_number(m.group(1)) == count for m in re.finditer(_COUNT, text, re.I))


def _counts_of(text: str, named: set[str]) -> Iterator[int]:
    """The counts ``text`` gives of what is named, the number next to it ("four key messages",
    "There are 4 outcomes:"; not "four sections about information" for "what information")."""
    for match in re.finditer(_COUNT + r"((?:\s+[\w-]+){1,2})", text, re.I):
        if named & set(content_terms(match.group(2))):
            yield _number(match.group(1))


def counts_named(text: str, count: int, named: set[str]) -> bool:
    """Whether ``text`` gives ``count`` of what is named."""
    return count in _counts_of(text, named)


def stated_count(question: str, scored: list[Scored]) -> int | None:
    """The count the best sentence gives for what the question asks about ("...gave
    safeguarding partners four key messages" for "what are the key messages...")."""
    if not scored:
        return None
    return next(_counts_of(scored[0].text, set(content_terms(question))), None)


def counted_list(
    anchor: Chunk, wanted: int, neighbours: Callable[..., list[Chunk]]
) -> tuple[str, list[tuple[str, Chunk]]] | None:
    """The list with exactly ``wanted`` items nearest the answering chunk, in its document."""
    window = sorted(
        neighbours(anchor, span=COUNTED_WINDOW), key=lambda c: abs(c.position - anchor.position)
    )
    for chunk in window:
        for found in find_lists(chunk.text):
            if len(found.items) == wanted:
                return found.lead, [(item, chunk) for item in found.items]
    return None


# An owner before what is asked for ("the partnership's priorities"); not "what's", "it's".
_POSSESSIVE = re.compile(r"\b(?!(?:what|who|that|it|there|here|where|how)['’])[\w-]+['’]s\b", re.I)


def asked_for(question: str) -> set[str]:
    """The stems of what a list question asks for: the words after "what" or "which" ("For
    what purposes...", "what outcome categories...") up to the verb; empty if none."""
    match = re.search(
        r"\b(?:what|which)\s+(?:s |are |were |is )?(?:the )?((?:[\w-]+(?:\s+|$)){0,3})",
        # "...priorities?" ends a word too; "the partnership's priorities" asks for priorities
        " ".join(re.sub(r"[^\w\s-]", " ", _POSSESSIVE.sub(" ", question)).split()),
        re.I,
    )
    if not match:
        return set()
    words = [w for w in match.group(1).split() if not _COUNT_WORDS.get(w.lower())][:2]
    return set(content_terms(" ".join(words))) - _VERBS


def asked_head(question: str) -> str | None:
    """The stem of the thing a list question asks for: the last of ``asked_for``'s words in
    the question's order ("check" of "what safeguarding checks...")."""
    found = asked_for(question)
    order = [t for t in content_terms(question) if t in found]
    return order[-1] if order else None


# Words after "what" that are the question's verb, not the thing asked for.
_VERBS = set(content_terms("do does did can could should must may might will would need"))


def _number(word: str) -> int:
    return int(word) if word.isdecimal() else _COUNT_WORDS[word.lower()]


# A count the lead-in gives its list in words ("...into four areas of risk:"), not a time
# ("within two working days"), a stage or a section ("Key Stage 2", "section 11").
_SPELLED_COUNT = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten)\s+(?!(?:\w+\s+)?(?:days?|weeks?|months?"
    r"|years?|hours?|minutes?|times)\b)(?:[\w-]+\s+){0,2}?[a-z-]+s\b",
    re.I,
)


def as_many_as_said(
    lead: str, items: list[tuple[str, Chunk]], keep: str | None = None
) -> list[tuple[str, Chunk]]:
    """The lead-in said how many ("...four areas of risk:"): what follows them is not theirs
    (and the item that answered, ``keep``, stays)."""
    counts = [_number(m.group(1)) for m in _SPELLED_COUNT.finditer(lead)]
    said = counts[-1] if counts else None
    if said is None or len(items) <= said:
        return items
    if keep is not None and keep in [text for text, _ in items[said:]]:
        return items
    return items[:said]
