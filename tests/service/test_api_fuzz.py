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
