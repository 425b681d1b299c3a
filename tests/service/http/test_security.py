"""Security: headers, rate limits, no question text in logs, curator routes need a login."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import SecuritySettings, Settings
from service.routes import curate, curate_documents, login


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/briefings",
        "/referrals",
        "/api/search?q=lado",
        "/healthz",
        "/static/safeguide.css",
        "/api/nope",
    ],
)
def test_every_response_carries_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_for_the_csp_to_block(client: TestClient) -> None:
    for path in ("/", "/briefings", "/referrals", "/login"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=", html), path


def test_streamed_answer_still_streams_with_headers(client: TestClient) -> None:
    with client.stream("POST", "/api/chat/stream", json={"question": "What is the LADO?"}) as r:
        assert r.headers["x-frame-options"] == "DENY"
        assert "event: done" in "".join(r.iter_text())


def test_chat_is_rate_limited_per_client(bundled_settings: Settings) -> None:
    settings = bundled_settings.model_copy(
        update={"security": SecuritySettings(chat_rate_per_minute=3)}
    )
    with TestClient(create_app(settings)) as client:
        codes = [
            client.post("/api/chat", json={"question": "What is the LADO?"}).status_code
            for _ in range(4)
        ]
        page = client.post("/", data={"question": "What is the LADO?"})
        stream = client.post("/api/chat/stream", json={"question": "What is the LADO?"})
    assert codes == [200, 200, 200, 429]
    assert page.status_code == 429
    assert stream.status_code == 429 and stream.json()["error"]["error"] == "rate_limited"


def test_rate_limited_response_has_the_error_shape_and_retry_after(
    bundled_settings: Settings,
) -> None:
    settings = bundled_settings.model_copy(
        update={"security": SecuritySettings(chat_rate_per_minute=1)}
    )
    with TestClient(create_app(settings)) as client:
        client.post("/api/chat", json={"question": "What is the LADO?"})
        response = client.post("/api/chat", json={"question": "What is the LADO?"})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    assert response.json()["error"]["error"] == "rate_limited"


def test_questions_and_answers_never_reach_the_logs_at_info(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    question = "Is a quokka-keeping aunt in Walthamstow a private foster carer?"
    answer = client.post("/api/chat", json={"question": question}).json()["answer"]
    client.post("/", data={"question": question})
    with client.stream("POST", "/api/chat/stream", json={"question": question}) as r:
        "".join(r.iter_text())
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert "quokka" not in logged and "Walthamstow" not in logged
    for sentence in re.split(r"(?<=\.) ", answer):
        if len(sentence) > 30:
            assert sentence not in logged


def _curator_routes() -> list[tuple[str, str]]:
    routes = []
    for route in [*curate.router.routes, *curate_documents.router.routes, *login.router.routes]:
        if isinstance(route, APIRoute) and route.path.startswith(("/curate", "/api/curate")):
            for method in (route.methods or set()) - {"HEAD"}:
                path = re.sub(r"\{[^}]+\}", "x", route.path)
                routes.append((method, path))
    return routes


def test_every_curator_route_refuses_anonymous_access(client: TestClient) -> None:
    routes = _curator_routes()
    assert len(routes) >= 10
    for method, path in routes:
        response = client.request(method, path, follow_redirects=False)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
        else:
            assert response.status_code in {303, 401, 403}, (method, path, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"].startswith("/login")


def test_login_is_rate_limited_per_client(bundled_settings: Settings) -> None:
    settings = bundled_settings.model_copy(
        update={"security": SecuritySettings(login_rate_per_minute=2)}
    )
    with TestClient(create_app(settings)) as client:
        token = client.get("/api/csrf").json()["csrf_token"]
        codes = [
            client.post(
                "/api/login",
                json={"username": "nobody", "password": "guess"},
                headers={"X-CSRF-Token": token},
            )
            for _ in range(3)
        ]
    assert [r.status_code for r in codes] == [401, 401, 429]
    assert codes[0].json()["error"]["error"] == "unauthorised"
    assert codes[2].json()["error"]["error"] == "rate_limited"
    assert codes[2].headers["retry-after"] == "60"
