"""Answers as safe HTML: Markdown paragraphs, lists and numbered steps; ``[n]`` markers as links
to their passages; web addresses, phone numbers and emails as web, ``tel:`` and ``mailto:`` links.

markdown-it renders with raw HTML off, links are added to text runs only (never inside a tag or
an existing link), and nh3 cleans the result against an allow-list, as for briefings.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote as urlquote

from markdown_it import MarkdownIt

from briefings.render import LINKABLE, contact_link, link_runs, sanitize_html
from service.chat.schemas import Citation

# What becomes a link in an answer: a citation marker, a web or email address, a phone number.
_ANSWER_LINKABLE = re.compile(rf"(?P<cite>\[(?P<n>\d+)\])|{LINKABLE.pattern}")
# Attributes an answer's links carry: the passage they open, its quote and a spoken label.
_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "class", "data-chunk-id", "data-quote", "aria-label"},
    "ol": {"start"},
}
_markdown = MarkdownIt("commonmark", {"html": False})


def source_href(citation: Citation) -> str:
    """The cited passage's own page, with the quoted words to mark."""
    return f"/sources/{citation.chunk_id}?quote={urlquote(citation.quote, safe='')}"


def render_answer_html(answer: str, citations: list[Citation]) -> str:
    """The Markdown answer as HTML that is safe to insert into a page unescaped."""
    by_number = {c.n: c for c in citations}
    linked = link_runs(_markdown.render(answer), _ANSWER_LINKABLE, lambda m: _link(m, by_number))
    return sanitize_html(linked, attributes=_ATTRIBUTES)


def _link(match: re.Match[str], by_number: dict[int, Citation]) -> str:
    if not match.group("cite"):
        return contact_link(match)
    citation = by_number.get(int(match.group("n")))
    if citation is None:
        return match.group(0)
    label = html.escape(f"Source {citation.n}: {citation.title}")
    return (
        f'<a href="{html.escape(source_href(citation))}" class="citation-link" '
        f'data-chunk-id="{html.escape(citation.chunk_id)}" '
        f'data-quote="{html.escape(citation.quote)}" aria-label="{label}">{match.group(0)}</a>'
    )
