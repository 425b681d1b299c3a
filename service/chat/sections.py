"""Lists that span chunks: the sub-headings of the answering section ("Principle i: ...",
"Principle ii: ..."), or a run of ordinal sentences ("The first priority is...", "The
second..."); and, for a question about each of them, the best sentence under each heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.language import content_terms
from ingest.model import SECTION_SEPARATOR, Chunk
from kb.hit import Hit
from service.chat.counting import asked_for
from service.chat.passages import ends_sentence, read_units
from service.chat.question import Question
from service.chat.scoring import Scored

# A question about each item ("...and how long should each take?"): each item wants its detail.
EACH = re.compile(r"\beach\b|\bfor every\b|\bevery one\b", re.I)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINAL = re.compile(rf"^(the )?({'|'.join(_ORDINALS)})\b", re.I)
# How far either side of the answering chunk a list of sub-sections or ordinals is followed.
SECTION_WINDOW = 24


def structural_list(
    chunk: Chunk, question: Question, wanted: int | None, neighbours: Callable[..., list[Chunk]]
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
        if len(other_path) >= 2:
            groups.setdefault(other_path[:-1], {}).setdefault(other_path[-1], other)
    # Headings named as the thing asked for ("Priority 1: ...", "Priority 2: ..." for "what
    # were the priorities"), at any depth: those headings are the list.
    kind = asked_for(question.asked)
    for siblings in groups.values():
        titled = {h: c for h, c in siblings.items() if kind & set(content_terms(h))}
        if len(titled) >= 3 and wanted in (None, len(titled)):
            return "", list(titled.items())
    groups = {parent: siblings for parent, siblings in groups.items() if len(parent) >= 2}
    own = tuple((chunk.section or "").split(SECTION_SEPARATOR))[:-1]
    asked = set(content_terms(question.text))
    for parent, siblings in sorted(groups.items(), key=lambda g: g[0] != own):
        named = bool(asked & set(content_terms(parent[-1])))
        if len(siblings) >= 3 and (len(siblings) == wanted or (wanted is None and named)):
            return parent[-1], list(siblings.items())
    ordinals: dict[str, tuple[str, Chunk]] = {}
    for other in window:
        for unit in read_units(other.text):
            match = _ORDINAL.match(unit.text)
            if match and match.group(2).lower() not in ordinals:
                ordinals[match.group(2).lower()] = (unit.text, other)
    ordered = [ordinals[o] for o in _ORDINALS if o in ordinals]
    # "The first 2022-23 priority is...": the ordinal's noun must be what the question asks.
    named = bool(ordered) and bool(
        set(content_terms(question.text)) & set(content_terms(" ".join(ordered[0][0].split()[:6])))
    )
    if len(ordered) >= 3 and named and (wanted is None or len(ordered) == wanted):
        return "", ordered
    return None


def with_details(
    hits: list[Hit], scored: list[Scored], items: list[tuple[str, Chunk]]
) -> list[tuple[str, Chunk]]:
    """Sub-headings followed each by the best sentence under it among the passages ("Stage
    Two - The Assessment Process: Stage Two should take four months..."), cited to that."""
    out = []
    for heading, chunk in items:
        under = next(
            (
                s
                for s in scored
                if not s.item
                and ends_sentence(s.text)
                and (hits[s.hit_index].chunk.section or "").split(SECTION_SEPARATOR)[-1] == heading
            ),
            None,
        )
        if under is None:
            out.append((heading, chunk))
        else:
            out.append((f"{heading}: {under.text}", hits[under.hit_index].chunk))
    return out
