"""Shared fixtures: the real embedded stack (bundled model, Chroma and SQLite on tmp_path)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from db import create_engine_for, init_db
from kb.embeddings import Embedder, load_embedder
from service.app import create_app, open_services
from service.config import Settings
from service.http.deps import Services
from tests.servers import postgres_database, postgres_server

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# A Wednesday at 11:00 UK time: office hours. Tests that need evenings pass their own clock.
OFFICE_HOURS = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: clone the project with ../shared beside it")
    return path


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder("onnx")


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    return Settings(data_dir=data_dir, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def bundled_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose index holds the bundled corpus (built once per test session)."""
    return make_settings(tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="session")
def services(bundled_settings: Settings) -> Services:
    services = open_services(bundled_settings)
    services.chat.clock = lambda: OFFICE_HOURS
    return services


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture()
def client(bundled_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(bundled_settings)) as test_client:
        test_client.app.state.services.chat.clock = lambda: OFFICE_HOURS  # type: ignore[attr-defined]
        yield test_client


@pytest.fixture()
def clock() -> Callable[[], datetime]:
    """A clock that moves one minute forward every time it is read."""
    ticks = (datetime(2026, 1, 5, 9, 0, tzinfo=UTC) + timedelta(minutes=i) for i in range(10**6))
    return lambda: next(ticks)


@pytest.fixture()
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'var' / 'safeguide.db'}")
    init_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """One throw-away PostgreSQL for the whole session (skipped when it is not installed)."""
    with postgres_server() as url:
        yield url


@pytest.fixture()
def postgres_url(postgres_server_url: str) -> str:
    """A new, empty database of its own on the session's PostgreSQL."""
    return postgres_database(postgres_server_url)


def sign_in_json(client: httpx.Client, username: str, password: str) -> str:
    """Sign in through ``/api/login`` (a ``TestClient`` or a client of a real server);
    returns the new session's CSRF token."""
    token = client.get("/api/csrf").json()["csrf_token"]
    login = client.post(
        "/api/login",
        json={"username": username, "password": password},
        headers={"X-CSRF-Token": token},
    )
    assert login.status_code == 200, login.text
    fresh: str = client.get("/api/csrf").json()["csrf_token"]  # a new session, a new token
    return fresh
