"""The curator workspace (signed-in only): dashboard, briefings (edit, versions, publish),
feedback and unanswered questions. JSON twins live under ``/api/curate``."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

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
from service.http.templating import render_page

router = APIRouter(tags=["curate"], dependencies=[Depends(require_curator)])


def _services(request: Request) -> Any:
    return request.app.state.services


# -- dashboard, feedback, unanswered -------------------------------------------------------------


@router.get("/curate", response_class=HTMLResponse, include_in_schema=False)
def read_dashboard_page(request: Request) -> HTMLResponse:
    s = _services(request)
    return render_page(
        request,
        "curate/dashboard.html",
        {"active": "curate", "dashboard": read_dashboard(s.stores, s.kb)},
    )


@router.get("/api/curate", response_model=Dashboard)
def read_dashboard_json(request: Request) -> Dashboard:
    """Counts for the curator dashboard."""
    s = _services(request)
    return read_dashboard(s.stores, s.kb)


@router.get("/curate/feedback", response_class=HTMLResponse, include_in_schema=False)
def read_feedback_page(request: Request) -> HTMLResponse:
    rows = list_feedback(_services(request).stores)
    return render_page(request, "curate/feedback.html", {"active": "curate", "feedback": rows})


@router.get("/api/curate/feedback", response_model=list[FeedbackRow])
def list_feedback_json(request: Request) -> list[FeedbackRow]:
    """Recent ratings of answers, newest first (reasons already redacted)."""
    return list_feedback(_services(request).stores)


@router.get("/curate/unanswered", response_class=HTMLResponse, include_in_schema=False)
def read_unanswered_page(request: Request) -> HTMLResponse:
    groups = list_unanswered(_services(request).stores)
    return render_page(request, "curate/unanswered.html", {"active": "curate", "groups": groups})


@router.get("/api/curate/unanswered", response_model=list[UnansweredGroup])
def list_unanswered_json(request: Request) -> list[UnansweredGroup]:
    """Questions the documents did not answer, grouped, most asked first (redacted)."""
    return list_unanswered(_services(request).stores)


# -- briefings -----------------------------------------------------------------------------------


@router.get("/curate/briefings", response_class=HTMLResponse, include_in_schema=False)
def read_curated_briefings_page(request: Request) -> HTMLResponse:
    rows = list_all_briefings(_services(request).stores.briefings)
    return render_page(request, "curate/briefings.html", {"active": "curate", "briefings": rows})


@router.get("/api/curate/briefings", response_model=list[CuratedBriefing])
def list_curated_briefings(request: Request) -> list[CuratedBriefing]:
    """Every briefing, drafts included."""
    return list_all_briefings(_services(request).stores.briefings)


@router.get("/curate/briefings/new", response_class=HTMLResponse, include_in_schema=False)
def read_new_briefing_page(request: Request) -> HTMLResponse:
    return _edit_form(request, None, BriefingSave(slug="", title="", summary="", base_version=0))


@router.get("/curate/briefings/{slug}/edit", response_class=HTMLResponse, include_in_schema=False)
def read_edit_briefing_page(request: Request, slug: str) -> HTMLResponse:
    briefing, version = read_curated_briefing(_services(request).stores.briefings, slug)
    form = BriefingSave(**briefing.model_dump(), base_version=version)
    return _edit_form(request, slug, form)


@router.get("/api/curate/briefings/{slug}", response_model=BriefingSave)
def read_curated_briefing_json(request: Request, slug: str) -> BriefingSave:
    """The current version of a briefing, with ``base_version`` to send back when saving."""
    briefing, version = read_curated_briefing(_services(request).stores.briefings, slug)
    return BriefingSave(**briefing.model_dump(), base_version=version)


@router.post(
    "/curate/briefings",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[CsrfDep],
)
async def create_briefing_page(request: Request, user: CuratorDep) -> Response:
    """Save from the edit form (new or existing): every save is a new version."""
    form = await request.form()
    s = _services(request)
    original = form.get("original_slug")
    original_slug = original if isinstance(original, str) and original else None
    try:
        body = _form_to_save(form)
        saved = save_briefing(s.stores, body, author=user, kb=s.kb)
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
def create_briefing_json(request: Request, body: BriefingSave, user: CuratorDep) -> SavedBriefing:
    """Save a briefing (``base_version`` 0 for new, else the version you edited)."""
    s = _services(request)
    return save_briefing(s.stores, body, author=user, kb=s.kb)


@router.get(
    "/curate/briefings/{slug}/versions", response_class=HTMLResponse, include_in_schema=False
)
def read_versions_page(request: Request, slug: str, saved: int | None = None) -> HTMLResponse:
    store = _services(request).stores.briefings
    versions = list_versions(store, slug)
    briefing = store.get_briefing(slug)
    return render_page(
        request,
        "curate/versions.html",
        {"active": "curate", "briefing": briefing, "versions": versions, "saved": saved},
    )


@router.get("/api/curate/briefings/{slug}/versions", response_model=list[VersionPublic])
def list_versions_json(request: Request, slug: str) -> list[VersionPublic]:
    """Every saved version, newest first, with who saved it and when."""
    return list_versions(_services(request).stores.briefings, slug)


@router.post("/curate/briefings/{slug}/{action}", include_in_schema=False, dependencies=[CsrfDep])
def set_status_page(
    request: Request, slug: str, action: Literal["publish", "unpublish"], user: CuratorDep
) -> Response:
    s = _services(request)
    status: Literal["draft", "published"] = "published" if action == "publish" else "draft"
    try:
        saved = set_briefing_status(s.stores, slug, status, author=user, kb=s.kb)
    except InvalidBriefing as e:
        briefing, version = read_curated_briefing(s.stores.briefings, slug)
        form = BriefingSave(**briefing.model_dump(), base_version=version)
        return _edit_form(request, slug, form, str(e), 422)
    return RedirectResponse(
        f"/curate/briefings/{slug}/versions?saved={saved.version}", status_code=303
    )


@router.post(
    "/api/curate/briefings/{slug}/{action}", response_model=SavedBriefing, dependencies=[CsrfDep]
)
def set_status_json(
    request: Request, slug: str, action: Literal["publish", "unpublish"], user: CuratorDep
) -> SavedBriefing:
    """Publish (into the library and the index) or unpublish (back to draft) a briefing."""
    s = _services(request)
    status: Literal["draft", "published"] = "published" if action == "publish" else "draft"
    return set_briefing_status(s.stores, slug, status, author=user, kb=s.kb)


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
        "base_version": int(base) if base.isdigit() else None,
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
            _services(request).stores.briefings.get_briefing(slug)
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
            "contacts": _services(request).routes.contacts,
        },
        status_code=status_code,
    )
