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
from service.curation.reviews import BriefingReviews
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
    due_for_review: bool = Field(
        False, description="Past its review date and not checked since: shown, never hidden."
    )
    last_checked: date | None = Field(None, description="When a curator last checked it.")


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


def summarise(briefing: Briefing, reviews: BriefingReviews | None = None) -> BriefingSummary:
    today = date.today()
    return BriefingSummary(
        due_for_review=reviews.is_due(briefing, today)
        if reviews
        else bool(briefing.review and briefing.review <= today),
        last_checked=reviews.checks.get(briefing.slug) if reviews else None,
        slug=briefing.slug,
        title=briefing.title,
        summary=briefing.summary,
        tags=list(briefing.tags),
        owner=briefing.owner,
        published=briefing.published,
        review=briefing.review,
    )


def list_published_briefings(
    store: BriefingStore,
    *,
    tag: str | None = None,
    q: str | None = None,
    reviews: BriefingReviews | None = None,
) -> BriefingList:
    found = store.list_briefings(status="published", tag=tag or None, query=q or None)
    return BriefingList(
        briefings=[summarise(b, reviews) for b in found],
        tags=store.all_tags(),
        tag=tag or None,
        q=q or None,
    )


def read_briefing(
    store: BriefingStore, routes: RouteBook, slug: str, *, reviews: BriefingReviews | None = None
) -> BriefingPublic:
    """A published briefing; drafts are ``BriefingNotFound`` to the public."""
    briefing = store.get_briefing(slug)
    if briefing.status != "published":
        raise BriefingNotFound(f"no published briefing {slug!r}; see /briefings for the list")
    return present_briefing(briefing, routes, reviews=reviews)


def present_briefing(
    briefing: Briefing, routes: RouteBook, *, reviews: BriefingReviews | None = None
) -> BriefingPublic:
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
        **summarise(briefing, reviews).model_dump(),
        sections=sections,
        questions=briefing.questions,
        contacts=[contact_card(routes.contact(c)) for c in briefing.contacts if c in known],
    )


def list_starter_questions(store: BriefingStore, *, limit: int = 6) -> list[str]:
    """Up to ``limit`` questions to start a conversation: one from each published briefing."""
    questions = [b.questions[0] for b in store.list_briefings(status="published") if b.questions]
    return questions[:limit]
