"""Read a passage the way a person does: its sentences, and the lists it holds.

A chunk's text keeps its line structure from ingest: paragraphs, "- " bullets, numbered items,
"Label: description" lines and headings. ``read_units`` turns it into whole sentences and list
items (never a heading or a fragment run into a sentence); ``find_lists`` finds the runs of items
(bullets, "Label: ..." lines, or a sentence that enumerates with semicolons) with the line that
introduces them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.language import BULLET, split_sentences, strip_bullet

# A line that labels what follows ("contact: being subjected to..."): a short name, then a colon.
_LABELLED = re.compile(r"^([A-Z0-9(][^:.;]{0,50}|[a-z][\w' -]{0,40}):\s+\S")
# Paragraph numbers in guidance ("10. Neglect: ...") look like numbered items but are not lists.
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}\.\s+(?=[A-Z])")
# A contents line: a title, then its page number (after dot leaders or a space).
_PAGE_REFERENCE = re.compile(r"[A-Za-z)][ .…]*\s\d{1,3}$|\.{4,}\s*\d{1,3}$")
MIN_CONTENTS_LINES = 4
CONTENTS_SHARE = 0.5
# A footnote as ingest leaves it at the end of its page: its number, a space, its text.
_FOOTNOTE = re.compile(r"^\d{1,3} (?=[A-Z])")
# A sentence that enumerates: two or more semicolons, or "include(s):"-style lead-ins.
_SEMICOLONS = re.compile(r";[^;]+;")
# What a finished sentence ends with, before any closing quotes and brackets.
_STOPS = ".!?:;"
_CLOSERS = "\"'’”)]"
# A line of at most this many words that stops without punctuation is a heading.
MAX_HEADING_WORDS = 14
# Shorter than this many words, a line without a full stop is a heading, not a sentence.
MIN_SENTENCE_WORDS = 5
# Items run together from a PDF past this length are paragraphs, not list items.
MAX_ITEM_WORDS = 80


@dataclass(frozen=True)
class Unit:
    """A sentence or list item of a passage, in reading order."""

    text: str
    line: int  # index of the source line: units of one line are one paragraph
    item: bool  # a bullet, numbered or labelled line


@dataclass(frozen=True)
class ItemList:
    """A run of list items, with the sentence or line that introduces it."""

    lead: str
    items: tuple[str, ...]


def read_units(text: str) -> list[Unit]:
    """Whole sentences and list items; headings and fragments are dropped."""
    units: list[Unit] = []
    lines = _lines(text)
    if _contents_page(lines):
        return []  # "Annex B: ... 34": a table of contents names answers, it holds none
    for index, line in enumerate(lines):
        if is_item(line) or _announced(lines, index):
            item = strip_bullet(_PARAGRAPH_NUMBER.sub("", line))
            if len(item.split()) <= MAX_ITEM_WORDS or _announced(lines, index):
                units.append(Unit(item, index, item=True))
                continue
            line = item
        sentences = split_sentences(_PARAGRAPH_NUMBER.sub("", line))
        for at, sentence in enumerate(sentences):
            # A line that stops without punctuation is a heading, unless the chunk ends there
            # (a sentence cut at the boundary, finished from the next chunk when chosen).
            unfinished = not ends_sentence(sentence)
            short = len(line.split()) <= MAX_HEADING_WORDS
            if unfinished and short and at == len(sentences) - 1 and index < len(lines) - 1:
                continue
            if _is_sentence(sentence):
                units.append(Unit(sentence, index, item=False))
    return units


def ends_sentence(text: str) -> bool:
    """Whether ``text`` stops as a sentence does: "...as agreed." or "...(see annex A).", not
    "Impact Assessments (DPIA)" (a heading) or "...at no less than" (cut by a page turn)."""
    return text.rstrip().rstrip(_CLOSERS)[-1:] in _STOPS


def _contents_page(lines: list[str]) -> bool:
    """Most lines end in a page number (or dot leaders): a table of contents."""
    numbered = sum(bool(_PAGE_REFERENCE.search(line)) for line in lines)
    return len(lines) >= MIN_CONTENTS_LINES and numbered >= CONTENTS_SHARE * len(lines)


def find_lists(text: str) -> list[ItemList]:
    """Every list in ``text``: bullet or labelled runs (two or more items) and enumerations."""
    lists: list[ItemList] = []
    lines = [line for line in _lines(text) if not line.isdigit()]  # page numbers
    run: list[str] = []
    lead = ""
    body = [line for line in lines if not _FOOTNOTE.match(line)]  # notes sit at a page's end
    if body and body[-1].endswith(":") and not is_item(body[-1]):
        # Announced here, listed in the next chunk.
        lists.append(ItemList(_lead_in(body, len(body) - 1), ()))
    numbered = [*numbered_items(lines), 0]
    # A bullet opening the chunk: the rest of a list begun in the chunk before.
    opens_in_list = bool(lines) and bool(BULLET.match(lines[0]))
    first = 0  # where the run of items began
    for index, line in enumerate([*lines, ""]):
        if line and (numbered[index] or is_item(line) or _announced(lines, index)):
            first = index if not run else first
            run.append(clean_item(line))
            continue
        if run and carries_item(lines[index - 1], line):
            run[-1] = clean_item(f"{lines[index - 1]} {line}")
            continue
        # One item is a list only where a lead-in announces it ("...four areas of risk:"),
        # the rest then following in the next chunk; or where the chunk starts with it, the
        # rest of a list begun in the chunk before.
        if len(run) >= 2 or (run and (lead.endswith(":") or (first == 0 and opens_in_list))):
            lists.append(ItemList(lead, tuple(run)))
        run = []
        if line:
            lead = _lead_in(lines, index)
            lists.extend(_enumerations(split_sentences(_PARAGRAPH_NUMBER.sub("", line))))
    return lists


# How a list item ends when more items follow: "...;", "...; and", "...; or".
_ITEM_TAIL = re.compile(r";( and| or)?$")


def carries_item(item: str, line: str) -> bool:
    """Whether ``line`` (not an item) finishes the list item ``item`` on the line before it:
    "- ...check with the Ministry of Defence (MoD)" / "Advisory Service (CEAS); and", cut by a
    page turn. One line only: ``item`` must itself be an item."""
    return (
        bool(_ITEM_TAIL.search(line))
        and is_item(item)
        and not ends_sentence(item)
        and not is_item(line)
    )


def _lead_in(lines: list[str], index: int) -> str:
    """The last sentence of ``lines[index]``, begun on the line before when a page's line
    break cut it ("...contact the Unwanted Prisoner" / "Contact Team, details are:")."""
    line = lines[index]
    before = lines[index - 1] if index > 0 else ""
    broken = len(before.split()) > MAX_HEADING_WORDS  # a paragraph's line, not a heading
    if broken and not ends_sentence(before) and not is_item(before):
        line = f"{before} {line}"
    sentences = split_sentences(_PARAGRAPH_NUMBER.sub("", line))
    return sentences[-1] if sentences else line


def only_notes(text: str) -> bool:
    """Whether ``text`` holds nothing but footnotes (and page numbers)."""
    lines = [line for line in _lines(text) if not line.isdigit()]
    return bool(lines) and all(_FOOTNOTE.match(line) for line in lines)


_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+\S")


def _announced(lines: list[str], index: int) -> bool:
    """A line in lower case right after a lead-in ("...must have:") is the list it announces,
    its items run together where the PDF lost their bullets."""
    return 0 < index < len(lines) and lines[index][:1].islower() and lines[index - 1].endswith(":")


# A sentence that tells someone what to do: a duty ("should", "must", "need to") or an
# instruction ("Call...", "Do not...").
DIRECTIVE = re.compile(
    r"\b(should|must|need to|needs to|have to|has to|ought to|is expected to|are expected to"
    r"|is responsible for|are responsible for)\b"
    r"|^(call|contact|tell|report|record|refer|make|ensure|listen|do not|don't|never|speak|share"
    r"|seek|follow|discuss|inform|notify|keep|write|consider|take|ask|check|use|complete"
    r"|arrange|agree|visit|see|talk|explain|reassure|act)\b",
    re.I,
)
# Words a list item opens with when it names a thing, not an action ("the local authority has...").
_NAMING_OPENERS = frozenset(
    ("the", "a", "an", "any", "all", "each", "every", "this", "that", "these", "those", "their")
    + ("his", "her", "its", "our", "your", "some", "no", "whether", "where", "when", "if")
    + ("there", "it", "they")
)
# Circumstances and times, not instructions ("whenever there is a proposal to...", "prior to
# children ... being discharged"), unless an instruction follows ("in an emergency, call 999").
_CIRCUMSTANCES = frozenset(
    ("whenever", "wherever", "prior", "before", "after", "during", "until", "unless", "once")
    + ("following", "upon", "on", "in", "at", "for", "from", "by", "within", "while", "whilst")
)


# A table row as ingest writes it: two or more "Header: value" pairs ("Name: LADO duty line;
# Telephone: 020 7946 0340"). Shown as an item of its own, never run into a paragraph.
_HEADER = r"(?:(?!\. )[^:;?!]){1,60}"  # "No.", "Tel." may end one; no sentence runs inside
_TABLE_ROW = re.compile(rf"^{_HEADER}: [^;]+(?:; {_HEADER}: [^;]+)+$")


def is_table_row(line: str) -> bool:
    return bool(_TABLE_ROW.match(line.strip()))


def is_action(item: str) -> bool:
    """Whether a list item says what to do: a duty ("should..."), or an instruction opening
    with a verb ("check local databases"), not a heading or a thing ("Stage One - ...")."""
    if DIRECTIVE.search(item):
        return True
    first = item.split(maxsplit=1)[0] if item.split() else ""
    if first.lower() in _CIRCUMSTANCES:  # "in an emergency, call 999": what follows decides
        return "," in item and bool(DIRECTIVE.match(item.split(",", 1)[1].strip()))
    return first[:1].islower() and first.lower() not in _NAMING_OPENERS


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def is_item(line: str) -> bool:
    if _PARAGRAPH_NUMBER.match(line):
        return False
    return bool(BULLET.match(line)) or bool(_LABELLED.match(line) and len(line.split()) > 3)


def clean_item(line: str) -> str:
    return strip_bullet(line).rstrip(";, ").removesuffix(" and").removesuffix(" or").rstrip(";, ")


def _is_sentence(text: str) -> bool:
    words = text.split()
    if text[:1].islower():  # the tail of a sentence cut at a page or chunk boundary
        return False
    if len(words) < MIN_SENTENCE_WORDS and not re.search(r"\d{3}|@", text):
        return False
    return text[-1:] in ".!?:;)" or len(words) >= MIN_SENTENCE_WORDS


def _enumerations(sentences: list[str]) -> list[ItemList]:
    """'Neglect may involve failing to: A; B; or C.' -> items A, B, C."""
    found: list[ItemList] = []
    for sentence in sentences:
        if not _SEMICOLONS.search(sentence):
            continue
        parts = [p.strip() for p in sentence.rstrip(".").split(";") if p.strip()]
        head, _, first = parts[0].rpartition(":")
        if not head:
            head, first = "", parts[0]
        items = [first, *parts[1:]]
        cleaned = [re.sub(r"^(and|or)\s+", "", item).strip() for item in items]
        if len(cleaned) >= 3 and all(len(i.split()) <= MAX_ITEM_WORDS for i in cleaned):
            found.append(ItemList(head or sentence, tuple(i for i in cleaned if i)))
    return found


def item_lines(text: str, counted: int = 0) -> list[tuple[str, bool]]:
    """(line, is a list item) for each non-empty line; ``counted``: the number of the last item
    of a numbered list the text carries on ("3. The education standard" after "2. ...")."""
    lines = (ln.strip() for ln in text.split("\n"))
    # Bare numbers are page numbers left by PDF extraction, not part of the text.
    kept = [line for line in lines if line and not line.isdigit()]
    numbers = numbered_items(kept, counted)
    return [(line, bool(n) or is_item(line)) for line, n in zip(kept, numbers, strict=True)]


def numbered_items(lines: list[str], counted: int = 0) -> list[int]:
    """Each line's number in a numbered list, else 0: "1. ...", "2. ..." counting up from 1
    after a lead-in ("...nine Quality Standards which must be met:"), or from ``counted`` + 1
    at the start; numbered paragraphs ("293. In addition...") are not items."""
    out: list[int] = []
    for index, line in enumerate(lines):
        number = _NUMBERED.match(line)
        led = counted > 0 or (index > 0 and lines[index - 1].endswith(":"))
        if number and index == 0 and counted and int(number.group(1)) <= counted:
            counted = int(number.group(1)) - 1  # the next chunk repeats the list's last items
        if number and int(number.group(1)) == counted + 1 and led:
            counted += 1
            out.append(counted)
        else:
            counted = counted if line[:1].islower() else 0  # a wrapped item's next line
            out.append(0)
    return out


def leading_items(text: str, counted: int = 0) -> list[str]:
    """The list items at the very start of ``text`` (before any other line)."""
    out: list[str] = []
    previous = ""
    for line, item in item_lines(text, counted):
        if out and not item and carries_item(previous, line):
            out[-1] = clean_item(f"{previous} {line}")
        elif not item:
            break
        else:
            out.append(clean_item(line))
        previous = line
    return out
