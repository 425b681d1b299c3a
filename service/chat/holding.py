"""Whether an answer's lines hold what is asked, line by line.

The question's weight a line holds, with its heading (``line_coverage``); a time said of what is
timed (``timed_coverage``); a chair or manager asked for named with what they chair
(``chair_named``); a number or email asked for given for what is named (``reach_named``); and
the words that ask rather than name (``asking_terms``, ``time_asking``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.language import content_terms, stem, with_plurals
from ingest.model import Chunk
from kb.hit import Hit
from service.chat.drafting import Draft, Line
from service.chat.measures import TIME_ASKED, TIME_UNIT
from service.chat.question import Question
from service.chat.reaching import EMAIL_ASKED, reach_asked
from service.chat.scoring import Scored
from service.chat.wording import (
    CHAIR_ASKED,
    CONTACT_ASKED,
    PHONE_ASKED,
    ROLE_WORDS,
)

# A time asked for ("how long must a school keep the file?") must come in a line holding at least
# this share of what is asked: "more than 28 days" of private fostering times nothing about files.
MIN_TIMED_COVERAGE = 0.1
# A stem this long that starts another is the same word, derived ("refer": "referral").
DERIVED_STEM = 5


def time_asking(text: str) -> list[str]:
    """The words asking for a time ("how soon", "within how many working days"): the time's,
    not what is timed."""
    asked = [*TIME_ASKED.finditer(text), *TIME_UNIT.finditer(text)]
    return content_terms(" ".join(m.group(0) for m in asked))


def timed_coverage(
    lines: list[Line], hits: list[Hit], question: Question, asked: dict[str, float]
) -> float:
    """The share of what a time is asked for that the best line offering one holds, its
    heading too. The words asking ("how soon", "deadline") are not what is timed, and a word
    counts in its derived forms ("refer" is held by "the referral must be made")."""
    asking = set(time_asking(question.text))
    weights = {t: w for t, w in asked.items() if t not in asking} or asked
    return line_coverage(lines, hits, weights, derived=True)


def line_coverage(
    lines: list[Line],
    hits: list[Hit],
    weights: dict[str, float],
    *,
    headed: bool = True,
    derived: bool = False,
) -> float:
    """The share of the question's weight held by the best of ``lines``, with its heading
    ("More than 200 children need foster care" holds "how many children" but not "home
    educated"); ``derived``: a word counts in its derived forms too."""
    total = sum(weights.values()) or 1.0
    best = 0.0
    for line in lines:
        chunk = hits[line.hit_index].chunk
        heading = heading_of(chunk) if headed else chunk.meta.title
        held = with_plurals(set(content_terms(f"{line.text} {heading}")))
        found = (t for t in weights if t in held or (derived and any(_derived(t, h) for h in held)))
        best = max(best, sum(weights[t] for t in found) / total)
    return best


def _derived(term: str, held: str) -> bool:
    """The same word, or one derived from it: one stem starts the other ("refer", "referr")."""
    short, long = sorted((term, held), key=len)
    return short == long or (len(short) >= DERIVED_STEM and long.startswith(short))


_NAME_ENDS = re.compile(r"\s+(?:of|in|for|at|on|to|with|about|and|or|who|which|that)\s+|,", re.I)


def chair_named(
    question: Question, draft: Draft, hits: list[Hit], weights: dict[str, float]
) -> bool:
    """ "Who chairs the MARAC?" is answered only by a line (with its heading) speaking of a chair
    and of the MARAC (its rarest word): not "The Independent Chair reported..." elsewhere."""
    asked = CHAIR_ASKED.search(question.asked)
    # What is chaired is named before "of", "in", "and"...: "the review meetings (of looked
    # after children in foster care)", "the MASCE panel (and how do I...)".
    name = _NAME_ENDS.split(asked.group("chaired"), maxsplit=1)[0] if asked else ""
    chaired = [t for t in content_terms(name) if t in weights]
    if not chaired or asked is None:
        return True
    said = (asked.group("verb") or asked.group("noun")).lower()
    role = re.compile(next(p for r, p in ROLE_WORDS.items() if said.startswith(r)), re.I)
    rarest = max(chaired, key=lambda t: weights[t])
    for line in draft.lines:
        chunk = hits[line.hit_index].chunk
        held = with_plurals(set(content_terms(f"{line.text} {chunk.section or ''}")))
        if role.search(line.text) and rarest in held:
            return True
    return False


# A number asked for a name this much of whose weight no passage holds: not in the documents.
MAX_MISSING_NAME = 0.5
# Ways of reaching someone: what is asked for, not who ("a mobile or an email address").
_REACH_WORDS = frozenset(
    content_terms(
        "phone telephone mobile landline number email e-mail address line contact details"
    )
)


def heading_of(chunk: Chunk) -> str:
    """A passage's document title and section headings, which speak for each of its lines."""
    return f"{chunk.meta.title} {chunk.section or ''}"


@dataclass(frozen=True)
class _Reach:
    """What a number or an email is asked for: its words found in a passage, rarest first,
    and the share of the name's weight that no passage holds."""

    details: re.Pattern[str]
    named: list[str]
    missing: float


def _reach(question: Question, hits: list[Hit], weights: dict[str, float]) -> _Reach | None:
    details = question.details_asked
    reached = reach_asked(question.asked) if details is not None else None
    if details is None or reached is None:
        return None
    asking = [*PHONE_ASKED.finditer(question.text), *EMAIL_ASKED.finditer(question.text)]
    asking += CONTACT_ASKED.finditer(question.text)
    said = set(content_terms(" ".join(m.group(0) for m in asking))) | _REACH_WORDS
    found = set(content_terms(" ".join(f"{heading_of(h.chunk)} {h.chunk.text}" for h in hits)))
    asked = [t for t in dict.fromkeys(content_terms(reached)) if t in weights and t not in said]
    named = sorted((t for t in asked if t in found), key=lambda t: -weights[t])
    total = sum(weights[t] for t in asked)
    missing = sum(weights[t] for t in asked if t not in found) / total if total else 0.0
    return _Reach(details, named, missing)


def reach_name(question: Question, hits: list[Hit], weights: dict[str, float]) -> list[str]:
    """The words, found in a passage, of what a number or an email is asked for, rarest first
    ("the Early Help Hub's number": "hub", "earli", "help"); none when nothing is named, or the
    name is not in the documents."""
    reach = _reach(question, hits, weights)
    if reach is None or reach.missing >= MAX_MISSING_NAME:
        return []
    return reach.named


# A line names what is asked for when it holds the name's rarest word and this share of the
# name's weight: "the RSCP manager" is not named by a line about registered managers.
NAME_HELD = 0.75


def names(terms: Iterable[str], named: Sequence[str], weights: dict[str, float]) -> bool:
    """Whether ``terms`` (a line's words, with its heading) name what ``named`` names."""
    held = with_plurals(set(terms))
    total = sum(weights[t] for t in named)
    share = sum(weights[t] for t in named if t in held)
    return bool(named) and named[0] in held and share >= NAME_HELD * total


def reach_named(
    question: Question, lines: list[Line], hits: list[Hit], weights: dict[str, float]
) -> bool:
    """ "What's the Early Help Hub's number?" is answered only by a line giving a number (an
    email, when one is asked) that names the Early Help Hub, by its rarest word, in the line or
    its heading: not the Front Door's number on the page that mentions the hub."""
    reach = _reach(question, hits, weights)
    if reach is None:
        return True
    # A name mostly in no passage found ("the Redbridge dog warden") is not in the documents;
    # one word missing ("the MoD Children's Education Advisory Service") is another way to say it.
    if reach.missing >= MAX_MISSING_NAME:
        return False
    if not reach.named:
        return True
    for line in lines:
        if not reach.details.search(line.text):
            continue
        chunk = hits[line.hit_index].chunk
        said_with = f"{_sentence_start(chunk.text, line.text)} {line.text}"
        if names(content_terms(f"{said_with} {heading_of(chunk)}"), reach.named, weights):
            return True
    return False


def _sentence_start(text: str, line: str) -> str:
    """What ``line`` follows on from in its sentence, when it starts within one in ``text`` (a
    PDF's line break: "...the MoD Children's Education Advisory | Service (CEAS) on 01980...")."""
    at = text.find(line[:40])
    if at <= 0:
        return ""
    before = text[:at]
    ends = [before.rfind(mark) for mark in (". ", "? ", "! ", "\n\n", ": ")]
    return before[max(ends) + 1 :] if max(ends) >= 0 else before


# A number asked for in a further part is given for one of this many of the rarest words the
# best line shares with the question.
NAMED_WORDS = 3


def given_for(
    best: Scored,
    scored: list[Scored],
    details: re.Pattern[str],
    weights: dict[str, float],
    headings: dict[int, frozenset[str]],
) -> list[Scored]:
    """ "How long do we have to report to the LADO, and what's the number?": the best line
    giving a number (an email) for what the best answer is about, by one of its rarest words in
    the line or its heading (the LADO's, not the training team's); none when none does."""
    named = sorted((t for t in weights if t in best.terms), key=lambda t: -weights[t])
    rarest = set(named[:NAMED_WORDS])
    held = {
        n: sum(weights[t] for t in (u.terms | headings.get(u.hit_index, frozenset())) & rarest)
        for n, u in enumerate(scored)
        if details.search(u.text)
    }
    # The line naming most of their weight ("The RSCP Manager can be contacted... on 07775..."
    # over "...contact the RSCP team on 020..." for the manager's number); of those, the best.
    most = max(held.values(), default=0.0)
    return [scored[n] for n, weight in held.items() if weight == most > 0][:1]


# Words that stress or hedge what is asked ("what exactly...", "roughly how many..."), and the
# asking of a definition ("what counts as..."): not what is asked about.
_HEDGES = frozenset(map(stem, ["exactly", "actually", "really", "roughly", "precisely"]))
_COUNTS_AS = re.compile(r"\b(?:counts?|counted|classed|classified) as\b", re.I)


def asking_terms(text: str) -> frozenset[str]:
    """The stems in ``text`` that ask rather than name what is asked about."""
    return _HEDGES | ({stem("counts"), stem("classed")} if _COUNTS_AS.search(text) else set())
