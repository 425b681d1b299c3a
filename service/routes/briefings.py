"""The briefing library: ``/briefings`` (search, tag filter), each briefing, its print view, and
the JSON twins under ``/api/briefings``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from service.curation.briefing_views import (
    BriefingList,
    BriefingPublic,
    list_published_briefings,
    read_briefing,
)
from service.curation.reviews import BriefingReviews, briefing_reviews
from service.http.deps import ServicesDep, SettingsDep, StoresDep
from service.http.templating import render_page

router = APIRouter(tags=["briefings"])

TagParam = Annotated[str | None, Query(max_length=100, description="Only briefings with this tag")]
SearchParam = Annotated[str | None, Query(max_length=200, description="Words to search for")]


def _reviews(stores: StoresDep, settings: SettingsDep) -> BriefingReviews:
    return briefing_reviews(stores.reviews, max_age_months=settings.review.max_age_months)


ReviewsDep = Annotated[BriefingReviews, Depends(_reviews)]


def _briefing(services: ServicesDep, reviews: ReviewsDep, slug: str) -> BriefingPublic:
    return read_briefing(services.stores.briefings, services.routes, slug, reviews=reviews)


BriefingDep = Annotated[BriefingPublic, Depends(_briefing)]


@router.get("/briefings", response_class=HTMLResponse, include_in_schema=False)
def read_briefings_page(
    request: Request,
    stores: StoresDep,
    reviews: ReviewsDep,
    tag: TagParam = None,
    q: SearchParam = None,
) -> HTMLResponse:
    listing = list_published_briefings(stores.briefings, tag=tag, q=q, reviews=reviews)
    return render_page(request, "briefings.html", {"listing": listing})


@router.get("/api/briefings", response_model=BriefingList)
def list_briefings(
    stores: StoresDep, reviews: ReviewsDep, tag: TagParam = None, q: SearchParam = None
) -> BriefingList:
    """Published 7-minute briefings, optionally filtered by tag and search words."""
    return list_published_briefings(stores.briefings, tag=tag, q=q, reviews=reviews)


@router.get("/briefings/{slug}", response_class=HTMLResponse, include_in_schema=False)
def read_briefing_page(request: Request, briefing: BriefingDep) -> HTMLResponse:
    return render_page(request, "briefing.html", {"briefing": briefing})


@router.get("/briefings/{slug}/print", response_class=HTMLResponse, include_in_schema=False)
def read_briefing_print_page(request: Request, briefing: BriefingDep) -> HTMLResponse:
    context = {"briefing": briefing, "printed_on": date.today()}
    return render_page(request, "briefing_print.html", context)


@router.get("/api/briefings/{slug}", response_model=BriefingPublic)
def read_briefing_json(briefing: BriefingDep) -> BriefingPublic:
    """One published briefing: sections as Markdown and sanitised HTML, contacts resolved."""
    return briefing
