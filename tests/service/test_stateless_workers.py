"""Stateless web workers on real engines: PostgreSQL, a Chroma server and Redis, no shared folder.

Two (later three) real ``safeguide serve`` processes, each with its own empty data folder, share
one PostgreSQL (curator accounts, sessions, jobs, the chunk store and BM25), one Chroma server
(vectors) and one Redis (rate limits). A document uploaded through one is cited by another, a
logout on one ends the session on the other, the chat limit is one budget across both, and a
worker killed in the middle of an index write leaves the index whole and the lock free.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text

from db import create_engine_for
from db.locks import lock_key
from kb.vectors import VectorStore, open_client
from service.app import INDEX_WRITE_LOCK
from service.curation.jobs import WORKER_STOPPED
from service.http.sessions import SESSION_COOKIE
from tests.conftest import sign_in_json
from tests.servers import chroma_server, free_port, postgres_database, redis_server

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# This checkout's code, whichever checkout the virtualenv was installed from.
SAFEGUIDE = [sys.executable, "-m", "service.cli"]
PASSWORD = "correct horse battery staple"
# Chat requests per client a minute, across every worker (Redis counts them).
CHAT_LIMIT = 6
# The machine may be busy: the first worker embeds the bundled corpus before it is ready.
READY_TIMEOUT_S = 600.0
JOB_TIMEOUT_S = 300.0
# The rate-limit test speaks from a loopback address of its own, so its budget is its own.
OTHER_CLIENT = "127.0.0.2"


@dataclass
class Worker:
    name: str
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


@dataclass
class Cluster:
    root: Path
    env: dict[str, str]
    database: Engine
    workers: dict[str, Worker] = field(default_factory=dict)

    def start(self, name: str) -> Worker:
        """A ``safeguide serve`` process with its own, empty data folder."""
        data_dir, port = self.root / name, free_port()
        log = self.root / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*SAFEGUIDE, "serve", "--port", str(port)],
                env={**self.env, "SAFEGUIDE_DATA_DIR": str(data_dir)},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        worker = Worker(name, f"http://127.0.0.1:{port}", data_dir, process, log)
        self.workers[name] = worker
        return worker

    def wait_ready(self, worker: Worker) -> None:
        wait_for(lambda: _ready(worker), timeout=READY_TIMEOUT_S, what=f"worker {worker.name}")

    def stop(self) -> None:
        for worker in self.workers.values():
            if worker.process.poll() is None:
                worker.process.terminate()
        for worker in self.workers.values():
            try:
                worker.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()


def wait_for(check: Callable[[], Any], *, timeout: float, what: str) -> Any:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"{what}: not done after {timeout} s")


def _ready(worker: Worker) -> bool:
    if worker.process.poll() is not None:
        raise AssertionError(f"worker {worker.name} exited:\n{worker.log_tail()}")
    try:
        return httpx.get(f"{worker.url}/readyz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, postgres_server_url: str
) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("stateless")
    database_url = postgres_database(postgres_server_url)
    with redis_server() as redis_uri, chroma_server(root / "chroma") as chroma_port:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SAFEGUIDE_")},
            "SAFEGUIDE_DATABASE_URL": database_url,
            "SAFEGUIDE_INDEX__CHROMA_HOST": "127.0.0.1",
            "SAFEGUIDE_INDEX__CHROMA_PORT": str(chroma_port),
            "SAFEGUIDE_SECURITY__RATE_LIMIT_STORAGE": redis_uri,
            "SAFEGUIDE_SECURITY__CHAT_RATE_PER_MINUTE": str(CHAT_LIMIT),
            "SAFEGUIDE_SECURITY__SESSION_SECRET": "one secret every worker shares " * 2,
            "SAFEGUIDE_LOG_LEVEL": "INFO",
            "PYTHONPATH": str(REPO),
        }
        subprocess.run(
            [*SAFEGUIDE, "create-user", "curator", "--password-stdin"],
            input=f"{PASSWORD}\n".encode(),
            env={**env, "SAFEGUIDE_DATA_DIR": str(root / "admin")},
            check=True,
            capture_output=True,
        )
        database = create_engine_for(database_url)
        cluster = Cluster(root, env, database)
        try:
            # Both start at once: they migrate and index one at a time (advisory locks).
            a, b = cluster.start("a"), cluster.start("b")
            cluster.wait_ready(a)
            cluster.wait_ready(b)
            yield cluster
        finally:
            cluster.stop()
            database.dispose()


def _upload(client: httpx.Client, token: str, name: str, content: str) -> str:
    response = client.post(
        "/api/curate/documents",
        files={"file": (name, content.encode())},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 202, response.text
    job_id: str = response.json()["id"]
    return job_id


def _finished_job(client: httpx.Client, job_id: str) -> dict[str, Any]:
    def finished() -> dict[str, Any] | None:
        job: dict[str, Any] = client.get(f"/api/curate/jobs/{job_id}").json()
        return job if job["state"] in ("done", "failed") else None

    job: dict[str, Any] = wait_for(finished, timeout=JOB_TIMEOUT_S, what=f"job {job_id}")
    return job


def _search_finds(client: httpx.Client, query: str, source_end: str) -> bool:
    hits = client.get("/api/search", params={"q": query}).json()["hits"]
    return bool(hits) and str(hits[0]["source"]).endswith(source_end)


def test_a_document_uploaded_through_one_worker_is_cited_by_another(cluster: Cluster) -> None:
    a, b = cluster.workers["a"], cluster.workers["b"]
    note = (
        "# Quokka visits policy\n\n## Who approves visits\n\n"
        "Quokka visits to children's homes must be approved by the quokka panel.\n"
    )
    with httpx.Client(base_url=a.url, timeout=120) as on_a:
        token = sign_in_json(on_a, "curator", PASSWORD)
        job_id = _upload(on_a, token, "quokka.md", note)
        cookie = on_a.cookies[SESSION_COOKIE]
    with httpx.Client(base_url=b.url, timeout=120) as on_b:
        on_b.cookies.set(SESSION_COOKIE, cookie)
        assert _finished_job(on_b, job_id)["state"] == "done"  # the job lives in PostgreSQL
        # B reloads the BM25 generation from PostgreSQL within a second of it changing.
        wait_for(lambda: _search_finds(on_b, "quokka visits panel", "quokka.md"), timeout=30,
                 what="search on B")  # fmt: skip
        answer = on_b.post("/api/chat", json={"question": "Who approves quokka visits?"}).json()
    assert answer["grounded"]
    assert "quokka panel" in answer["answer"]
    assert any(c["source"].endswith("quokka.md") for c in answer["citations"])

    with cluster.database.connect() as connection:
        stored = connection.execute(
            text("SELECT count(*) FROM kb_documents WHERE source LIKE '%quokka.md'")
        ).scalar()
    assert stored == 1
    for worker in (a, b):  # nothing a web worker reads lives in its own folder
        index = worker.data_dir / "index"
        assert not (index / "chunks.sqlite3").exists(), worker.name
        assert not (index / "lexical").exists(), worker.name
        assert not (index / "chroma").exists(), worker.name


def test_logging_out_on_one_worker_ends_the_session_on_the_other(cluster: Cluster) -> None:
    a, b = cluster.workers["a"], cluster.workers["b"]
    with (
        httpx.Client(base_url=a.url, timeout=60) as on_a,
        httpx.Client(base_url=b.url, timeout=60) as on_b,
    ):
        token = sign_in_json(on_a, "curator", PASSWORD)
        cookie = on_a.cookies[SESSION_COOKIE]
        on_b.cookies.set(SESSION_COOKIE, cookie)
        assert on_b.get("/api/curate").status_code == 200

        logout = on_a.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert logout.status_code in (302, 303), logout.text

        on_b.cookies.set(SESSION_COOKIE, cookie)  # the very same cookie, replayed
        assert on_b.get("/api/curate").status_code in (401, 403)


def test_the_chat_rate_limit_is_one_budget_across_workers(cluster: Cluster) -> None:
    a, b = cluster.workers["a"], cluster.workers["b"]
    question = {"question": "What is private fostering?"}

    def client(worker: Worker) -> httpx.Client:
        transport = httpx.HTTPTransport(local_address=OTHER_CLIENT)
        return httpx.Client(base_url=worker.url, timeout=120, transport=transport)

    with client(a) as on_a, client(b) as on_b:
        statuses = [
            (on_a if i % 2 == 0 else on_b).post("/api/chat", json=question).status_code
            for i in range(CHAT_LIMIT)
        ]
        assert statuses == [200] * CHAT_LIMIT  # half on each worker
        assert on_a.post("/api/chat", json=question).status_code == 429
        assert on_b.post("/api/chat", json=question).status_code == 429


def _write_lock_held(database: Engine) -> bool:
    key = lock_key(INDEX_WRITE_LOCK)
    high, low = (key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF
    with database.connect() as connection:
        held = connection.execute(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND classid::bigint = :high AND objid::bigint = :low"
            ),
            {"high": high, "low": low},
        ).scalar()
    return bool(held)


def _big_handbook(sections: int = 300) -> str:
    parts = [
        f"## Bilby procedure {i}\n\n"
        + " ".join(
            f"Step {j} of bilby procedure {i} asks the keeper to record burrow {i * 10 + j}."
            for j in range(6)
        )
        for i in range(sections)
    ]
    return "# Bilby handbook\n\n" + "\n\n".join(parts) + "\n"


def test_a_worker_killed_mid_write_leaves_the_index_whole(cluster: Cluster) -> None:
    b = cluster.workers["b"]
    c = cluster.start("c")
    cluster.wait_ready(c)
    with (
        httpx.Client(base_url=b.url, timeout=120) as on_b,
        httpx.Client(base_url=c.url, timeout=120) as on_c,
    ):
        token = sign_in_json(on_b, "curator", PASSWORD)
        on_c.cookies.set(SESSION_COOKIE, on_b.cookies[SESSION_COOKIE])
        vectors = VectorStore(
            open_client(host="127.0.0.1", port=int(cluster.env["SAFEGUIDE_INDEX__CHROMA_PORT"])),
            collection="safeguide",
        )
        before = vectors.count()
        job_id = _upload(on_c, token, "bilby-handbook.md", _big_handbook())
        wait_for(lambda: _write_lock_held(cluster.database), timeout=JOB_TIMEOUT_S,
                 what="C taking the index write lock")  # fmt: skip
        # C embeds the whole document, then writes: vectors to Chroma, then the chunk store.
        # Kill it as soon as the first vectors land, in the middle of that write.
        deadline = time.monotonic() + JOB_TIMEOUT_S
        while vectors.count() == before and time.monotonic() < deadline:
            time.sleep(0.02)
        c.process.send_signal(signal.SIGKILL)
        c.process.wait(timeout=30)

        # Its job is reported as failed by any worker (C's job lock went with its connection),
        # which also shows the ingest had not finished when C was killed.
        job = _finished_job(on_b, job_id)
        assert (job["state"], job["message"]) == ("failed", WORKER_STOPPED), job
        answer = on_b.post("/api/chat", json={"question": "What is private fostering?"})
        assert answer.status_code == 200 and answer.json()["grounded"]

        with cluster.database.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT d.chunk_count, (SELECT count(*) FROM kb_chunks c"
                    " WHERE c.source = d.source) FROM kb_documents d"
                    " WHERE d.source LIKE '%bilby-handbook.md'"
                )
            ).all()
        # Absent, or present with every one of its chunks: never half a document.
        assert rows == [] or (len(rows) == 1 and rows[0][0] == rows[0][1] > 0), rows

        # The dead worker's lock went with its connection: the next writer takes it.
        wait_for(lambda: not _write_lock_held(cluster.database), timeout=60,
                 what="the killed worker's lock to be released")  # fmt: skip
        note = "# Wombat rota\n\nThe wombat rota is kept by the night warden.\n"
        assert _finished_job(on_b, _upload(on_b, token, "wombat.md", note))["state"] == "done"
        wait_for(lambda: _search_finds(on_b, "wombat rota night warden", "wombat.md"),
                 timeout=30, what="search on B")  # fmt: skip
