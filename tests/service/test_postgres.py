"""On PostgreSQL: sessions, upload jobs and the index write lock are shared by every worker.

Starts a real PostgreSQL (Debian's package: ``initdb`` in a temporary folder, ``pg_ctl`` on a
free loopback port) and two service instances with separate data folders on the one database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from db import create_engine_for
from db.locks import advisory_lock
from service.app import INDEX_WRITE_LOCK, create_app, index_write_lock
from service.config import SecuritySettings, Settings
from service.http.sessions import SESSION_COOKIE
from tests.conftest import make_settings, sign_in_json
from tests.servers import postgres_server

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def _worker_settings(root: Path, database_url: str) -> Settings:
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "note.md").write_text("# Note\n\nA short note about wombat welfare.\n")
    (root / "briefings").mkdir()
    return make_settings(
        root / "var",
        database_url=database_url,
        corpus_dir=root / "corpus",
        briefings_dir=root / "briefings",
        security=SecuritySettings(session_secret=SecretStr("shared by every worker " * 3)),
    )


def test_two_workers_share_sessions_and_jobs(tmp_path: Path, database_url: str) -> None:
    app_a = create_app(_worker_settings(tmp_path / "a", database_url))
    app_b = create_app(_worker_settings(tmp_path / "b", database_url))
    with TestClient(app_a) as a, TestClient(app_b) as b:
        app_a.state.services.stores.users.create_user("curator", PASSWORD)
        token = sign_in_json(a, "curator", PASSWORD)
        cookie = a.cookies[SESSION_COOKIE]
        b.cookies.set(SESSION_COOKIE, cookie)
        assert b.get("/api/curate").status_code == 200

        upload = a.post(
            "/api/curate/documents",
            files={"file": ("numbat.md", b"# Numbats\n\nThe numbat register.\n")},
            headers={"X-CSRF-Token": token},
        )
        assert upload.status_code == 202, upload.text
        job_id = upload.json()["id"]
        for _ in range(120):
            job = b.get(f"/api/curate/jobs/{job_id}").json()
            if job["state"] in ("done", "failed"):
                break
            time.sleep(0.25)
        assert job["state"] == "done", job

        a.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert b.get("/api/curate").status_code == 401


def test_index_writers_wait_for_the_advisory_lock(tmp_path: Path, database_url: str) -> None:
    lock = index_write_lock(_worker_settings(tmp_path, database_url))
    assert lock is not None
    other_host = create_engine_for(database_url)
    acquired = threading.Event()

    def write() -> None:
        with lock.hold():
            acquired.set()

    try:
        with advisory_lock(other_host, INDEX_WRITE_LOCK):
            writer = threading.Thread(target=write)
            writer.start()
            assert not acquired.wait(timeout=1.5), "the writer did not wait for the lock"
        assert acquired.wait(timeout=30)
        writer.join(timeout=30)
    finally:
        other_host.dispose()
