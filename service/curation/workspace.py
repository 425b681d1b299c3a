"""The curator workspace's operations; each backs one ``/curate`` page and its ``/api/curate`` twin.

Saving, publishing and unpublishing a briefing re-syncs just that briefing into the index, so the
chat cites a newly published fact at once and stops citing an unpublished one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from briefings.model import SECTION_TITLES, Briefing, validate_briefing
from briefings.store import BriefingStore
from kb.index import KnowledgeBase
from service.curation.briefing_views import BriefingSummary, summarise
from service.curation.stores import Stores, resync_briefing

# Rows shown on the feedback and unanswered pages.
LIST_LIMIT = 200


class CuratedBriefing(BriefingSummary):
    status: Literal["draft", "published"]


class BriefingSave(BaseModel):
    """A whole briefing from the edit form (or JSON); ``base_version`` guards against lost edits."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    slug: str = Field(max_length=100)
    title: str
    summary: str
    tags: list[str] = Field(default_factory=list)
    owner: str = ""
    published: date | None = None
    review: date | None = None
    status: Literal["draft", "published"] = "draft"
    contacts: list[str] = Field(default_factory=list)
    sections: dict[str, str] = Field(default_factory=dict)
    base_version: int | None = Field(
        None, description="Version the edit started from: 0 for a new briefing."
    )


class SavedBriefing(BaseModel):
    slug: str
    version: int
    status: Literal["draft", "published"]


class VersionPublic(BaseModel):
    version: int
    author: str
    created_at: datetime
    status: Literal["draft", "published"]
    is_current: bool


class FeedbackRow(BaseModel):
    id: int
    created_at: datetime
    conversation_id: str
    rating: Literal["up", "down"]
    reason: str | None


class UnansweredGroup(BaseModel):
    question: str = Field(description="Latest wording, already redacted.")
    times_asked: int
    last_asked: datetime


class DocumentPublic(BaseModel):
    source: str
    title: str
    kind: str
    date: str | None
    chunk_count: int
    ingested_at: str


class Dashboard(BaseModel):
    published: int
    drafts: int
    documents: int
    feedback_down: int
    unanswered: int


def list_all_briefings(store: BriefingStore) -> list[CuratedBriefing]:
    return [
        CuratedBriefing(**summarise(b).model_dump(), status=b.status)
        for b in store.list_briefings()
    ]


def save_briefing(
    stores: Stores, body: BriefingSave, *, author: str, kb: KnowledgeBase
) -> SavedBriefing:
    """Validate and store a new version, then make the index match its status."""
    data: dict[str, Any] = body.model_dump(exclude={"base_version"})
    data["sections"] = {key: body.sections.get(key, "") for key, _ in SECTION_TITLES}
    briefing = validate_briefing(data, origin=f"briefing {body.slug!r}")
    version = stores.briefings.save_briefing(
        briefing, author=author, base_version=body.base_version
    )
    resync_briefing(stores.briefings, briefing.slug, kb=kb)
    return SavedBriefing(slug=briefing.slug, version=version, status=briefing.status)


def set_briefing_status(
    stores: Stores,
    slug: str,
    status: Literal["draft", "published"],
    *,
    author: str,
    kb: KnowledgeBase,
) -> SavedBriefing:
    store = stores.briefings
    version = (
        store.publish(slug, author=author)
        if status == "published"
        else store.unpublish(slug, author=author)
    )
    resync_briefing(store, slug, kb=kb)
    return SavedBriefing(slug=slug, version=version, status=status)


def read_curated_briefing(store: BriefingStore, slug: str) -> tuple[Briefing, int]:
    """The current version and its number (the edit form's ``base_version``)."""
    current = next(v for v in store.list_versions(slug) if v.is_current)
    return store.get_briefing(slug), current.version


def list_versions(store: BriefingStore, slug: str) -> list[VersionPublic]:
    return [
        VersionPublic.model_validate(v, from_attributes=True)
        for v in reversed(store.list_versions(slug))
    ]


def list_feedback(stores: Stores) -> list[FeedbackRow]:
    return [
        FeedbackRow.model_validate(f, from_attributes=True)
        for f in stores.feedback.list_feedback(LIST_LIMIT)
    ]


def list_unanswered(stores: Stores) -> list[UnansweredGroup]:
    return [
        UnansweredGroup(question=q, times_asked=n, last_asked=last)
        for q, n, last in stores.feedback.list_unanswered_grouped(LIST_LIMIT)
    ]


def list_documents(kb: KnowledgeBase) -> list[DocumentPublic]:
    return [
        DocumentPublic(
            source=d.source,
            title=d.meta.title,
            kind=d.meta.kind,
            date=d.meta.date,
            chunk_count=d.chunk_count,
            ingested_at=d.ingested_at,
        )
        for d in sorted(kb.list_documents(), key=lambda d: d.source)
    ]


def read_dashboard(stores: Stores, kb: KnowledgeBase) -> Dashboard:
    briefings = stores.briefings.list_briefings()
    published = sum(1 for b in briefings if b.status == "published")
    return Dashboard(
        published=published,
        drafts=len(briefings) - published,
        documents=len(kb.list_documents()),
        feedback_down=sum(
            1 for f in stores.feedback.list_feedback(LIST_LIMIT) if f.rating == "down"
        ),
        unanswered=len(stores.feedback.list_unanswered_grouped()),
    )
