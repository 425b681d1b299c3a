"""Background ingest jobs: a curator's upload is indexed in a worker thread, polled by id."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field

logger = logging.getLogger(__name__)

# Finished jobs kept for the status page; older ones are forgotten.
MAX_JOBS = 200

JobState = Literal["queued", "running", "done", "failed"]


class JobNotFound(LookupError):
    """Raised when a job id is unknown (or so old it was forgotten)."""


class IngestJob(BaseModel):
    id: str
    filename: str
    state: JobState = "queued"
    message: str = Field(
        default="Waiting to start.", description="Progress or the outcome, in words."
    )
    created: datetime
    finished: datetime | None = None


class JobRunner:
    """One worker: ingests run one at a time, so the index has a single writer."""

    def __init__(self) -> None:
        self._jobs: dict[str, IngestJob] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")

    def submit(self, filename: str, work: Callable[[], str]) -> IngestJob:
        """Queue ``work`` (returns a summary line; raises on failure) and return the job."""
        job = IngestJob(id=uuid.uuid4().hex[:16], filename=filename, created=datetime.now(UTC))
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[:-MAX_JOBS]:
                del self._jobs[old]
        self._pool.submit(self._run, job.id, work)
        return job.model_copy()

    def get(self, job_id: str) -> IngestJob:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise JobNotFound(f"no ingest job {job_id!r}; it may have finished long ago")
            return job.model_copy()

    def _update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = job.model_copy(update=changes)

    def _run(self, job_id: str, work: Callable[[], str]) -> None:
        self._update(job_id, state="running", message="Reading and indexing the document.")
        try:
            message = work()
        except Exception as e:  # reported to the curator on the status page, not swallowed
            logger.exception("ingest job failed job=%s", job_id)
            self._update(job_id, state="failed", message=str(e), finished=datetime.now(UTC))
            return
        self._update(job_id, state="done", message=message, finished=datetime.now(UTC))

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
