"""Web fixtures: one app per session on its own data dir, clients with and without a curator."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import SecuritySettings, Settings
from service.http.deps import Services
from tests.conftest import OFFICE_HOURS, make_settings

CURATOR = "curator"
CURATOR_PASSWORD = "correct horse battery staple"
HTML = {"accept": "text/html"}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    # Tests sign in far more often than a person would.
    return make_settings(
        tmp_path_factory.mktemp("web"), security=SecuritySettings(login_rate_per_minute=10_000)
    )


@pytest.fixture(scope="session")
def web_app(web_settings: Settings) -> Iterator[FastAPI]:
    app = create_app(web_settings)
    with TestClient(app):
        services: Services = app.state.services
        services.chat.clock = lambda: OFFICE_HOURS
        services.stores.users.create_user(CURATOR, CURATOR_PASSWORD)
        yield app


@pytest.fixture()
def web_client(web_app: FastAPI) -> TestClient:
    """A fresh visitor (no cookies) on the shared app."""
    return TestClient(web_app)


# Every curator page (the last is a job that does not exist: still signed-in only).
CURATE_PAGES = [
    "/curate",
    "/curate/briefings",
    "/curate/briefings/new",
    "/curate/briefings/private-fostering/edit",
    "/curate/briefings/private-fostering/versions",
    "/curate/documents",
    "/curate/feedback",
    "/curate/unanswered",
    "/curate/jobs/abc",
]


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


def log_in(client: TestClient, username: str = CURATOR, password: str = CURATOR_PASSWORD) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    # Signing in starts a fresh session with a new token.
    return csrf_from(client.get("/curate", headers=HTML).text)


@pytest.fixture()
def curator_client(web_app: FastAPI) -> tuple[TestClient, str]:
    client = TestClient(web_app)
    return client, log_in(client)
