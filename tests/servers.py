"""Servers tests start on loopback: Redis, PostgreSQL, Chroma, uvicorn in a thread. Each stops
by itself."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(ready: Callable[[], bool], *, timeout: float = 60.0, what: str = "server") -> None:
    """Poll ``ready`` until it is true; ``TimeoutError`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{what} not ready after {timeout} s")


def _accepts(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


@contextmanager
def redis_server() -> Iterator[str]:
    """A throw-away Redis on loopback (Debian ``redis-server``); yields its ``redis://`` URI."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not installed: run `make test` (it installs it)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _accepts(port), timeout=20, what="redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def serve_in_thread(app: object, **options: object) -> Iterator[str]:
    """Run ``app`` under a real uvicorn server on a free loopback port; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, **options)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_until(lambda: server.started, timeout=120, what="uvicorn")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _postgres_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL (Debian ``postgresql``) in a temporary folder, on loopback.

    ``initdb`` refuses to run as root, so as root the server runs as the ``postgres`` user (in a
    folder of its own under /tmp, which that user can reach). Yields a SQLAlchemy URL; the server
    is stopped (fast) and its folder deleted at the end.
    """
    initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL not installed: run `make test` (it installs it)")
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="safeguide-pg-"))
    if as_user:
        shutil.chown(root, user="postgres")
    data, port = root / "data", free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    try:
        subprocess.run(
            [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "safeguide", "--no-sync"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        start = [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
        subprocess.run([*as_user, *start], check=True, stdout=subprocess.DEVNULL, timeout=120)
        yield f"postgresql+psycopg://safeguide@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )
        shutil.rmtree(root, ignore_errors=True)


def postgres_database(server_url: str) -> str:
    """A new, empty database on the server at ``server_url``; returns its SQLAlchemy URL."""
    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return f"{server_url.rsplit('/', 1)[0]}/{name}"


@contextmanager
def chroma_server(path: Path) -> Iterator[int]:
    """A Chroma server (the venv's ``chroma run``) storing under ``path``; yields its port."""
    binary = Path(sys.executable).with_name("chroma")
    port = free_port()
    command = [str(binary), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: _heartbeat(port), timeout=120, what="chroma")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _heartbeat(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
