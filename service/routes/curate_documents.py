"""Curator documents: list, upload (ingested in the background, progress polled), remove."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from service.curation.ingestion import ingest_paths
from service.curation.jobs import IngestJob
from service.curation.uploads import check_upload, save_upload
from service.curation.workspace import DocumentPublic, list_documents
from service.http.auth import CsrfDep, require_curator
from service.http.templating import render_page

router = APIRouter(tags=["curate"], dependencies=[Depends(require_curator)])


class DocumentRemove(BaseModel):
    source: str


class DocumentRemoved(BaseModel):
    source: str
    removed: bool


def _services(request: Request) -> Any:
    return request.app.state.services


async def start_upload(request: Request, upload: UploadFile) -> IngestJob:
    """Check the file by content and size, save it, and ingest it in the background."""
    services = _services(request)
    settings = services.settings
    limit = settings.security.max_upload_bytes
    content = await upload.read(limit + 1)
    name = check_upload(upload.filename or "document", content, max_bytes=limit)
    path = save_upload(name, content, directory=settings.uploads_dir)
    kb = services.kb

    def work() -> str:
        report, errors = ingest_paths(
            [path],
            kb=kb,
            max_tokens=settings.index.chunk_max_tokens,
            overlap_tokens=settings.index.chunk_overlap_tokens,
        )
        if report is None:
            raise ValueError("; ".join(errors) or f"{name} could not be read")
        state = "unchanged" if report.unchanged else "indexed"
        return f"{name} {state}: {report.chunks_written} new passages in the knowledge base."

    job: IngestJob = services.jobs.submit(name, work)
    return job


def remove_document(request: Request, source: str) -> DocumentRemoved:
    services = _services(request)
    removed = services.kb.remove_document(source)
    uploaded = services.settings.uploads_dir / source
    if removed and uploaded.parent == services.settings.uploads_dir and uploaded.is_file():
        uploaded.unlink()
    return DocumentRemoved(source=source, removed=removed)


@router.get("/curate/documents", response_class=HTMLResponse, include_in_schema=False)
def read_documents_page(request: Request, removed: str | None = None) -> HTMLResponse:
    settings = _services(request).settings
    return render_page(
        request,
        "curate/documents.html",
        {
            "active": "curate",
            "documents": list_documents(_services(request).kb),
            "removed": removed,
            "max_mb": settings.security.max_upload_bytes / 1024 / 1024,
        },
    )


@router.get("/api/curate/documents", response_model=list[DocumentPublic])
def list_documents_json(request: Request) -> list[DocumentPublic]:
    """Every document in the knowledge base, briefings included."""
    return list_documents(_services(request).kb)


@router.post("/curate/documents", include_in_schema=False, dependencies=[CsrfDep])
async def create_document_page(
    request: Request, file: Annotated[UploadFile, File()]
) -> RedirectResponse:
    job = await start_upload(request, file)
    return RedirectResponse(f"/curate/jobs/{job.id}", status_code=303)


@router.post(
    "/api/curate/documents", response_model=IngestJob, status_code=202, dependencies=[CsrfDep]
)
async def create_document(request: Request, file: Annotated[UploadFile, File()]) -> IngestJob:
    """Upload a PDF, Markdown, HTML or text file; poll ``/api/curate/jobs/{id}``."""
    return await start_upload(request, file)


@router.post("/curate/documents/remove", include_in_schema=False, dependencies=[CsrfDep])
def remove_document_page(
    request: Request, source: Annotated[str, Form(max_length=500)]
) -> RedirectResponse:
    result = remove_document(request, source)
    flag = "yes" if result.removed else "no"
    return RedirectResponse(f"/curate/documents?removed={flag}", status_code=303)


@router.post("/api/curate/documents/remove", response_model=DocumentRemoved, dependencies=[CsrfDep])
def remove_document_json(request: Request, body: DocumentRemove) -> DocumentRemoved:
    """Remove a document (all its passages) from the knowledge base."""
    return remove_document(request, body.source)


@router.get("/curate/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def read_job_page(request: Request, job_id: str) -> HTMLResponse:
    job = _services(request).jobs.get(job_id)
    return render_page(request, "curate/job.html", {"active": "curate", "job": job})


@router.get("/api/curate/jobs/{job_id}", response_model=IngestJob)
def read_job(request: Request, job_id: str) -> IngestJob:
    """An upload's ingest progress: queued, running, done or failed."""
    job: IngestJob = _services(request).jobs.get(job_id)
    return job
