"""Lists that span chunks: the sub-headings of the answering section ("Principle i: ...",
"Principle ii: ..."), or a run of ordinal sentences ("The first priority is...", "The
second..."); a list cut by a chunk boundary, followed into the chunks either side; and, for a
question about each of them, the best sentence under each heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.language import content_terms
from ingest.model import SECTION_SEPARATOR, Chunk
from kb.hit import Hit
from service.chat.counting import asked_for
from service.chat.passages import (
    ends_sentence,
    find_lists,
    item_lines,
    leading_items,
    numbered_items,
    only_notes,
    read_units,
)
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


def extend_across_chunks(
    chunk: Chunk,
    lead: str,
    items: list[tuple[str, Chunk]],
    neighbours: Callable[..., list[Chunk]],
) -> tuple[str, list[tuple[str, Chunk]]]:
    """A list cut by a chunk boundary: items before it (and their lead-in) and after it."""
    around = {c.position: c for c in neighbours(chunk, span=2)}
    lines = item_lines(chunk.text)
    ends_in_list = bool(lines) and (lines[-1][1] or lines[-1][0] == lead)
    # A numbered list goes on from its last number ("2. ..." here, "3. ..." next).
    counted = numbered_items([line for line, _ in lines])[-1] if lines else 0
    if ends_in_list:  # the chunk ends inside (or just before) the list: it goes on
        for step in (1, 2):
            following = around.get(chunk.position + step)
            if following is None or following.section != chunk.section:
                break  # (a list under the next heading is another list)
            run = leading_items(following.text, counted)
            kept = [line for line, _ in item_lines(following.text)]
            listed = {text for text, _ in items}  # chunks overlap: an item may come again
            if counted and run:  # the number the list has reached
                numbers = numbered_items(kept, counted)
                if numbers[0] <= counted and run[0] not in listed:
                    break  # "1. Introduction": a new numbering, not the list's items again
                counted = numbers[len(run) - 1]
            items += [(text, following) for text in run if text not in listed]
            if len(run) < len(kept):
                break
    if not lead and lines and lines[0][1]:  # the chunk starts inside the list
        # The chunk before, passing over one that holds only a page's footnotes (not one under
        # another heading), when it ends inside a list or announcing one.
        previous = None
        for step in (1, 2):
            before_chunk = around.get(chunk.position - step)
            if before_chunk is not None and only_notes(before_chunk.text):
                continue
            if before_chunk is not None and before_chunk.section == chunk.section:
                previous = before_chunk
            break
        if previous is not None:
            before = list(reversed(leading_items("\n".join(reversed(previous.text.split("\n"))))))
            # The lead-in nearest the end of the previous chunk (one that announces a list
            # continued here has no items of its own), when that chunk ends in the list.
            leads = [f for f in find_lists(previous.text) if f.lead]
            announced = next((f.lead for f in leads if not f.items), None)
            if before or announced:
                lead = announced or (leads[-1].lead if leads else lead)
                items = [(text, previous) for text in before] + items
    return lead, items
