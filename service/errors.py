"""One place that turns exceptions into HTTP responses, all in one JSON shape.

    {"error": {"error": "validation_error", "message": "...", "details": [...]}}
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb.errors import IndexNotBuilt, KnowledgeBaseError, VectorStoreUnavailable

logger = logging.getLogger(__name__)

_CODES = {400: "bad_request", 401: "unauthorised", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
          422: "validation_error", 429: "rate_limited", 503: "unavailable"}


def error_response(status: int, message: str, *, code: str | None = None,
                   details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": code or _CODES.get(status, "error"), "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


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


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, details = _describe(list(exc.errors()))
        return error_response(422, message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = getattr(exc, "headers", None)
        return error_response(exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(IndexNotBuilt)
    async def _not_built(request: Request, exc: IndexNotBuilt) -> JSONResponse:
        return error_response(503, f"{exc}; run `safeguide ingest`", code="index_not_built")

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
