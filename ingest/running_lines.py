"""Running heads and feet: the lines a PDF repeats at the top or bottom of its pages.

"Statutory guidance for independent reviewing officers and local authorities on their 31
functions in relation to case management..." tops every page of the IRO handbook, with the page
number inside it. Left in, it is a sentence of every chunk, about everything the document covers,
and the answerer picks it for any question about IROs. A line is a running line when, with its
figures masked, it sits among the first or last few lines of many pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# Lines at each end of a page where running heads and feet are looked for.
EDGE_LINES = 3
# A line is running when it recurs at a page edge on this share of pages, and at least this
# many (a short leaflet's repeated line may be content).
MIN_SHARE = 0.4
MIN_PAGES = 4
_FIGURES = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?:;]\W*$")


def _key(line: str) -> str:
    return _FIGURES.sub("#", " ".join(line.split())).lower()


def _edges(lines: list[str]) -> set[int]:
    """Indexes of the first and last few non-empty lines that could be a running line: not a
    sentence's end (a running head names the document, it says nothing), on a page long enough
    to have a body between its edges."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) <= 2 * EDGE_LINES:
        return set()
    ends = filled[:EDGE_LINES] + filled[-EDGE_LINES:]
    return {i for i in ends if not _SENTENCE_END.search(lines[i])}


def strip_running_lines(pages: Sequence[str]) -> list[str]:
    """``pages`` without the lines repeated at their tops or bottoms (page numbers stay: other
    steps read them)."""
    if len(pages) < MIN_PAGES:
        return list(pages)
    split = [page.split("\n") for page in pages]
    seen: Counter[str] = Counter()
    for lines in split:
        seen.update({_key(lines[i]) for i in _edges(lines)})
    floor = max(MIN_PAGES, MIN_SHARE * len(pages))
    # A bare figure is a page number; a word or two ("Contents") is too little to judge by.
    running = {
        key
        for key, count in seen.items()
        if count >= floor and len(key.replace("#", "").split()) >= 3
    }
    if not running:
        return list(pages)
    out: list[str] = []
    for lines in split:
        edges = _edges(lines)
        out.append(
            "\n".join(
                line for i, line in enumerate(lines) if i not in edges or _key(line) not in running
            )
        )
    return out
