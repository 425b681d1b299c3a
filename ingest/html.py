"""HTML pages via the standard library's parser: headings become section paths, chrome skipped."""

from __future__ import annotations

from html.parser import HTMLParser

from ingest.cleaning import clean_text
from ingest.meta import humanise_stem
from ingest.model import DocumentMeta, Section

# Elements whose text is page furniture or code, never guidance.
SKIPPED = frozenset({"script", "style", "nav", "footer", "head", "noscript", "template", "svg"})
# Elements that end a line of text, so words from neighbouring blocks are not run together.
_BLOCKS = (
    "address article aside blockquote br dd div dl dt figcaption figure form header hr li "
    "main ol p pre section table tbody tfoot thead tr ul"
)
BLOCKS = frozenset(_BLOCKS.split())
# Elements that end a line but not a paragraph (others end a paragraph).
LINE_BREAKS = {"br": "\n", "li": "\n", "tr": "\n", "dt": "\n", "dd": "\n"}
# Table cells: kept on their row's line, separated as flattened tables are.
CELLS = frozenset({"td", "th"})
CELL_SEPARATOR = "; "
HEADINGS = {f"h{level}": level for level in range(1, 7)}


def read_html(text: str, *, name: str) -> tuple[DocumentMeta, list[Section]]:
    """Sections of cleaned text; title from ``<title>``, else the first ``<h1>``, else the name."""
    parser = _SectionParser()
    parser.feed(text)
    parser.close()
    parser.flush()
    title = parser.title or parser.first_h1 or humanise_stem(name.rsplit(".", 1)[0])
    return DocumentMeta(title=title), parser.sections


class _SectionParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.title: str | None = None
        self.first_h1: str | None = None
        self._path: list[tuple[int, str]] = []
        self._body: list[str] = []
        self._heading: list[str] | None = None
        self._heading_level = 0
        self._title_parts: list[str] | None = None
        self._skip_depth = 0
        self._cells_in_row = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self.title is None:
            self._title_parts = []
        elif tag in SKIPPED:
            self._skip_depth += 1
        elif self._skip_depth:
            return
        elif tag in HEADINGS:
            self.flush()
            self._heading, self._heading_level = [], HEADINGS[tag]
        elif tag == "li":
            self._break("\n")
            self._body.append("- ")
        elif tag in CELLS:
            self._body.append(CELL_SEPARATOR if self._cells_in_row else "")
            self._cells_in_row += 1
        elif tag in BLOCKS:
            self._break(LINE_BREAKS.get(tag, "\n\n"))
            self._cells_in_row = 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_parts is not None:
            self.title = " ".join("".join(self._title_parts).split()) or None
            self._title_parts = None
        elif tag in SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif self._skip_depth:
            return
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
            self._cells_in_row = 0

    def _break(self, newlines: str) -> None:
        """End the current line or paragraph, without stacking up blank lines."""
        while self._body and not self._body[-1].strip():
            newlines = "\n" * max(len(newlines), self._body.pop().count("\n"))
        if self._body:
            self._body.append(newlines)

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)
        elif self._skip_depth:
            return
        elif self._heading is not None:
            self._heading.append(data)
        else:
            self._body.append(" ".join(data.split("\n")))

    def flush(self) -> None:
        """Close the section under the current heading path."""
        text = clean_text("".join(self._body))
        self._body.clear()
        if text:
            headings = tuple(title for _, title in self._path)
            self.sections.append(Section(headings=headings, text=text))
