"""The briefing library: ``/briefings`` (search, tag filter), each briefing, its print view, and
the JSON twins under ``/api/briefings``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from service.curation.briefing_views import (
    BriefingList,
    BriefingPublic,
    list_published_briefings,
    read_briefing,
)
from service.http.deps import ServicesDep, StoresDep
from service.http.templating import render_page

router = APIRouter(tags=["briefings"])

TagParam = Annotated[str | None, Query(max_length=100, description="Only briefings with this tag")]
SearchParam = Annotated[str | None, Query(max_length=200, description="Words to search for")]


def _briefing(services: ServicesDep, slug: str) -> BriefingPublic:
    return read_briefing(services.stores.briefings, services.routes, slug)


BriefingDep = Annotated[BriefingPublic, Depends(_briefing)]


@router.get("/briefings", response_class=HTMLResponse, include_in_schema=False)
def read_briefings_page(
    request: Request, stores: StoresDep, tag: TagParam = None, q: SearchParam = None
) -> HTMLResponse:
    listing = list_published_briefings(stores.briefings, tag=tag, q=q)
    return render_page(request, "briefings.html", {"listing": listing})


@router.get("/api/briefings", response_model=BriefingList)
def list_briefings(stores: StoresDep, tag: TagParam = None, q: SearchParam = None) -> BriefingList:
    """Published 7-minute briefings, optionally filtered by tag and search words."""
    return list_published_briefings(stores.briefings, tag=tag, q=q)


@router.get("/briefings/{slug}", response_class=HTMLResponse, include_in_schema=False)
def read_briefing_page(request: Request, briefing: BriefingDep) -> HTMLResponse:
    return render_page(request, "briefing.html", {"briefing": briefing})


@router.get("/briefings/{slug}/print", response_class=HTMLResponse, include_in_schema=False)
def read_briefing_print_page(request: Request, briefing: BriefingDep) -> HTMLResponse:
    return render_page(request, "briefing_print.html", {"briefing": briefing})


@router.get("/api/briefings/{slug}", response_model=BriefingPublic)
def read_briefing_json(briefing: BriefingDep) -> BriefingPublic:
    """One published briefing: sections as Markdown and sanitised HTML, contacts resolved."""
    return briefing
