"""Curator sign-in and sign-out: ``/login`` and ``/logout``, with ``/api/login`` as the twin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from service.http.auth import CsrfDep, LoginFailed, current_curator, log_out, sign_in
from service.http.templating import render_page

router = APIRouter(tags=["curate"])


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class SessionPublic(BaseModel):
    username: str | None


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/curate"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def read_login_page(
    request: Request, next: Annotated[str | None, Query(max_length=300)] = None
) -> Response:
    if current_curator(request):
        return RedirectResponse(_safe_next(next), status_code=303)
    return render_page(request, "login.html", {"next": _safe_next(next)})


@router.post("/login", response_class=HTMLResponse, include_in_schema=False, dependencies=[CsrfDep])
def create_login_session(
    request: Request,
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=300)] = "/curate",
) -> Response:
    try:
        sign_in(request, username, password)
    except LoginFailed as e:
        return render_page(
            request,
            "login.html",
            {"next": _safe_next(next), "error": str(e), "username": username},
            status_code=401,
        )
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False, dependencies=[CsrfDep])
def delete_login_session(request: Request) -> RedirectResponse:
    log_out(request)
    return RedirectResponse("/", status_code=303)


@router.get("/api/session", response_model=SessionPublic)
def read_session(request: Request) -> SessionPublic:
    """Who is signed in, if anyone."""
    return SessionPublic(username=current_curator(request))


@router.post("/api/login", response_model=SessionPublic, dependencies=[CsrfDep])
def create_api_session(request: Request, body: LoginRequest) -> SessionPublic:
    """Sign in (send the CSRF token from ``GET /api/csrf`` in ``X-CSRF-Token``)."""
    return SessionPublic(username=sign_in(request, body.username, body.password))


@router.get("/api/csrf")
def read_csrf_token(request: Request) -> dict[str, str]:
    """This session's CSRF token, for clients that POST JSON."""
    from service.http.auth import csrf_token

    return {"csrf_token": csrf_token(request)}
