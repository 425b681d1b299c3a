"""Curator sign-in, sessions and CSRF: anonymous and forged requests are refused."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.http.sessions import (
    SESSION_COOKIE,
    load_session_secret,
    sign_session,
    unsign_session,
)
from tests.web.conftest import CURATE_PAGES, CURATOR, CURATOR_PASSWORD, csrf_from, log_in

CURATE_API = [
    "/api/curate",
    "/api/curate/briefings",
    "/api/curate/briefings/private-fostering",
    "/api/curate/briefings/private-fostering/versions",
    "/api/curate/documents",
    "/api/curate/feedback",
    "/api/curate/unanswered",
    "/api/curate/jobs/abc",
]
CURATE_POSTS = [
    "/curate/briefings",
    "/curate/briefings/private-fostering/publish",
    "/curate/briefings/private-fostering/unpublish",
    "/curate/documents",
    "/curate/documents/remove",
    "/api/curate/briefings",
    "/api/curate/briefings/private-fostering/publish",
    "/api/curate/documents",
    "/api/curate/documents/remove",
]


@pytest.mark.parametrize("path", CURATE_PAGES)
def test_anonymous_curate_page_redirects_to_login(web_client: TestClient, path: str):
    response = web_client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("path", CURATE_API)
def test_anonymous_curate_api_is_unauthorised(web_client: TestClient, path: str):
    response = web_client.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["error"] == "unauthorised"


@pytest.mark.parametrize("path", CURATE_POSTS)
def test_anonymous_curate_post_is_refused(web_client: TestClient, path: str):
    response = web_client.post(path, data={"source": "x"}, follow_redirects=False)
    assert response.status_code in (303, 401)
    assert "set-cookie" not in response.headers or CURATOR not in response.headers["set-cookie"]


def test_login_wrong_password_refused(web_client: TestClient):
    token = csrf_from(web_client.get("/login").text)
    response = web_client.post(
        "/login", data={"username": CURATOR, "password": "not it at all", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "user name or password is wrong" in response.text
    assert web_client.get("/api/curate").status_code == 401


def test_login_without_csrf_refused(web_client: TestClient):
    web_client.get("/login")
    response = web_client.post(
        "/login", data={"username": CURATOR, "password": "correct horse battery staple"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["error"] == "csrf_failed"


def test_login_sets_hardened_cookie_and_logout_clears_it(web_client: TestClient):
    token = log_in(web_client)
    cookie = next(h for h in web_client.cookies.jar if h.name == SESSION_COOKIE)
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert web_client.get("/api/session").json() == {"username": CURATOR}
    response = web_client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert web_client.get("/api/session").json() == {"username": None}


def test_session_cookie_flags(web_client: TestClient):
    response = web_client.get("/login")
    header = response.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header


def test_curate_post_with_wrong_csrf_refused(curator_client: tuple[TestClient, str]):
    client, _ = curator_client
    response = client.post(
        "/curate/briefings/private-fostering/unpublish", data={"csrf_token": "forged"}
    )
    assert response.status_code == 403
    response = client.post("/api/curate/briefings/private-fostering/unpublish")
    assert response.status_code == 403


def test_api_login_with_csrf_header(web_client: TestClient):
    token = web_client.get("/api/csrf").json()["csrf_token"]
    response = web_client.post(
        "/api/login",
        headers={"X-CSRF-Token": token},
        json={"username": CURATOR, "password": "correct horse battery staple"},
    )
    assert response.status_code == 200
    assert web_client.get("/api/curate").status_code == 200


def test_forged_session_cookie_is_ignored(web_client: TestClient):
    forged = sign_session({"user": CURATOR}, secret=b"not the secret")
    web_client.cookies.set(SESSION_COOKIE, forged)
    assert web_client.get("/api/curate").status_code == 401


def test_unsign_session_rejects_expired_and_tampered():
    value = sign_session({"user": "a"}, secret=b"s", issued_at=1)
    assert unsign_session(value, secret=b"s", max_age=60) is None
    fresh = sign_session({"user": "a"}, secret=b"s")
    assert unsign_session(fresh, secret=b"s", max_age=60) == {"user": "a"}
    assert unsign_session(fresh.replace(".", "x.", 1), secret=b"s", max_age=60) is None


def test_login_next_only_allows_local_paths(web_client: TestClient):
    token = csrf_from(web_client.get("/login").text)
    response = web_client.post(
        "/login",
        data={
            "username": CURATOR,
            "password": "correct horse battery staple",
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/curate"


# -- sessions that can be ended ---------------------------------------------------------------


def _replay(web_app: FastAPI, cookie: str) -> TestClient:
    """A second client carrying a copy of a saved session cookie."""
    replay = TestClient(web_app)
    replay.cookies.set(SESSION_COOKIE, cookie)
    return replay


def test_cookie_replayed_after_logout_is_refused(web_app: FastAPI):
    client = TestClient(web_app)
    token = log_in(client)
    saved = client.cookies[SESSION_COOKIE]
    client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    replay = _replay(web_app, saved)
    assert replay.get("/api/curate").status_code == 401
    response = replay.post(
        "/api/curate/briefings/private-fostering/unpublish", headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 401
    assert replay.get("/api/session").json() == {"username": None}


def test_logout_ends_the_users_other_sessions(web_app: FastAPI):
    first, second = TestClient(web_app), TestClient(web_app)
    token = log_in(first)
    log_in(second)
    first.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert second.get("/api/curate").status_code == 401


def test_disabling_a_user_ends_their_sessions(web_app: FastAPI):
    users = web_app.state.services.stores.users
    users.create_user("leaver", CURATOR_PASSWORD)
    client = TestClient(web_app)
    log_in(client, "leaver")
    assert client.get("/api/curate").status_code == 200
    users.set_active("leaver", active=False)
    assert client.get("/api/curate").status_code == 401
    users.set_active("leaver", active=True)
    assert client.get("/api/curate").status_code == 401  # re-enabling does not revive old cookies


def test_changing_a_password_ends_every_session(web_app: FastAPI):
    users = web_app.state.services.stores.users
    users.create_user("changer", CURATOR_PASSWORD)
    client = TestClient(web_app)
    log_in(client, "changer")
    users.set_password("changer", "a different long passphrase")
    assert client.get("/api/curate").status_code == 401
    log_in(client, "changer", "a different long passphrase")
    assert client.get("/api/curate").status_code == 200


def test_cookie_without_a_session_version_is_refused(web_app: FastAPI):
    secret = load_session_secret(web_app.state.settings)
    old_style = sign_session({"user": CURATOR, "csrf": "x"}, secret=secret)
    assert _replay(web_app, old_style).get("/api/curate").status_code == 401


@pytest.mark.parametrize(
    "path", ["/api/curate", "/api/curate/briefings", "/curate", "/api/session", "/api/csrf"]
)
def test_curator_responses_are_never_cached(curator_client: tuple[TestClient, str], path: str):
    client, _ = curator_client
    response = client.get(path, headers={"accept": "text/html"} if path == "/curate" else {})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
