"""Briefing Markdown to safe HTML: markdown-it renders, nh3 sanitises against an allow-list.

Raw HTML in the Markdown is escaped by markdown-it (``html`` off) and anything that still slips
through is removed by nh3, so briefing text can never inject script into a page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt

from ingest.language import PHONE

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

# Web addresses, email addresses and phone numbers in text become links (trailing punctuation
# stays text): "www.redbridgescp.org.uk." links the address, not the full stop.
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LINKABLE = re.compile(
    rf"(?P<url>{URL.pattern})|(?P<email>{EMAIL.pattern})|(?P<phone>{PHONE.pattern})"
)
_TAG = re.compile(r"(<[^>]+>)")

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> str:
    """Render Markdown to HTML that is safe to insert into a page unescaped."""
    return sanitize_html(link_runs(_markdown.render(text), LINKABLE, contact_link))


def link_runs(markup: str, pattern: re.Pattern[str], link: Callable[[re.Match[str]], str]) -> str:
    """Apply ``link`` to each match of ``pattern`` in the text of ``markup`` (rendered, escaped
    HTML): never inside a tag, and never inside an existing link."""
    parts = _TAG.split(markup)
    in_link = 0
    for i, part in enumerate(parts):
        if part.startswith("<"):
            in_link += part.startswith("<a ") - part.startswith("</a")
        elif part and not in_link:
            parts[i] = pattern.sub(link, part)
    return "".join(parts)


def contact_link(match: re.Match[str]) -> str:
    """A ``LINKABLE`` match (in escaped HTML text) as a web, ``mailto:`` or ``tel:`` link."""
    text = match.group(0)
    if match.group("url"):
        address = html.unescape(text)
        href = address if address.startswith("http") else "https://" + address
        return f'<a href="{html.escape(href)}">{text}</a>'
    if match.group("email"):
        return f'<a href="mailto:{text}">{text}</a>'
    return f'<a href="tel:{re.sub(r"[^0-9+]", "", text)}">{text}</a>'


def sanitize_html(html: str, *, attributes: dict[str, set[str]] | None = None) -> str:
    """Keep only allow-listed tags, attributes and link schemes; add ``rel`` to every link."""
    allowed = attributes if attributes is not None else ALLOWED_ATTRIBUTES
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in allowed.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
    )
