"""Staleness as data: contacts not checked within the configured age and briefings past their
review date are "due for review". Curators see them listed on the dashboard and mark each as
checked (recorded with who and when); practitioners see "due for review" next to the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field

from briefings.model import Briefing
from briefings.store import BriefingStore
from service.curation.review_store import ReviewKind, ReviewStore, UnknownReviewItem
from service.referrals.route_book import RouteBook, add_months


class ReviewItem(BaseModel):
    """A contact or briefing and where it stands."""

    kind: ReviewKind
    item_id: str
    name: str
    last_checked: date | None = Field(description="When the details were last confirmed.")
    due: date | None = Field(description="When it is (or was) due for review.")
    due_for_review: bool
    checked_by: str | None = Field(None, description="Who marked it as checked last, if anyone.")
    href: str


class ReviewQueue(BaseModel):
    """What the curator dashboard lists: items due first, oldest first."""

    max_age_months: int
    due: list[ReviewItem]
    up_to_date: list[ReviewItem]


@dataclass(frozen=True)
class BriefingReviews:
    """Briefing checks and the configured age, to judge each briefing."""

    checks: dict[str, date]
    max_age_months: int

    def due_date(self, briefing: Briefing) -> date | None:
        """Its review date, or a check plus the configured age, whichever is later."""
        checked = self.checks.get(briefing.slug)
        after_check = add_months(checked, self.max_age_months) if checked else None
        dates = [d for d in (briefing.review, after_check) if d]
        return max(dates) if dates else None

    def is_due(self, briefing: Briefing, today: date) -> bool:
        due = self.due_date(briefing)
        return due is not None and due <= today


def briefing_reviews(store: ReviewStore, *, max_age_months: int) -> BriefingReviews:
    checks = {k: c.checked_at.date() for k, c in store.latest_checks("briefing").items()}
    return BriefingReviews(checks=checks, max_age_months=max_age_months)


def apply_contact_checks(book: RouteBook, store: ReviewStore) -> None:
    """Contacts marked as checked since the routes file was written count from that check."""
    known = {c.id for c in book.contacts}
    for contact_id, check in store.latest_checks("contact").items():
        if contact_id in known:
            book.record_check(contact_id, check.checked_at.date())


def list_review_queue(
    book: RouteBook,
    briefings: BriefingStore,
    store: ReviewStore,
    *,
    max_age_months: int,
    today: date | None = None,
) -> ReviewQueue:
    today = today or date.today()
    contact_checks = store.latest_checks("contact")
    items = [
        ReviewItem(
            kind="contact",
            item_id=c.id,
            name=c.name,
            last_checked=c.last_verified,
            due=c.review_due,
            due_for_review=c.due_for_review(today),
            checked_by=contact_checks[c.id].checked_by if c.id in contact_checks else None,
            href="/referrals",
        )
        for c in book.contacts
    ]
    reviews = briefing_reviews(store, max_age_months=max_age_months)
    briefing_checks = store.latest_checks("briefing")
    for b in briefings.list_briefings(status="published"):
        check = briefing_checks.get(b.slug)
        items.append(
            ReviewItem(
                kind="briefing",
                item_id=b.slug,
                name=b.title,
                last_checked=check.checked_at.date() if check else b.published,
                due=reviews.due_date(b),
                due_for_review=reviews.is_due(b, today),
                checked_by=check.checked_by if check else None,
                href=f"/briefings/{b.slug}",
            )
        )
    items.sort(key=lambda i: (i.due or date.max, i.name))
    return ReviewQueue(
        max_age_months=max_age_months,
        due=[i for i in items if i.due_for_review],
        up_to_date=[i for i in items if not i.due_for_review],
    )


def mark_checked(
    kind: ReviewKind,
    item_id: str,
    *,
    checked_by: str,
    book: RouteBook,
    briefings: BriefingStore,
    store: ReviewStore,
) -> ReviewItem:
    """Record that ``checked_by`` confirmed the item today; returns it as it now stands."""
    if kind == "contact" and item_id not in {c.id for c in book.contacts}:
        raise UnknownReviewItem(f"no contact {item_id!r} in the referral routes file")
    if kind == "briefing":
        published = {b.slug for b in briefings.list_briefings(status="published")}
        if item_id not in published:
            raise UnknownReviewItem(f"no published briefing {item_id!r}")
    check = store.record_check(kind, item_id, checked_by=checked_by)
    if kind == "contact":
        book.record_check(item_id, check.checked_at.date())
    return ReviewItem(
        kind=kind,
        item_id=item_id,
        name=book.contact(item_id).name if kind == "contact" else item_id,
        last_checked=check.checked_at.date(),
        due=None,
        due_for_review=False,
        checked_by=checked_by,
        href="/referrals" if kind == "contact" else f"/briefings/{item_id}",
    )
