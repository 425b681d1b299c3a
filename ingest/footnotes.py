"""Footnotes out of PDF body text: reference numbers unglued from words, notes kept apart.

Extraction leaves a footnote's reference number glued to the word it follows ("the panel199") and
its note at the foot of the page ("199 Where processing ..."), where chunking would splice it into
the last paragraph. A note is recognised only when its number is also found glued into the page's
body above it, so numbered lists and headings ("2 Principles") are left alone.
"""

from __future__ import annotations

import re

# Heading under which a page's footnotes are kept, after the page's own heading path.
FOOTNOTES_HEADING = "Footnotes"
# Where the foot of a page may begin, as a share of its lines: layout text keeps blank lines
# for vertical space, so a numbered line in the top part of a page is body text.
FOOT_STARTS_AT = 0.4
# A footnote line: up to three digits, a space, then text.
_NOTE_LINE = re.compile(r"^[ \t]*(\d{1,3})[ \t]+(\S.*)$")
# Digits glued to the end of a word or closing punctuation: "panel199", "(DPIA)32", "hub28.".
_GLUED = r"(?<=[A-Za-z)\]’”'\".,;:])({n})(?=[\s.,;:)’”]|$)"
# A line with nothing but a page number, left in the body where pdftotext also puts it.
_PAGE_NUMBER = re.compile(r"^[ \t]*\d{1,4}[ \t]*$")


def split_footnotes(text: str) -> tuple[str, str]:
    """(body with reference numbers removed, footnote text); the notes are "" when none.

    The foot of the page is the run of lines from the first note line whose number is glued into
    the body above it; every later note line must number on from the one before.
    """
    lines = text.split("\n")
    start = _first_note_line(lines)
    if start is None:
        return text, ""
    notes: list[str] = []
    trailing: list[str] = []
    numbers: list[int] = []
    for line in lines[start:]:
        match = _NOTE_LINE.match(line)
        if _PAGE_NUMBER.match(line):
            trailing.append(line)
            continue
        if match and (not numbers or int(match.group(1)) > numbers[-1]):
            numbers.append(int(match.group(1)))
        notes.append(line)
    body = "\n".join(lines[:start] + trailing)
    for number in numbers:
        body = re.sub(_GLUED.format(n=number), "", body, count=1)
    return body, "\n".join(notes).strip("\n")


def _first_note_line(lines: list[str]) -> int | None:
    first = int(len(lines) * FOOT_STARTS_AT)
    for index in range(max(first, 1), len(lines)):
        match = _NOTE_LINE.match(lines[index])
        if match is None:
            continue
        above = "\n".join(lines[:index])
        if re.search(_GLUED.format(n=match.group(1)), above):
            return index
    return None
