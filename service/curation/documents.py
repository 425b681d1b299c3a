"""Curator documents: upload (checked, saved, ingested in the background) and removal."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from kb.index import KnowledgeBase
from service.config import Settings
from service.curation.ingestion import BRIEFING_SOURCE_PREFIX, ingest_paths
from service.curation.jobs import IngestJob, JobRunner
from service.curation.uploads import check_upload, discard_upload, keep_upload, stage_upload


class DocumentProtected(ValueError):
    """Raised when asked to remove a briefing's passages as if they were an uploaded document."""


class DocumentRemove(BaseModel):
    source: str


class DocumentRemoved(BaseModel):
    source: str
    removed: bool


def start_upload(
    filename: str, content: bytes, *, settings: Settings, kb: KnowledgeBase, jobs: JobRunner
) -> IngestJob:
    """Check the file by content and size, stage it, and ingest it in the background.

    The file replaces the stored copy only after it is ingested; a failure deletes it.
    """
    name = check_upload(filename, content, max_bytes=settings.security.max_upload_bytes)
    staged = stage_upload(name, content, directory=settings.uploads_dir)

    def work() -> str:
        try:
            report, errors = ingest_paths(
                [staged],
                kb=kb,
                max_tokens=settings.index.chunk_max_tokens,
                overlap_tokens=settings.index.chunk_overlap_tokens,
            )
            if report is None:
                raise ValueError("; ".join(errors) or f"{name} could not be read")
        except BaseException:
            discard_upload(staged)
            raise
        keep_upload(staged, directory=settings.uploads_dir)
        state = "unchanged" if report.unchanged else "indexed"
        return f"{name} {state}: {report.chunks_written} new passages in the knowledge base."

    return jobs.submit(name, work)


def remove_document(kb: KnowledgeBase, uploads_dir: Path, source: str) -> DocumentRemoved:
    """Remove a document's passages from the index, and its file if it was uploaded.

    Briefings are not documents here: a published one is taken out by unpublishing it.
    """
    if source.startswith(BRIEFING_SOURCE_PREFIX):
        raise DocumentProtected(
            f"{source} is a briefing: unpublish it on its curation page instead of removing it"
        )
    removed = kb.remove_document(source)
    uploaded = uploads_dir / source
    if removed and uploaded.parent == uploads_dir and uploaded.is_file():
        uploaded.unlink()
    return DocumentRemoved(source=source, removed=removed)
