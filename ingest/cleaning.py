"""Repair the artefacts that PDF and web extraction leave in text.

``clean_text`` runs named steps in order: characters (ligatures, odd spaces), tab-separated tables,
HTML fragments, end-of-line hyphenation, hard line breaks, then whitespace. Markdown headings
(``## ...``) and bullets (``- ...``) pass through intact.
"""

from __future__ import annotations

import re

from ingest.language import BULLET
from ingest.tables import flatten_tables
from ingest.word_breaks import zipf

# Presentation forms that PDF fonts use for common letter pairs; search needs the plain letters.
LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
# Spaces that look like spaces but do not split words for search (NBSP, narrow NBSP, figure space).
ODD_SPACES = "\u00a0\u2007\u202f\u2009\u200a"
# Characters that carry nothing but break words apart: soft hyphen, zero-width space/joiners, BOM.
INVISIBLE = "\u00ad\u200b\u200c\u200d\ufeff"
# Bullet glyphs from PDFs, rewritten as Markdown bullets so list items stay recognisable.
BULLET_GLYPHS = "•●▪◦■□➢➤►"
# Tags we strip. Only real HTML names, so placeholders such as "<child's name>" survive.
HTML_TAGS = (
    "a|abbr|b|big|blockquote|body|br|center|code|div|em|font|h[1-6]|hr|html|i|img|ins|"
    "li|mark|ol|p|pre|s|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|"
    "tr|tt|u|ul"
)
# First words of compounds that keep their hyphen across a line break ("multi-\nagency").
# Kept short: hyphenation splits at syllables, so "inter-", "under-" or "re-" are often mid-word.
HYPHEN_PREFIXES = frozenset({"cross", "half", "multi", "non", "self", "semi", "well"})
# Both parts of a compound broken after its own hyphen are words at least this common (Zipf).
COMPOUND_PART_ZIPF = 3.0
# Last words that show a line cannot end a sentence, so a capitalised next line continues it.
_CONTINUING = "a an and as at by for from in into of on or that the their to which who with"
CONTINUING_WORDS = frozenset(_CONTINUING.split())

_TAG = re.compile(rf"</?(?:{HTML_TAGS})\b[^<>]*/?>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LIST_ITEM = re.compile(r"\s*<li\b[^<>]*>\s*", re.IGNORECASE)
_LIST_END = re.compile(r"\s*</?(?:li|ul|ol)\b[^<>]*>\s*", re.IGNORECASE)
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|nbsp|#39);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": " ", "#39": "'"}
_HYPHENATED_BREAK = re.compile(r"([A-Za-z]+)-[ \t]*\n[ \t]*([A-Za-z]+)")
# Every pair of hyphen-joined words, overlapping: "up-to-date" gives "up-to" and "to-date".
_COMPOUND = re.compile(r"(?<![A-Za-z])(?=([A-Za-z]+-[A-Za-z]+)(?![A-Za-z]))")
_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"[.!?:]['\"’”)\]*_]*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


def clean_text(text: str) -> str:
    """Return ``text`` with extraction artefacts repaired; safe to run twice."""
    text = normalise_characters(text)
    text = flatten_tables(text, clean_cell=_clean_cell)
    text = convert_html_fragments(text)
    text = join_hyphenated_words(text)
    text = join_broken_lines(text)
    return tidy_whitespace(text)


def normalise_characters(text: str) -> str:
    """Unify line endings, expand ligatures, plain spaces for odd ones, drop invisible marks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.translate({ord(k): v for k, v in LIGATURES.items()})
    text = text.translate(str.maketrans(ODD_SPACES, " " * len(ODD_SPACES), INVISIBLE))
    return re.sub(rf"^([ \t]*)[{BULLET_GLYPHS}][ \t]*", r"\1- ", text, flags=re.MULTILINE)


def strip_tags(text: str) -> str:
    """Remove HTML comments and tags, and decode the few entities extraction leaves behind."""
    text = _TAG.sub("", _COMMENT.sub("", text))
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


def _clean_cell(cell: str) -> str:
    """A table cell stays on its row's line: list items become run-on sentences."""
    return " ".join(strip_tags(_LIST_END.sub(" ", cell)).split())


def convert_html_fragments(text: str) -> str:
    """Turn ``<li>`` items into ``- `` bullet lines and drop every other stray tag."""
    text = _LINE_BREAK_TAG.sub("\n", text)
    text = _LIST_ITEM.sub("\n- ", text)
    text = _LIST_END.sub("\n", text)
    return strip_tags(text)


def join_hyphenated_words(text: str) -> str:
    """Undo end-of-line hyphenation ("organis-\\nation"), keeping real compounds' hyphens.

    A compound keeps its hyphen when the document spells it hyphenated elsewhere, its first part is
    a common prefix ("multi-agency"), or it follows the compound's own hyphen and both parts are
    words ("up-to-\\ndate", "face-to-\\nface"; not "semi-indepen-\\ndent"), or either part is
    capitalised ("Labinjo-Hughes"); a word the document spells solid elsewhere is joined.
    """
    compounds = {m.group(1).lower() for m in _COMPOUND.finditer(text)}
    words = {w.lower() for w in _WORD.findall(text)}

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if f"{head}-{tail}".lower() in compounds:
            return f"{head}-{tail}"
        if f"{head}{tail}".lower() in words:
            return f"{head}{tail}"
        # "up-to-\ndate", "case-by-\ncase": a break after a compound's own hyphen, between
        # two words (not "semi-indepen-\ndent", a word of a compound hyphenated mid-word).
        in_compound = (
            match.start() > 0
            and text[match.start() - 1] == "-"
            and min(zipf(head), zipf(tail)) >= COMPOUND_PART_ZIPF
        )
        if head.lower() in HYPHEN_PREFIXES or tail[0].isupper() or in_compound:
            return f"{head}-{tail}"
        return f"{head}{tail}"

    return _HYPHENATED_BREAK.sub(join, text)


def join_broken_lines(text: str) -> str:
    """Join a line to the next when the break falls mid-sentence.

    A line continues when it is not a heading and does not end a sentence, and the next line is
    neither a heading nor a new bullet, and starts in lower case (or the line ends with a comma or
    a word such as "the" that cannot end a sentence). A bare bullet glyph joins its item.
    """
    out: list[str] = []
    for line in text.split("\n"):
        if out and _continues(out[-1], line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


def _continues(previous: str, line: str) -> bool:
    before, after = previous.strip(), line.strip()
    if not before or not after or _HEADING.match(previous) or _HEADING.match(line):
        return False
    if before in {"-", "*", "+"}:
        return True
    if BULLET.match(line) or _SENTENCE_END.search(before):
        return False
    if after[0].islower() or after[0] in "([&":
        return True
    last_word = before.rsplit(maxsplit=1)[-1].lower()
    return before.endswith(",") or last_word in CONTINUING_WORDS


def tidy_whitespace(text: str) -> str:
    """Collapse runs of spaces and of blank lines; only bullets keep indentation (nesting)."""
    lines = []
    for line in text.split("\n"):
        body = " ".join(line.split())
        indent = line[: len(line) - len(line.lstrip())].replace("\t", "    ")
        lines.append(indent[:8] + body if body and BULLET.match(line) else body)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
