"""The referral route finder: ``/referrals`` (a GET form, works without JavaScript) and its twin."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from service.http.deps import RouteBookDep
from service.http.templating import render_page
from service.referrals.finder import ReferralFinderResponse, find_referral_route

router = APIRouter(tags=["referrals"])

ConcernParam = Annotated[
    str | None, Query(max_length=64, description="A route id, e.g. disclosure")
]
AtParam = Annotated[datetime | None, Query(description="ISO date-time to preview (UK if naive)")]


@router.get("/referrals", response_class=HTMLResponse, include_in_schema=False)
def read_referrals_page(
    request: Request,
    routes: RouteBookDep,
    concern: ConcernParam = None,
    at: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    # The page's datetime-local field may be empty; an empty value means now. A time that can't
    # be read is an error on the form, with the advice for now below it.
    try:
        when = datetime.fromisoformat(at) if at else None
    except ValueError:
        finder = find_referral_route(routes, concern or None)
        context = {
            "finder": finder,
            "at_value": at,
            "at_error": "Enter the date and time like 2026-11-25T18:30, or leave it empty for now",
        }
        return render_page(request, "referrals.html", context, status_code=422)
    finder = find_referral_route(routes, concern or None, at=when)
    at_value = finder.at.strftime("%Y-%m-%dT%H:%M") if at else None
    return render_page(request, "referrals.html", {"finder": finder, "at_value": at_value})


@router.get("/api/referrals", response_model=ReferralFinderResponse)
def list_referral_contacts(
    routes: RouteBookDep, concern: ConcernParam = None, at: AtParam = None
) -> ReferralFinderResponse:
    """Who to contact about ``concern`` now (or at ``at``): emergency contact first."""
    return find_referral_route(routes, concern, at=at)
