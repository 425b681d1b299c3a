"""Curator documents: list, upload (ingested in the background, progress polled), remove."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from service.curation.documents import (
    DocumentRemove,
    DocumentRemoved,
    remove_document,
    start_upload,
)
from service.curation.jobs import IngestJob
from service.curation.workspace import DocumentPublic, list_documents
from service.http.auth import CsrfDep, require_curator
from service.http.deps import Services, ServicesDep
from service.http.templating import render_page

router = APIRouter(tags=["curate"], dependencies=[Depends(require_curator)])


async def _upload(services: Services, upload: UploadFile) -> IngestJob:
    limit = services.settings.security.max_upload_bytes
    content = await upload.read(limit + 1)
    return start_upload(
        upload.filename or "document",
        content,
        settings=services.settings,
        kb=services.kb,
        jobs=services.jobs,
    )


@router.get("/curate/documents", response_class=HTMLResponse, include_in_schema=False)
def read_documents_page(
    request: Request, services: ServicesDep, removed: str | None = None
) -> HTMLResponse:
    settings = services.settings
    return render_page(
        request,
        "curate/documents.html",
        {
            "active": "curate",
            "documents": list_documents(services.kb),
            "removed": removed,
            "max_mb": settings.security.max_upload_bytes / 1024 / 1024,
        },
    )


@router.get("/api/curate/documents", response_model=list[DocumentPublic])
def list_documents_json(services: ServicesDep) -> list[DocumentPublic]:
    """Every document in the knowledge base, briefings included."""
    return list_documents(services.kb)


@router.post("/curate/documents", include_in_schema=False, dependencies=[CsrfDep])
async def create_document_page(
    services: ServicesDep, file: Annotated[UploadFile, File()]
) -> RedirectResponse:
    job = await _upload(services, file)
    return RedirectResponse(f"/curate/jobs/{job.id}", status_code=303)


@router.post(
    "/api/curate/documents", response_model=IngestJob, status_code=202, dependencies=[CsrfDep]
)
async def create_document(services: ServicesDep, file: Annotated[UploadFile, File()]) -> IngestJob:
    """Upload a PDF, Markdown, HTML or text file; poll ``/api/curate/jobs/{id}``."""
    return await _upload(services, file)


@router.post("/curate/documents/remove", include_in_schema=False, dependencies=[CsrfDep])
def remove_document_page(
    services: ServicesDep, source: Annotated[str, Form(max_length=500)]
) -> RedirectResponse:
    result = remove_document(services.kb, services.settings.uploads_dir, source)
    flag = "yes" if result.removed else "no"
    return RedirectResponse(f"/curate/documents?removed={flag}", status_code=303)


@router.post("/api/curate/documents/remove", response_model=DocumentRemoved, dependencies=[CsrfDep])
def remove_document_json(services: ServicesDep, body: DocumentRemove) -> DocumentRemoved:
    """Remove a document (all its passages) from the knowledge base."""
    return remove_document(services.kb, services.settings.uploads_dir, body.source)


@router.get("/curate/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def read_job_page(request: Request, services: ServicesDep, job_id: str) -> HTMLResponse:
    job = services.jobs.get(job_id)
    return render_page(request, "curate/job.html", {"active": "curate", "job": job})


@router.get("/api/curate/jobs/{job_id}", response_model=IngestJob)
def read_job(services: ServicesDep, job_id: str) -> IngestJob:
    """An upload's ingest progress: queued, running, done or failed."""
    job: IngestJob = services.jobs.get(job_id)
    return job
