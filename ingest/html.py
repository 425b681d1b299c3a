"""HTML pages via the standard library's parser: headings become section paths, chrome skipped.

A page with a ``<main>`` element (or ``role="main"``) is read from it alone: the site header,
cookie notice, menus and footer around it are the site's, not the page's (a page whose main
element holds no text is read whole). Everywhere, buttons and selects ("Accept cookies", "Yes",
"No"), menus, and containers marked as navigation, banner, site footer or search, or named as a
cookie notice, feedback form, breadcrumbs or share links, are skipped.

Tables become one line per row ("Header: value; ..."); a table holding headings lays out the
page, and is read as the page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from ingest.cleaning import clean_text
from ingest.meta import humanise_stem
from ingest.model import DocumentMeta, Section
from ingest.tables import CELL_SEPARATOR, cite_rows, label_rows

# Elements whose text is page furniture or code, never guidance. (Buttons: "Accept cookies",
# "Yes", "No"; not a button inside a heading, as accordions write theirs.)
SKIPPED = frozenset(
    {"script", "style", "nav", "footer", "head", "noscript", "template", "svg", "button"}
    | {"select", "textarea"}
)
# Landmark roles of the site around the page's content, and widgets named so by their id or
# class (a cookie notice, "Was this page helpful?", breadcrumbs, share links), skipped when they
# mark one of these containers (never the page itself, its body or its main element, nor an
# element that may have no end tag; a form wrapping the whole page is kept).
SKIPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
_FURNITURE = re.compile(
    r"cookie|feedback|helpful|survey|newsletter|breadcrumb|skip-?link|social|share|back-?to-?top",
    re.I,
)
_CONTAINERS = frozenset({"div", "section", "aside", "dialog", "header", "footer", "nav", "form"})
_CONTAINERS |= frozenset({"ul", "ol"})
# Inside a table, a heading shows it lays out a page rather than holding data (a list may be
# one cell's value: "Examples: poor hygiene; missed appointments").
_LAYOUT = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that end a line of text, so words from neighbouring blocks are not run together.
_BLOCKS = (
    "address article aside blockquote br dd div dl dt figcaption figure form header hr li "
    "main ol p pre section table tbody tfoot thead tr ul"
)
BLOCKS = frozenset(_BLOCKS.split())
# Elements that end a line but not a paragraph (others end a paragraph).
LINE_BREAKS = {"br": "\n", "li": "\n", "tr": "\n", "dt": "\n", "dd": "\n"}
# Table cells: each row becomes one self-describing line ("Header: value; Header: value").
CELLS = frozenset({"td", "th"})
HEADINGS = {f"h{level}": level for level in range(1, 7)}


def read_html(text: str, *, name: str) -> tuple[DocumentMeta, list[Section]]:
    """Sections of cleaned text; title from ``<title>``, else the first ``<h1>``, else the name.

    Read from the page's main element when it has one holding text, else from the whole page;
    if skipping what is named as widgets leaves nothing, without that."""
    parser = _parse(text, main_only=True)
    if parser.found_main is False or not parser.sections:
        parser = _parse(text, main_only=False)
    if not parser.sections:  # a wrapper named like a widget ("cookies-on") held the page
        parser = _parse(text, main_only=False, by_name=False)
    title = parser.title or parser.first_h1 or humanise_stem(name.rsplit(".", 1)[0])
    return DocumentMeta(title=title), parser.sections


def _parse(text: str, *, main_only: bool, by_name: bool = True) -> _SectionParser:
    parser = _SectionParser(main_only=main_only, by_name=by_name)
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser


class _SectionParser(HTMLParser):
    def __init__(self, *, main_only: bool = False, by_name: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self._by_name = by_name  # skip containers named as widgets (cookie notice, feedback)
        # Elements being skipped, innermost last: [tag, how many of that tag are open].
        self._skipping: list[list[Any]] = []
        # Outside the main element of a page that has one; [tag, depth] of it while inside.
        self._outside = main_only
        self._main: list[Any] | None = None
        self.found_main = False
        self.sections: list[Section] = []
        self.title: str | None = None
        self.first_h1: str | None = None
        self._path: list[tuple[int, str]] = []
        self._body: list[str] = []
        self._heading: list[str] | None = None
        self._heading_level = 0
        self._title_parts: list[str] | None = None
        self._table: _Table | None = None

    @property
    def _skipped(self) -> bool:
        """Inside a skipped element, or outside the main element of a page that has one."""
        return bool(self._skipping) or self._outside

    def _track(self, tag: str, *, opening: bool) -> None:
        """Follow nesting of the tags that opened the skipped elements and the main one."""
        step = 1 if opening else -1
        if self._skipping and self._skipping[-1][0] == tag:
            self._skipping[-1][1] += step
            if self._skipping[-1][1] == 0:
                self._skipping.pop()
        elif self._main is not None and not self._skipping and self._main[0] == tag:
            self._main[1] += step
            if self._main[1] == 0:
                self._main, self._outside = None, True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self.title is None:
            self._title_parts = []
            return
        named = dict(attrs)
        role = (named.get("role") or "").lower()
        if self._outside and self._main is None and (tag == "main" or role == "main"):
            self._main, self._outside, self.found_main = [tag, 0], False, True
        marker = f"{named.get('id') or ''} {named.get('class') or ''}"
        furniture = tag in _CONTAINERS and (
            role in SKIPPED_ROLES or (self._by_name and bool(_FURNITURE.search(marker)))
        )
        if not self._skipping and (
            (tag in SKIPPED and not (tag == "button" and self._heading is not None)) or furniture
        ):
            self._skipping.append([tag, 1])
        else:
            self._track(tag, opening=True)
        if self._skipped:
            return
        if self._table is not None and tag in _LAYOUT:
            self._end_table()  # a table laying out the page: read on as the page
        if self._table is not None:
            self._table.start(tag)
        elif tag == "table":
            self._break("\n\n")
            self._table = _Table()
        elif tag in HEADINGS:
            self.flush()
            self._heading, self._heading_level = [], HEADINGS[tag]
        elif tag == "li":
            self._break("\n")
            self._body.append("- ")
        elif tag in BLOCKS:
            self._break(LINE_BREAKS.get(tag, "\n\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_parts is not None:
            self.title = " ".join("".join(self._title_parts).split()) or None
            self._title_parts = None
            return
        skipped = self._skipped
        self._track(tag, opening=False)
        if skipped:
            return
        elif self._table is not None:
            if self._table.end(tag):
                self._end_table()
        elif tag in HEADINGS and self._heading is not None:
            heading = " ".join("".join(self._heading).split())
            self._heading = None
            if heading:
                level = self._heading_level
                self._path = [(lvl, t) for lvl, t in self._path if lvl < level]
                self._path.append((level, heading))
                if level == 1 and self.first_h1 is None:
                    self.first_h1 = heading
        elif tag in BLOCKS:
            self._break(LINE_BREAKS.get(tag, "\n\n"))

    def _end_table(self) -> None:
        if self._table is not None:
            self._body.append("\n".join(self._table.lines()))
            self._table = None
            self._break("\n\n")

    def _break(self, newlines: str) -> None:
        """End the current line or paragraph, without stacking up blank lines."""
        while self._body and not self._body[-1].strip():
            newlines = "\n" * max(len(newlines), self._body.pop().count("\n"))
        if self._body:
            self._body.append(newlines)

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)
        elif self._skipped:
            return
        elif self._table is not None:
            self._table.data(data)
        elif self._heading is not None:
            self._heading.append(data)
        else:
            self._body.append(" ".join(data.split("\n")))

    def flush(self) -> None:
        """Close the section under the current heading path (and a table left open)."""
        self._end_table()
        text = clean_text("".join(self._body))
        self._body.clear()
        if text:
            headings = tuple(title for _, title in self._path)
            self.sections.append(Section(headings=headings, text=text))


class _Table:
    """One table's caption and rows of cells as they are read. A cell ends at the next cell, row
    or the table's end (their end tags are optional); a table inside a cell is read into it."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[str, bool]]] = []  # (text, is a header cell)
        self.caption: list[str] = []
        self._cell: list[str] | None = None
        self._header = False
        self._in_caption = False
        self._depth = 1

    def start(self, tag: str) -> None:
        if tag == "table":
            self._depth += 1
        elif self._depth > 1:
            if self._cell is not None and (tag in CELLS or tag == "tr"):
                self._cell.append("; ")  # a nested table's cells, kept apart
        elif tag == "tr":
            self._close_cell()
            self.rows.append([])
        elif tag in CELLS:
            self._close_cell()
            if not self.rows:
                self.rows.append([])
            self._cell, self._header = [], tag == "th"
        elif tag == "caption":
            self._in_caption = True
        elif self._cell is not None and tag == "li":
            self._cell.append("; ")  # a list in a cell: its items, kept apart
        elif self._cell is not None and tag in BLOCKS:
            self._cell.append(" ")

    def end(self, tag: str) -> bool:
        """Whether this ends the table."""
        if tag == "table":
            self._depth -= 1
            if self._depth == 0:
                self._close_cell()
            return self._depth == 0
        if self._depth == 1 and (tag in CELLS or tag == "tr"):
            self._close_cell()
        elif tag == "caption":
            self._in_caption = False
        return False

    def data(self, text: str) -> None:
        if self._cell is not None:
            self._cell.append(text)
        elif self._in_caption:
            self.caption.append(text)

    def _close_cell(self) -> None:
        if self._cell is not None:
            text = re.sub(r"\s*(?:;\s*)+", "; ", " ".join("".join(self._cell).split()))
            self.rows[-1].append((text.strip("; "), self._header))
            self._cell = None

    def lines(self) -> list[str]:
        """The caption, then one line per row: "Header: value; ..." under a header row of
        ``th`` cells; "Label: value; value" when each row starts with a ``th``; else the cells."""
        self._close_cell()
        rows = [row for row in self.rows if any(text for text, _ in row)]
        caption = " ".join("".join(self.caption).split())
        lines = [caption] if caption else []
        texts = [[text for text, _ in row] for row in rows]
        if len(rows) > 1 and all(header for _, header in rows[0]):
            lines += cite_rows(texts)
        elif rows and all(row[0][1] for row in rows) and all(len(row) > 1 for row in rows):
            lines += label_rows(texts)
        else:
            lines += [CELL_SEPARATOR.join(c for c in row if c) for row in texts]
        return lines
