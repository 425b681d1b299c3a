"""The briefing library as pages and JSON: published briefings only, sections rendered safely.

``list_published_briefings`` backs ``/briefings`` and ``/api/briefings``; ``read_briefing`` backs
``/briefings/{slug}``, its print view and ``/api/briefings/{slug}``.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from briefings.errors import BriefingNotFound
from briefings.model import SECTION_TITLES, Briefing
from briefings.render import render_markdown
from briefings.store import BriefingStore
from service.referrals.cards import ContactCard, contact_card
from service.referrals.route_book import RouteBook


class BriefingSummary(BaseModel):
    slug: str
    title: str
    summary: str
    tags: list[str]
    owner: str
    published: date | None
    review: date | None


class BriefingList(BaseModel):
    briefings: list[BriefingSummary]
    tags: list[str] = Field(description="Every tag in use, for filtering.")
    tag: str | None = None
    q: str | None = None


class BriefingSection(BaseModel):
    key: str
    heading: str
    markdown: str
    html: str = Field(description="The section rendered from Markdown and sanitised.")


class BriefingPublic(BriefingSummary):
    """A whole published briefing, ready to show."""

    sections: list[BriefingSection]
    questions: list[str]
    contacts: list[ContactCard] = Field(description="Curated contacts resolved from route data.")


def summarise(briefing: Briefing) -> BriefingSummary:
    return BriefingSummary(
        slug=briefing.slug,
        title=briefing.title,
        summary=briefing.summary,
        tags=list(briefing.tags),
        owner=briefing.owner,
        published=briefing.published,
        review=briefing.review,
    )


def list_published_briefings(
    store: BriefingStore, *, tag: str | None = None, q: str | None = None
) -> BriefingList:
    found = store.list_briefings(status="published", tag=tag or None, query=q or None)
    return BriefingList(
        briefings=[summarise(b) for b in found], tags=store.all_tags(), tag=tag or None, q=q or None
    )


def read_briefing(store: BriefingStore, routes: RouteBook, slug: str) -> BriefingPublic:
    """A published briefing; drafts are ``BriefingNotFound`` to the public."""
    briefing = store.get_briefing(slug)
    if briefing.status != "published":
        raise BriefingNotFound(f"no published briefing {slug!r}; see /briefings for the list")
    return present_briefing(briefing, routes)


def present_briefing(briefing: Briefing, routes: RouteBook) -> BriefingPublic:
    known = {c.id for c in routes.contacts}
    sections = [
        BriefingSection(
            key=key,
            heading=heading,
            markdown=briefing.sections.get(key, ""),
            html=render_markdown(briefing.sections.get(key, "")),
        )
        for key, heading in SECTION_TITLES
    ]
    return BriefingPublic(
        **summarise(briefing).model_dump(),
        sections=sections,
        questions=briefing.questions,
        contacts=[contact_card(routes.contact(c)) for c in briefing.contacts if c in known],
    )


def list_starter_questions(store: BriefingStore, *, limit: int = 6) -> list[str]:
    """Up to ``limit`` questions to start a conversation: one from each published briefing."""
    questions = [b.questions[0] for b in store.list_briefings(status="published") if b.questions]
    return questions[:limit]
