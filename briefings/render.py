"""Briefing Markdown to safe HTML: markdown-it renders, nh3 sanitises against an allow-list.

Raw HTML in the Markdown is escaped by markdown-it (``html`` off) and anything that still slips
through is removed by nh3, so briefing text can never inject script into a page.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Tags a briefing may use: text structure, links, code and tables. Everything else is stripped.
ALLOWED_TAGS = frozenset(
    {
        *("p", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre", "br"),
        *("h2", "h3", "h4"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)
# Only links carry attributes; ``rel`` is added by nh3 (``LINK_REL``), never taken from the input.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Link schemes practitioners need: web pages, email addresses and phone numbers.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Links open other sites without giving them a handle on this page or the referring URL.
LINK_REL = "noopener noreferrer"

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> str:
    """Render Markdown to HTML that is safe to insert into a page unescaped."""
    return sanitize_html(_markdown.render(text))


def sanitize_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and link schemes; add ``rel`` to every link."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
    )
