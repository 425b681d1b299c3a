"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
def read_health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
def read_readiness(request: Request) -> JSONResponse:
    """The index is open and holds documents."""
    services = getattr(request.app.state, "services", None)
    kb = services.kb if services is not None else None
    documents = len(kb.list_documents()) if kb is not None else 0
    ready = documents > 0
    body = {
        "status": "ready" if ready else "not_ready",
        "documents": documents,
        "chunks": kb.count_chunks() if kb is not None else 0,
    }
    return JSONResponse(body, status_code=200 if ready else 503)
