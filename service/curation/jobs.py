"""Background ingest jobs: a curator's upload is indexed in a worker thread, polled by id.

The job's state is a database row, so a poll that lands on another worker or host finds it. On
PostgreSQL the worker running a job holds an advisory lock named after it, so a poll from any
host can tell a running job from one whose process died (its lock is free): that job is marked
failed at once. Elsewhere a job not finished after ``STALE_AFTER`` is reported as failed.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Engine, delete, update
from sqlalchemy.orm import Session

from db.locks import advisory_lock, held_elsewhere
from service.curation.job_tables import IngestJobRow

logger = logging.getLogger(__name__)

# Finished jobs are kept this long for the status page, then forgotten.
KEEP_FINISHED = timedelta(days=7)
# A job not finished after this long belonged to a process that stopped (or is stuck).
STALE_AFTER = timedelta(hours=2)
# What a curator is told about a job whose worker stopped before finishing it.
WORKER_STOPPED = "The worker stopped before finishing; upload it again."

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
    """One worker thread per process; job state lives in the database.

    A status poll answered by any worker (or host) sees the job; a job whose process stopped
    before finishing is reported as failed once it is ``STALE_AFTER`` old.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")

    def submit(self, filename: str, work: Callable[[], str]) -> IngestJob:
        """Queue ``work`` (returns a summary line; raises on failure) and return the job."""
        row = IngestJobRow(
            id=uuid.uuid4().hex[:16],
            filename=filename,
            state="queued",
            message="Waiting to start.",
            created=datetime.now(UTC),
        )
        with Session(self._engine) as session, session.begin():
            session.add(row)
            job = _public(row)
            cutoff = datetime.now(UTC) - KEEP_FINISHED
            session.execute(
                delete(IngestJobRow).where(
                    IngestJobRow.finished.is_not(None), IngestJobRow.finished < cutoff
                )
            )
        self._pool.submit(self._run, job.id, work)
        return job

    def get(self, job_id: str) -> IngestJob:
        job = self._read(job_id)
        if (
            job.state == "running"
            and self._locks_jobs
            and not held_elsewhere(self._engine, _lock_name(job_id))
        ):
            # Free: its worker died, or finished after the read; the row now tells which.
            job = self._read(job_id)
            if job.finished is None:
                logger.warning("ingest job orphaned by a stopped worker job=%s", job_id)
                now = datetime.now(UTC)
                self._update(job_id, state="failed", message=WORKER_STOPPED, finished=now)
                job = job.model_copy(
                    update={"state": "failed", "message": WORKER_STOPPED, "finished": now}
                )
        if job.finished is None and datetime.now(UTC) - job.created > STALE_AFTER:
            job = job.model_copy(update={"state": "failed", "message": WORKER_STOPPED})
        return job

    def _read(self, job_id: str) -> IngestJob:
        with Session(self._engine) as session:
            row = session.get(IngestJobRow, job_id)
            if row is None:
                raise JobNotFound(f"no ingest job {job_id!r}; it may have finished long ago")
            return _public(row)

    @property
    def _locks_jobs(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    @contextmanager
    def _running(self, job_id: str) -> Iterator[None]:
        """Hold the job's advisory lock (PostgreSQL) from before it is marked running until
        after it is marked finished."""
        if not self._locks_jobs:
            yield
            return
        with advisory_lock(self._engine, _lock_name(job_id)):
            yield

    def _update(self, job_id: str, **changes: object) -> None:
        with Session(self._engine) as session, session.begin():
            session.execute(update(IngestJobRow).where(IngestJobRow.id == job_id).values(**changes))

    def _run(self, job_id: str, work: Callable[[], str]) -> None:
        with self._running(job_id):
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


def _lock_name(job_id: str) -> str:
    return f"safeguide:ingest-job:{job_id}"


def _public(row: IngestJobRow) -> IngestJob:
    return IngestJob.model_validate(row, from_attributes=True)
