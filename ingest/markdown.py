"""Markdown (and heading-marked text): front matter to metadata, ATX headings to section paths."""

from __future__ import annotations

import re
from typing import Any

from ingest.cleaning import clean_text
from ingest.meta import humanise_stem, meta_fields, parse_yaml_mapping
from ingest.model import DocumentMeta, Section
from ingest.tables import FENCE, flatten_pipe_tables

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# Inline Markdown: strong and emphasis markers, images, links, code spans. The words stay; a
# link keeps its address after its text ("book here (https://...)"), for answers that give it.
# Underscores inside words, addresses and paths ("__init__", "/_draft_/", "_team_@x.org") stay.
_BEFORE = r"(?<![\w/@.\\])"
_AFTER = r"(?![\w/@\\]|\.\w)"  # "_arrangement_." ends a sentence; "_x_.org" is an address
_STRONG = re.compile(rf"\*\*(?=\S)(.+?)(?<=\S)\*\*|{_BEFORE}__(?=\S)([^_\n]+?)(?<=\S)__{_AFTER}")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"
    rf"|{_BEFORE}_(?=\S)([^_\n]+?)(?<=\S)_{_AFTER}"
)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE = re.compile(r"`([^`\n]+)`")
# An ordered list item ("1. ...", "2) "): an item, as an HTML <ol>'s are, not a paragraph's
# number. As in CommonMark, only "1." starts a list in the middle of a paragraph: "...until
# they are\n21. They can ask" is a paragraph going on.
_ORDERED_ITEM = re.compile(r"^( {0,3})(\d{1,3})[.)][ \t]+")
_BULLET_ITEM = re.compile(r"^ {0,3}[-*+][ \t]+")


def read_markdown(text: str, *, name: str) -> tuple[DocumentMeta, list[Section]]:
    """Split Markdown into cleaned sections; title from front matter, first H1, or file name."""
    fields: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        fields = meta_fields(parse_yaml_mapping(match.group(1) or "", name=name), name=name)
        text = text[match.end() :]
    text = plain_inline(flatten_pipe_tables(text))
    sections = split_sections(text, clean=True)
    fields.setdefault("title", first_h1(text) or humanise_stem(name.rsplit(".", 1)[0]))
    return DocumentMeta(**fields), sections


def plain_inline(text: str) -> str:
    """Inline Markdown as the words it marks up: "**under 16**" reads "under 16"; ordered list
    items as items ("1. **Early help.** ..." reads "- Early help. ...")."""
    text = _as_items(text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(
        lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text
    )
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(lambda m: m.group(1) or m.group(2), text)
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)


def _as_items(text: str) -> str:
    """Ordered list items as "- " items: after a blank line or another item, or numbered 1."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        item = _ORDERED_ITEM.match(line)
        if item is None:
            continue
        before = lines[index - 1] if index else ""
        opens = not before.strip() or item.group(2) == "1"
        if opens or _ORDERED_ITEM.match(before) or _BULLET_ITEM.match(before):
            lines[index] = f"{item.group(1)}- {line[item.end() :]}"
    return "\n".join(lines)


def split_sections(text: str, *, clean: bool) -> list[Section]:
    """One ``Section`` per heading's body (heading lines excluded); empty bodies dropped.

    ``#`` lines inside fenced code blocks are not headings.
    """
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    body: list[str] = []
    in_fence = False

    def close() -> None:
        content = "\n".join(body)
        content = clean_text(content) if clean else content.strip()
        if content:
            sections.append(Section(headings=tuple(title for _, title in path), text=content))
        body.clear()

    for line in text.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading is None:
            body.append(line)
            continue
        close()
        level = len(heading.group(1))
        title = " ".join(heading.group(2).split())
        path[:] = [(lvl, t) for lvl, t in path if lvl < level]
        if title:
            path.append((level, title))
    close()
    return sections


def first_h1(text: str) -> str | None:
    for line in text.split("\n"):
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 1 and heading.group(2).strip():
            return " ".join(heading.group(2).split())
    return None
