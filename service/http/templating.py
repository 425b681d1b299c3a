"""Jinja2 pages: one environment (autoescaped), shared context, and ``render_page``.

Templates live in ``web/templates`` (partials start with ``_``), CSS and JS in ``web/static``.
Every page gets the branding, the emergency banner (from the curated routes data, never
hard-coded), the logged-in curator if any, and a ``csrf_token()`` for forms.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from service.chat.rendering import render_answer_html, source_href
from service.chat.schemas import ChatResponse, Citation
from service.config import PROJECT_ROOT
from service.http.auth import CSRF_FIELD, csrf_token, current_curator
from service.referrals.finder import emergency_banner

TEMPLATES_DIR = PROJECT_ROOT / "web" / "templates"
STATIC_DIR = PROJECT_ROOT / "web" / "static"
# A citation marker in an answer: "[3]".
_MARKER = re.compile(r"\[(\d+)\]")
# A Markdown bullet at the start of a line of a passage.
_LIST_MARKER = re.compile(r"(^|\n)[ \t]*[-*+][ \t]+")


def cite_segments(answer: str, citations: list[Citation]) -> list[tuple[str, Citation | None]]:
    """Split an answer into text runs and citation markers (each paired with its citation)."""
    by_number = {c.n: c for c in citations}
    segments: list[tuple[str, Citation | None]] = []
    cursor = 0
    for match in _MARKER.finditer(answer):
        citation = by_number.get(int(match.group(1)))
        if citation is None:
            continue
        segments.append((answer[cursor : match.start()], None))
        segments.append((match.group(0), citation))
        cursor = match.end()
    segments.append((answer[cursor:], None))
    return [s for s in segments if s[0]]


def answer_html(answer: ChatResponse) -> str:
    """The answer's sanitised HTML (rendered now if the response came without it)."""
    return answer.answer_html or render_answer_html(answer.answer, answer.citations)


def citation_where(citation: Citation) -> str:
    """Section, page and date of a citation, without repeating the document's title."""
    section = citation.section or ""
    for separator in (" > ", " — ", " - ", ": "):
        if section.startswith(citation.title + separator):
            section = section[len(citation.title + separator) :]
    if section == citation.title:
        section = ""
    page = f"page {citation.page}" if citation.page else ""
    return " · ".join(x for x in (section, page, citation.date or "") if x)


def show_bullets(text: str) -> str:
    """Markdown list markers at the start of a line shown as bullets ("- x" becomes "• x")."""
    return _LIST_MARKER.sub(r"\1• ", text)


def is_safe_href(url: object) -> bool:
    """Only web and site-relative links from documents become links (no ``javascript:``)."""
    return isinstance(url, str) and url.startswith(("https://", "http://", "/"))


def _page_context(request: Request) -> dict[str, Any]:
    services = getattr(request.app.state, "services", None)
    return {
        "branding": request.app.state.settings.branding,
        # The banner names the out-of-hours team only where the route book is these documents'.
        "banner": emergency_banner(services.chat.routes_here()) if services is not None else None,
        "curator": current_curator(request) if "session" in request.scope else None,
        "csrf_field": CSRF_FIELD,
        "csrf_token": lambda: csrf_token(request),
    }


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR, context_processors=[_page_context])
    templates.env.autoescape = True
    templates.env.trim_blocks = True
    templates.env.lstrip_blocks = True
    templates.env.globals["cite_segments"] = cite_segments
    templates.env.globals["answer_html"] = answer_html
    templates.env.globals["source_href"] = source_href
    templates.env.globals["citation_where"] = citation_where
    templates.env.filters["bullets"] = show_bullets
    templates.env.tests["safe_href"] = is_safe_href
    return templates


def render_page(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, name, context or {}, status_code=status_code)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def wants_html(request: Request) -> bool:
    """Pages answer errors in HTML for browsers; the API and other clients get JSON."""
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")
