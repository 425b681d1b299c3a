"""Recording an unanswered question never stops the answer from going out."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError


def test_database_locked_while_recording_does_not_abort_the_stream(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    feedback = client.app.state.services.stores.feedback  # type: ignore[attr-defined]
    calls: list[str] = []

    def locked(*args: object, **kwargs: object) -> None:
        calls.append("called")
        raise OperationalError("INSERT INTO unanswered", {}, Exception("database is locked"))

    monkeypatch.setattr(feedback, "record_unanswered", locked)
    question = "What is the best recipe for a lemon drizzle cake?"
    with client.stream("POST", "/api/chat/stream", json={"question": question}) as response:
        body = "".join(response.iter_text())
    assert response.status_code == 200
    assert calls, "the question was not treated as unanswered"
    assert "event: done" in body
    assert "event: error" not in body
