"""Rate limits that hold: proxies trusted only when configured, shared storage, every route."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.app import create_app
from service.cli import serve_options
from service.config import SecuritySettings, Settings
from service.http.ratelimit import RateLimited, RateLimits
from tests.conftest import make_settings
from tests.servers import redis_server, serve_in_thread


def _small_settings(root: Path, **security: object) -> Settings:
    """An app whose corpus is one note, so it starts in a second or two."""
    (root / "corpus").mkdir(exist_ok=True)
    (root / "corpus" / "note.md").write_text("# Note\n\nA short note about wombat welfare.\n")
    (root / "briefings").mkdir(exist_ok=True)
    return make_settings(
        root / "var",
        corpus_dir=root / "corpus",
        briefings_dir=root / "briefings",
        security=SecuritySettings(**security),  # type: ignore[arg-type]
    )


def _login_codes(base: str, forwarded_for: list[str]) -> list[int]:
    with httpx.Client(base_url=base) as client:
        token = client.get("/api/csrf").json()["csrf_token"]
        return [
            client.post(
                "/api/login",
                json={"username": "nobody", "password": "guess"},
                headers={"X-CSRF-Token": token, "X-Forwarded-For": address},
            ).status_code
            for address in forwarded_for
        ]


def test_forwarded_for_from_an_untrusted_peer_does_not_reset_the_limit(tmp_path: Path) -> None:
    settings = _small_settings(tmp_path, login_rate_per_minute=2)
    with serve_in_thread(create_app(settings), **serve_options(settings)) as base:
        codes = _login_codes(base, ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
    assert codes == [401, 401, 429]


def test_forwarded_for_from_a_trusted_proxy_names_the_client(tmp_path: Path) -> None:
    settings = _small_settings(tmp_path, login_rate_per_minute=2, trusted_proxies="127.0.0.1")
    with serve_in_thread(create_app(settings), **serve_options(settings)) as base:
        codes = _login_codes(base, ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1", "10.0.0.1"])
    assert codes == [401, 401, 401, 401, 429]


def test_access_log_never_shows_search_words(tmp_path: Path) -> None:
    settings = _small_settings(tmp_path)
    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = Collect(level=logging.INFO)
    access = logging.getLogger("uvicorn.access")
    with serve_in_thread(create_app(settings), **serve_options(settings)) as base:
        access.addHandler(handler)
        try:
            response = httpx.get(f"{base}/api/search", params={"q": "Jayden Okafor 07700 900123"})
        finally:
            access.removeHandler(handler)
    assert response.status_code == 200
    assert any("/api/search" in line for line in seen), seen
    assert not any("Jayden" in line or "07700" in line for line in seen), seen


@pytest.fixture(scope="module")
def limited_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    settings = _small_settings(
        tmp_path_factory.mktemp("limited"), search_rate_per_minute=3, feedback_rate_per_minute=2
    )
    app = create_app(settings)
    with TestClient(app):
        yield app


def test_search_is_rate_limited(limited_app: FastAPI) -> None:
    client = TestClient(limited_app)
    codes = [client.get("/api/search", params={"q": "wombat"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_feedback_is_rate_limited(limited_app: FastAPI) -> None:
    client = TestClient(limited_app)
    body = {"rating": "up", "reason": ""}
    codes = [client.post("/api/feedback", json=body).status_code for _ in range(2)]
    codes.append(client.post("/feedback", data=body).status_code)
    assert codes == [201, 201, 429]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"origin": "https://evil.example"}, 403),
        ({"referer": "https://evil.example/page"}, 403),
        ({"origin": "null"}, 403),
        ({"origin": "http://testserver"}, 201),
        ({}, 201),
    ],
)
def test_feedback_form_refuses_other_origins(
    tmp_path: Path, headers: dict[str, str], status: int
) -> None:
    with TestClient(create_app(_small_settings(tmp_path))) as client:
        response = client.post("/feedback", data={"rating": "up", "reason": ""}, headers=headers)
    assert response.status_code == status


def test_redis_storage_shares_one_budget_between_workers() -> None:
    with redis_server() as uri:
        workers = [RateLimits({"chat": 3}, storage_uri=uri) for _ in range(2)]
        allowed = 0
        for i in range(6):
            try:
                workers[i % 2].check("chat", "203.0.113.7")
                allowed += 1
            except RateLimited:
                pass
        workers[1].check("chat", "203.0.113.8")  # another client has its own allowance
    assert allowed == 3


def test_login_fails_closed_when_the_shared_storage_is_down() -> None:
    with redis_server() as uri:
        limits = RateLimits({"login": 5, "chat": 5}, storage_uri=uri)
    with pytest.raises(RateLimited, match="try again shortly"):
        limits.check("login", "203.0.113.7")
    limits.check("chat", "203.0.113.7")  # answers keep flowing


def test_memory_storage_evicts_clients_whose_hits_expired() -> None:
    limits = RateLimits({"chat": 5}, window_seconds=1)
    for i in range(500):
        limits.check("chat", f"198.51.100.{i}")
    events = limits.storage.events  # type: ignore[attr-defined]
    assert len(events) == 500
    assert limits.evict_expired() == 0  # all still inside the window
    deadline = time.monotonic() + 10
    while events and time.monotonic() < deadline:
        time.sleep(0.2)
        limits.evict_expired()
    assert not events
    limits.check("chat", "198.51.100.1")  # a returning client starts afresh
