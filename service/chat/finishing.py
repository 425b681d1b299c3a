"""Whole sentences only: a sentence cut off by a page turn or by the end of its chunk is
finished from the next line or chunk, and one that cannot be finished is not given. And the
sentences that go with a chosen one: the one a "However, ..." answers back to, the condition put
on the best answer ("If you do this, ..."), the sentence going on with it ("Subsequently...")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ingest.model import Chunk
from kb.hit import Hit
from service.chat.drafting import Line
from service.chat.passages import MAX_HEADING_WORDS, ends_sentence, is_item
from service.chat.scoring import Scored

# Words of a cut sentence looked for in the next chunk, where the two overlap.
CONTINUATION_WORDS = 6
# A cut sentence is finished only when its end comes within this many characters.
MAX_CONTINUATION_CHARS = 400
# A sentence opening with one of these answers back to the sentence before it.
_CONNECTIVE = re.compile(
    r"(however|but|therefore|so|also|instead|otherwise|in addition|as a result"
    r"|in (such|these|this) (case|cases|circumstances))\b",
    re.I,
)
# A sentence putting a condition on the one before ("If you do this, ...", "In this case, ...",
# "Where this happens, ..."), looked for this many sentences after the best.
_QUALIFIES = re.compile(
    r"(if|when|where|once) (you|they|we|the \w+) (do|does|did|have done|use|uses) (this|that|so)\b"
    r"|(if|when|where) (this|that|so) (is|happens|applies)\b|in (this|that|which) case\b",
    re.I,
)
QUALIFIER_REACH = 2
# A sentence going on with what the one before it sets out ("Subsequently they must...", "After
# that, ..."; not "Following this guidance is...", "After that age, ...").
_FOLLOWS_ON = re.compile(r"(subsequently|thereafter)\b|(after|following) (that|this),", re.I)
# How text that carries on a sentence starts: lower case, or a figure ("2 monthly intervals").
_MID_SENTENCE = re.compile(r"[a-z]|\d+(?![.)\d])\s")


def finisher(
    neighbours: Callable[..., list[Chunk]] | None,
) -> Callable[[Scored, list[Hit]], str | None]:
    """The whole sentence a unit of ``hits`` reads as, or None for a fragment (list items stand
    as they are)."""

    def finish(unit: Scored, hits: list[Hit]) -> str | None:
        if unit.item:
            return unit.text
        if neighbours is None:
            return unit.text if ends_sentence(unit.text) else None
        done = _complete(Line(unit.text, unit.hit_index), hits[unit.hit_index].chunk, neighbours)
        return None if done is None else done.text

    return finish


def _complete(line: Line, chunk: Chunk, neighbours: Callable[..., list[Chunk]]) -> Line | None:
    """A sentence cut off by a line break (a page turn) or by the end of its chunk, finished
    from the next line or chunk; None when a line without a full stop cannot be finished (a
    heading, a caption, a running title)."""
    text = " ".join(line.text.split())
    if ends_sentence(text):
        return line
    lines = [" ".join(x.split()) for x in chunk.text.split("\n") if x.strip()]
    at = next((n for n, x in enumerate(lines) if x.endswith(text)), None)
    if at is None:
        return None
    if at + 1 < len(lines):
        # A long line is a sentence broken by a page turn, whatever case the next line starts
        # in; a short one may be a heading, finished only by text that is plainly mid-sentence.
        broken = len(lines[at].split()) > MAX_HEADING_WORDS and not is_item(lines[at + 1])
        rest = _continuation(text, lines[at + 1], overlapping=broken)
        if rest is None and _MID_SENTENCE.match(lines[at + 1]) and _ends_block(chunk, at + 1):
            # "...should take place within" / "15 working days of a strategy discussion": a
            # sentence whose end is the end of its paragraph or list item, with no full stop.
            rest = lines[at + 1] if len(lines[at + 1]) <= MAX_CONTINUATION_CHARS else None
    else:
        # A sentence does not go on past a heading: the next chunk continues it only when it
        # is in the same section ("Complete the referral form" is a button ending a section).
        after = [
            c
            for c in neighbours(chunk)
            if c.position == chunk.position + 1 and c.section == chunk.section
        ]
        rest = _continuation(text, after[0].text, overlapping=True) if after else None
    return None if rest is None else Line(f"{text} {rest}", line.hit_index, line.marker)


def _continuation(text: str, following: str, *, overlapping: bool) -> str | None:
    """How ``following`` (the next line, or the next chunk) finishes the cut sentence ``text``:
    after the words two chunks share when they overlap, else from its start when that starts
    mid-sentence (lower case, or a figure that is not a paragraph number)."""
    flat = " ".join(following.split())
    tail = " ".join(text.split()[-CONTINUATION_WORDS:])
    at = flat.find(tail)
    if at >= 0 and overlapping:
        flat = flat[at + len(tail) :].lstrip()
    elif not (_MID_SENTENCE.match(flat) or (overlapping and at < 0 and not is_item(flat))):
        return None
    end = re.search(r"[.!?](?=\s|$)", flat)
    if end is None or end.end() > MAX_CONTINUATION_CHARS:
        return None
    return flat[: end.end()]


def _ends_block(chunk: Chunk, index: int) -> bool:
    """Whether the ``index``-th non-blank line of ``chunk`` ends its paragraph or list item: a
    blank line or a new item follows it (not the end of the chunk, which may cut it)."""
    raw = chunk.text.split("\n")
    filled = [n for n, x in enumerate(raw) if x.strip()]
    if index >= len(filled) - 1:
        return False
    after = raw[filled[index] + 1]
    return not after.strip() or is_item(after)


def belonging(
    chosen: list[Scored],
    at: dict[tuple[int, int], Scored],
    finish: Callable[[Scored], str | None],
) -> list[Scored]:
    """The sentences that go with the chosen ones (``at``: every unit by (passage, position))."""
    added: list[Scored] = []
    # "However, ..." answers only with the sentence it answers back to.
    for unit in chosen:
        before = at.get((unit.hit_index, unit.position - 1))
        said = " ".join(c.text for c in chosen + added)  # a finished sentence holds its first line
        if _CONNECTIVE.match(unit.text) and before is not None and before.text not in said:
            text = finish(before)
            if text is not None and not before.item:
                added.append(replace(before, text=text))
    # "If you do this, the person must be supervised": the condition the guidance puts on the
    # best answer, a sentence or two after it, comes with it; so does the sentence going on
    # with it ("Subsequently they must...").
    best = chosen[0]
    for step in range(1, QUALIFIER_REACH + 1):
        after = at.get((best.hit_index, best.position + step))
        if after is None or after in chosen or after in added:
            continue
        if not (_QUALIFIES.match(after.text) or (step == 1 and _FOLLOWS_ON.match(after.text))):
            continue
        text = finish(after)
        if text is not None and not after.item:
            added.append(replace(after, text=text))
    return added
