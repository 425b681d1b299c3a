"""One place that turns exceptions into HTTP responses, all in one JSON shape.

{"error": {"error": "validation_error", "message": "...", "details": [...]}}
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from briefings.errors import BriefingConflict, BriefingNotFound, InvalidBriefing
from kb.errors import KnowledgeBaseError, VectorStoreUnavailable
from service.chat.sources import SourceNotFound
from service.chat.thread_store import ConversationNotFound
from service.curation.documents import DocumentProtected
from service.curation.jobs import JobNotFound
from service.curation.review_store import UnknownReviewItem
from service.curation.uploads import UploadRejected, UploadTooLarge
from service.http.auth import CsrfRejected, LoginFailed, LoginRequired
from service.http.ratelimit import RateLimited
from service.http.templating import render_page, wants_html
from service.referrals.finder import TimeOutOfRange, UnknownConcern

logger = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    503: "unavailable",
}


def error_response(
    status: int,
    message: str,
    *,
    code: str | None = None,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"error": code or _CODES.get(status, "error"), "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


# Page headings for errors shown as HTML.
_HEADINGS = {
    401: "Sign in to continue",
    403: "You cannot do that",
    404: "Page not found",
    413: "The file is too big",
    415: "That file cannot be used",
    422: "There is a problem with what you entered",
    429: "Too many requests",
}


def page_or_json_error(
    request: Request,
    status: int,
    message: str,
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """HTML error page for browsers on page routes, the JSON error shape for everything else."""
    if wants_html(request) and status < 500:
        heading = _HEADINGS.get(status, "Sorry, something went wrong")
        response = render_page(
            request, "error.html", {"heading": heading, "message": message}, status_code=status
        )
        for key, value in (headers or {}).items():
            response.headers[key] = value
        return response
    return error_response(status, message, code=code, headers=headers)


def _describe(errors: list[Any]) -> tuple[str, list[dict[str, Any]]]:
    details = []
    for e in errors:
        location = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        details.append({"field": location, "problem": e.get("msg", "invalid")})
    first = details[0] if details else {"field": "body", "problem": "invalid"}
    message = f"{first['field'] or 'request'}: {first['problem']}"
    if any(d["field"] == "question" for d in details):
        message += " (a question must be text of 1 to 2,000 characters)"
    return message, details


# Errors shown as a page (or, for /api, the JSON error shape): status and machine code.
_PAGE_ERRORS: dict[type[Exception], tuple[int, str | None]] = {
    CsrfRejected: (403, "csrf_failed"),
    LoginFailed: (401, None),
    RateLimited: (429, None),
    InvalidBriefing: (422, "invalid_briefing"),
    BriefingConflict: (409, "conflict"),
    TimeOutOfRange: (422, None),
    DocumentProtected: (409, "conflict"),
}
# Seconds a rate-limited client is told to wait.
RETRY_AFTER = {"Retry-After": "60"}


def _page_error_handler(
    status: int, code: str | None
) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, exc: Exception) -> Response:
        headers = RETRY_AFTER if status == 429 else None
        return page_or_json_error(request, status, str(exc), code=code, headers=headers)

    return handle


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, details = _describe(list(exc.errors()))
        return error_response(422, message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        return page_or_json_error(request, exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(LookupError)
    async def _not_found(request: Request, exc: LookupError) -> Response:
        if not isinstance(exc, _NOT_FOUND):
            return await _unexpected(request, exc)
        return page_or_json_error(request, 404, str(exc).strip("'\""))

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return error_response(401, str(exc))
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    for error, (status, code) in _PAGE_ERRORS.items():
        app.add_exception_handler(error, _page_error_handler(status, code))

    @app.exception_handler(UploadRejected)
    async def _upload(request: Request, exc: UploadRejected) -> Response:
        status = 413 if isinstance(exc, UploadTooLarge) else 415
        return page_or_json_error(request, status, str(exc))

    @app.exception_handler(VectorStoreUnavailable)
    async def _store_down(request: Request, exc: VectorStoreUnavailable) -> JSONResponse:
        return error_response(503, str(exc), code="vector_store_unavailable")

    @app.exception_handler(KnowledgeBaseError)
    async def _kb(request: Request, exc: KnowledgeBaseError) -> JSONResponse:
        return error_response(503, str(exc), code="knowledge_base_error")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error path=%s", request.url.path)
        return error_response(500, "something went wrong on our side; try again", code="internal")


# The named "not found" errors; other LookupErrors (a KeyError) are bugs, answered as 500.
_NOT_FOUND: tuple[type[LookupError], ...] = (
    SourceNotFound,
    UnknownConcern,
    JobNotFound,
    BriefingNotFound,
    ConversationNotFound,
    UnknownReviewItem,
)


class ErrorBody(BaseModel):
    """Every error has this shape."""

    error: str = Field(description="Machine-readable code, e.g. validation_error.")
    message: str = Field(description="What went wrong and how to fix it.")
    details: list[dict[str, object]] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody
