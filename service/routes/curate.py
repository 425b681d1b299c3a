"""The curator workspace (signed-in only): dashboard, briefings (edit, versions, publish),
feedback and unanswered questions. JSON twins live under ``/api/curate``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from briefings.errors import BriefingConflict, BriefingNotFound, InvalidBriefing
from briefings.model import SECTION_TITLES
from service.curation.workspace import (
    BriefingSave,
    CuratedBriefing,
    Dashboard,
    FeedbackRow,
    SavedBriefing,
    UnansweredGroup,
    VersionPublic,
    list_all_briefings,
    list_feedback,
    list_unanswered,
    list_versions,
    read_curated_briefing,
    read_dashboard,
    save_briefing,
    set_briefing_status,
)
from service.http.auth import CsrfDep, CuratorDep, require_curator
from service.http.deps import Services, ServicesDep, get_services
from service.http.templating import render_page
from service.routes.curate_reviews import read_review_queue

router = APIRouter(tags=["curate"], dependencies=[Depends(require_curator)])

CheckedParam = Annotated[str | None, Query(max_length=200, description="Just marked as checked")]


# -- dashboard, feedback, unanswered -------------------------------------------------------------


@router.get("/curate", response_class=HTMLResponse, include_in_schema=False)
def read_dashboard_page(
    request: Request, services: ServicesDep, checked: CheckedParam = None
) -> HTMLResponse:
    context = {
        "active": "curate",
        "dashboard": read_dashboard(services.stores, services.kb),
        "reviews": read_review_queue(services),
        "checked": checked,
    }
    return render_page(request, "curate/dashboard.html", context)


@router.get("/api/curate", response_model=Dashboard)
def read_dashboard_json(services: ServicesDep) -> Dashboard:
    """Counts for the curator dashboard."""
    return read_dashboard(services.stores, services.kb)


def _add_listing(
    name: str, key: str, load: Callable[[Services], Sequence[BaseModel]], item: type[BaseModel]
) -> None:
    """``/curate/{name}``, a page, and its JSON twin ``/api/curate/{name}``: one loader."""

    def read_page(request: Request, services: ServicesDep) -> HTMLResponse:
        context = {"active": "curate", key: load(services)}
        return render_page(request, f"curate/{name}.html", context)

    def list_json(services: ServicesDep) -> Sequence[BaseModel]:
        return load(services)

    list_json.__doc__ = load.__doc__
    router.add_api_route(
        f"/curate/{name}", read_page, response_class=HTMLResponse, include_in_schema=False
    )
    router.add_api_route(
        f"/api/curate/{name}",
        list_json,
        response_model=list[item],  # type: ignore[valid-type]
        name=f"list_curated_{name}",
    )


def _target_status(action: Literal["publish", "unpublish"]) -> Literal["draft", "published"]:
    return "published" if action == "publish" else "draft"


# The status a publish/unpublish URL asks for.
TargetStatus = Annotated[Literal["draft", "published"], Depends(_target_status)]


def _feedback(services: Services) -> list[FeedbackRow]:
    """Recent ratings of answers, newest first (reasons already redacted)."""
    return list_feedback(services.stores)


def _unanswered(services: Services) -> list[UnansweredGroup]:
    """Questions the documents did not answer, grouped, most asked first (redacted)."""
    return list_unanswered(services.stores)


def _briefings(services: Services) -> list[CuratedBriefing]:
    """Every briefing, drafts included."""
    return list_all_briefings(services.stores.briefings)


_add_listing("feedback", "feedback", _feedback, FeedbackRow)
_add_listing("unanswered", "groups", _unanswered, UnansweredGroup)
_add_listing("briefings", "briefings", _briefings, CuratedBriefing)


@router.get("/curate/briefings/new", response_class=HTMLResponse, include_in_schema=False)
def read_new_briefing_page(request: Request) -> HTMLResponse:
    return _edit_form(request, None, BriefingSave(slug="", title="", summary="", base_version=0))


@router.get("/curate/briefings/{slug}/edit", response_class=HTMLResponse, include_in_schema=False)
def read_edit_briefing_page(request: Request, services: ServicesDep, slug: str) -> HTMLResponse:
    briefing, version = read_curated_briefing(services.stores.briefings, slug)
    form = BriefingSave(**briefing.model_dump(), base_version=version)
    return _edit_form(request, slug, form)


@router.get("/api/curate/briefings/{slug}", response_model=BriefingSave)
def read_curated_briefing_json(services: ServicesDep, slug: str) -> BriefingSave:
    """The current version of a briefing, with ``base_version`` to send back when saving."""
    briefing, version = read_curated_briefing(services.stores.briefings, slug)
    return BriefingSave(**briefing.model_dump(), base_version=version)


@router.post(
    "/curate/briefings",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[CsrfDep],
)
async def create_briefing_page(
    request: Request, services: ServicesDep, user: CuratorDep
) -> Response:
    """Save from the edit form (new or existing): every save is a new version."""
    form = await request.form()
    original = form.get("original_slug")
    original_slug = original if isinstance(original, str) and original else None
    try:
        body = _form_to_save(form)
        # Re-embedding and the BM25 rebuild take seconds: off the event loop.
        saved = await run_in_threadpool(
            save_briefing, services.stores, body, author=user, kb=services.kb
        )
    except ValidationError as e:
        message = "; ".join(
            f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors(include_url=False)
        )
        return _edit_form(request, original_slug, _raw(form), message, 422)
    except (InvalidBriefing, BriefingConflict) as e:
        return _edit_form(
            request,
            original_slug,
            _raw(form),
            str(e),
            409 if isinstance(e, BriefingConflict) else 422,
        )
    return RedirectResponse(
        f"/curate/briefings/{saved.slug}/versions?saved={saved.version}", status_code=303
    )


@router.post(
    "/api/curate/briefings", response_model=SavedBriefing, status_code=201, dependencies=[CsrfDep]
)
def create_briefing_json(
    services: ServicesDep, body: BriefingSave, user: CuratorDep
) -> SavedBriefing:
    """Save a briefing (``base_version`` 0 for new, else the version you edited)."""
    return save_briefing(services.stores, body, author=user, kb=services.kb)


@router.get(
    "/curate/briefings/{slug}/versions", response_class=HTMLResponse, include_in_schema=False
)
def read_versions_page(
    request: Request, services: ServicesDep, slug: str, saved: int | None = None
) -> HTMLResponse:
    store = services.stores.briefings
    versions = list_versions(store, slug)
    briefing = store.get_briefing(slug)
    return render_page(
        request,
        "curate/versions.html",
        {"active": "curate", "briefing": briefing, "versions": versions, "saved": saved},
    )


@router.get("/api/curate/briefings/{slug}/versions", response_model=list[VersionPublic])
def list_versions_json(services: ServicesDep, slug: str) -> list[VersionPublic]:
    """Every saved version, newest first, with who saved it and when."""
    return list_versions(services.stores.briefings, slug)


@router.post("/curate/briefings/{slug}/{action}", include_in_schema=False, dependencies=[CsrfDep])
def set_status_page(
    request: Request, services: ServicesDep, slug: str, status: TargetStatus, user: CuratorDep
) -> Response:
    try:
        saved = set_briefing_status(services.stores, slug, status, author=user, kb=services.kb)
    except InvalidBriefing as e:
        briefing, version = read_curated_briefing(services.stores.briefings, slug)
        form = BriefingSave(**briefing.model_dump(), base_version=version)
        return _edit_form(request, slug, form, str(e), 422)
    return RedirectResponse(
        f"/curate/briefings/{slug}/versions?saved={saved.version}", status_code=303
    )


@router.post(
    "/api/curate/briefings/{slug}/{action}", response_model=SavedBriefing, dependencies=[CsrfDep]
)
def set_status_json(
    services: ServicesDep, slug: str, status: TargetStatus, user: CuratorDep
) -> SavedBriefing:
    """Publish (into the library and the index) or unpublish (back to draft) a briefing."""
    return set_briefing_status(services.stores, slug, status, author=user, kb=services.kb)


# -- the edit form ------------------------------------------------------------------------------


def _form_values(form: Any) -> dict[str, Any]:
    def text(name: str) -> str:
        value = form.get(name)
        return value.strip() if isinstance(value, str) else ""

    base = text("base_version")
    return {
        "slug": text("slug"),
        "title": text("title"),
        "summary": text("summary"),
        "tags": [t.strip() for t in text("tags").split(",") if t.strip()],
        "owner": text("owner"),
        "published": text("published") or None,
        "review": text("review") or None,
        "status": "published" if text("status") == "published" else "draft",
        "contacts": [c for c in form.getlist("contacts") if isinstance(c, str)],
        "sections": {key: text(f"section_{key}") for key, _ in SECTION_TITLES},
        "base_version": int(base) if base.isdecimal() else None,
    }


def _form_to_save(form: Any) -> BriefingSave:
    return BriefingSave.model_validate(_form_values(form))


def _raw(form: Any) -> BriefingSave:
    """The form's values, unvalidated, to show again with the error."""
    return BriefingSave.model_construct(**_form_values(form))


def _edit_form(
    request: Request,
    slug: str | None,
    form: BriefingSave,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    if slug is not None:
        try:
            get_services(request).stores.briefings.get_briefing(slug)
        except BriefingNotFound:
            slug = None
    return render_page(
        request,
        "curate/edit.html",
        {
            "active": "curate",
            "slug": slug,
            "form": form,
            "error": error,
            "sections": SECTION_TITLES,
            "contacts": get_services(request).routes.contacts,
        },
        status_code=status_code,
    )
