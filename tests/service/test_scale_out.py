"""Scale-out: two service processes share one Chroma server and one data folder.

A document uploaded through one process is found, cited, by the other. Everything runs on
loopback and is stopped at the end.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import sign_in_json

BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, *, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {timeout} s")


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[tuple[str, str]]:
    chroma_port, port_a, port_b = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "SAFEGUIDE_DATA_DIR": str(tmp_path / "var"),
        "SAFEGUIDE_INDEX__CHROMA_HOST": "127.0.0.1",
        "SAFEGUIDE_INDEX__CHROMA_PORT": str(chroma_port),
        "SAFEGUIDE_LOG_LEVEL": "WARNING",
    }
    processes: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> None:
        processes.append(
            subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )

    try:
        start(
            str(BIN / "chroma"),
            "run",
            "--path",
            str(tmp_path / "chroma"),
            "--host",
            "127.0.0.1",
            "--port",
            str(chroma_port),
        )
        wait_for(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat")
        subprocess.run(
            [str(BIN / "safeguide"), "create-user", "curator", "--password-stdin"],
            input=f"{PASSWORD}\n".encode(),
            env=env,
            check=True,
            capture_output=True,
        )
        start(str(BIN / "safeguide"), "serve", "--port", str(port_a))
        wait_for(f"http://127.0.0.1:{port_a}/readyz")  # the first process builds the index
        start(str(BIN / "safeguide"), "serve", "--port", str(port_b))
        wait_for(f"http://127.0.0.1:{port_b}/readyz")
        yield f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.slow
def test_document_ingested_through_one_process_is_answered_by_another(
    cluster: tuple[str, str],
) -> None:
    first, second = cluster
    with httpx.Client(base_url=first, timeout=60) as a:
        token = sign_in_json(a, "curator", PASSWORD)
        note = (
            "# Quokka visits policy\n\n## Who approves visits\n\n"
            "Quokka visits to children's homes must be approved by the quokka panel.\n"
        )
        job = a.post(
            "/api/curate/documents",
            files={"file": ("quokka.md", note.encode())},
            headers={"X-CSRF-Token": token},
        )
        assert job.status_code == 202, job.text
        job_id = job.json()["id"]
        for _ in range(120):
            state = a.get(f"/api/curate/jobs/{job_id}").json()["state"]
            if state in {"done", "failed"}:
                break
            time.sleep(0.5)
        assert state == "done"

    time.sleep(1.5)  # the other process re-reads the BM25 generation at most once a second
    with httpx.Client(base_url=second, timeout=60) as b:
        hits = b.get("/api/search", params={"q": "quokka visits panel"}).json()["hits"]
        assert hits and hits[0]["source"].endswith("quokka.md")
        answer = b.post("/api/chat", json={"question": "Who approves quokka visits?"}).json()
    assert answer["grounded"]
    assert "quokka panel" in answer["answer"]
    assert any(c["source"].endswith("quokka.md") for c in answer["citations"])
