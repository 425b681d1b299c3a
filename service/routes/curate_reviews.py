"""Review flags (signed-in only): contacts and briefings due for review, and "mark as checked"."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse

from service.curation.review_store import ReviewKind
from service.curation.reviews import ReviewItem, ReviewQueue, list_review_queue, mark_checked
from service.http.auth import CsrfDep, CuratorDep, require_curator
from service.http.deps import Services, ServicesDep

router = APIRouter(tags=["curate"], dependencies=[Depends(require_curator)])


def read_review_queue(services: Services) -> ReviewQueue:
    return list_review_queue(
        services.routes,
        services.stores.briefings,
        services.stores.reviews,
        max_age_months=services.settings.review.max_age_months,
    )


def _mark(services: Services, kind: ReviewKind, item_id: str, user: str) -> ReviewItem:
    return mark_checked(
        kind,
        item_id,
        checked_by=user,
        book=services.routes,
        briefings=services.stores.briefings,
        store=services.stores.reviews,
    )


@router.get("/api/curate/reviews", response_model=ReviewQueue)
def list_reviews_json(services: ServicesDep) -> ReviewQueue:
    """Contacts and briefings due for review, and those up to date."""
    return read_review_queue(services)


@router.post("/curate/reviews/{kind}/{item_id}", include_in_schema=False, dependencies=[CsrfDep])
def mark_checked_page(
    services: ServicesDep, kind: ReviewKind, item_id: str, user: CuratorDep
) -> RedirectResponse:
    item = _mark(services, kind, item_id, user)
    return RedirectResponse(f"/curate?checked={quote(item.name)}#reviews", status_code=303)


@router.post(
    "/api/curate/reviews/{kind}/{item_id}", response_model=ReviewItem, dependencies=[CsrfDep]
)
def mark_checked_json(
    services: ServicesDep, kind: ReviewKind, item_id: str, user: CuratorDep
) -> ReviewItem:
    """Record that the signed-in curator checked a contact or briefing today."""
    return _mark(services, kind, item_id, user)
