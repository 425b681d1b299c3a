"""Upload jobs in the database: any worker reports them; a job whose worker died is failed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db import create_engine_for, init_db
from service.curation.job_tables import IngestJobRow
from service.curation.jobs import STALE_AFTER, WORKER_STOPPED, JobRunner


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, engine: Engine) -> Iterator[Engine]:
    if request.param == "sqlite":
        yield engine
        return
    pg = create_engine_for(request.getfixturevalue("postgres_url"))
    init_db(pg)
    yield pg
    pg.dispose()


def _orphan(database: Engine, *, age: timedelta = timedelta(0)) -> str:
    """A job row left 'running' by a worker that is gone (nothing holds its lock)."""
    job_id = "orphan"
    row = IngestJobRow(
        id=job_id,
        filename="x.md",
        state="running",
        message="Reading and indexing the document.",
        created=datetime.now(UTC) - age,
    )
    with Session(database) as session, session.begin():
        session.add(row)
    return job_id


def test_a_job_is_seen_running_then_done_by_another_runner(database: Engine) -> None:
    release = threading.Event()
    mine, theirs = JobRunner(database), JobRunner(database)
    try:
        job = mine.submit("a.md", lambda: "indexed" if release.wait(30) else "timed out")
        for _ in range(200):
            if theirs.get(job.id).state == "running":
                break
            threading.Event().wait(0.05)
        assert theirs.get(job.id).state == "running"  # its worker is alive: not orphaned
        release.set()
    finally:
        mine.shutdown()
    done = theirs.get(job.id)
    assert (done.state, done.message) == ("done", "indexed")


def test_a_job_whose_worker_died_is_reported_failed(database: Engine) -> None:
    runner = JobRunner(database)
    job_id = _orphan(database)
    job = runner.get(job_id)
    if database.dialect.name == "postgresql":  # its lock is free: failed at once, and stored
        assert (job.state, job.message) == ("failed", WORKER_STOPPED)
        assert JobRunner(database).get(job_id).finished is not None
    else:  # no locks to ask: only once it is stale
        assert job.state == "running"


def test_a_stale_job_is_reported_failed_anywhere(database: Engine) -> None:
    job_id = _orphan(database, age=STALE_AFTER + timedelta(minutes=1))
    assert JobRunner(database).get(job_id).state == "failed"
