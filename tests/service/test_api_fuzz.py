"""Property-based API tests from the service's own OpenAPI schema (schemathesis).

No generated request may cause a 5xx, and every error response has the documented shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from service.app import create_app
from service.config import SecuritySettings, Settings
from service.http.sessions import SESSION_COOKIE
from tests.conftest import sign_in_json

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def api_schema(bundled_settings: Settings) -> Iterator[Any]:
    # A generous rate limit: the fuzzer sends hundreds of questions from one client.
    fuzz_settings = bundled_settings.model_copy(
        update={"security": SecuritySettings(chat_rate_per_minute=100_000)}
    )
    app = create_app(fuzz_settings)
    with TestClient(app):  # runs the lifespan, so app.state holds the open index
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


CALLS: list[int] = []


def _check(case: Any) -> None:
    response = case.call()
    CALLS.append(response.status_code)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text)
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert {"error", "message"} <= set(body["error"]), body


def test_api_never_fails_and_errors_have_one_shape(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        check = settings(
            max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )(given(case=operation.as_strategy())(_check))
        check()
    assert len(CALLS) >= 10 * len(operations) // 2, "the fuzzer sent too few requests"
    assert any(code >= 400 for code in CALLS), "no invalid input was generated"


@pytest.fixture(scope="module")
def curator_schema(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Any, dict[str, str]]]:
    """The schema on an app of its own (the fuzzer edits and removes things), signed in."""
    root = tmp_path_factory.mktemp("fuzz-curator")
    (root / "corpus").mkdir()
    (root / "corpus" / "note.md").write_text("# Note\n\nA short note about wombat welfare.\n")
    curator_settings = Settings(
        data_dir=root / "var",
        corpus_dir=root / "corpus",
        security=SecuritySettings(login_rate_per_minute=100_000),
    )
    app = create_app(curator_settings)
    with TestClient(app) as client:
        app.state.services.stores.users.create_user("fuzzer", PASSWORD)
        token = sign_in_json(client, "fuzzer", PASSWORD)
        headers = {
            "X-CSRF-Token": token,
            "Cookie": f"{SESSION_COOKIE}={client.cookies[SESSION_COOKIE]}",
        }
        yield schemathesis.openapi.from_asgi("/openapi.json", app), headers


def test_signed_in_curator_api_never_fails(curator_schema: tuple[Any, dict[str, str]]) -> None:
    schema, headers = curator_schema
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/curate")
    ]
    assert len(operations) >= 8
    codes: list[int] = []

    def check(case: Any) -> None:
        response = case.call(headers=headers)
        codes.append(response.status_code)
        assert response.status_code < 500, (case.method, case.formatted_path, response.text)
        if response.status_code >= 400:
            assert {"error", "message"} <= set(response.json()["error"]), response.text

    for operation in operations:
        settings(
            max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )(given(case=operation.as_strategy())(check))()
    assert any(code < 300 for code in codes), "the session was never accepted"
