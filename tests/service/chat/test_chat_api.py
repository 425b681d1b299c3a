"""The chat service over HTTP: contract, errors, streaming and the LLM fallback."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from service.app import create_app
from service.chat.llm import LLMAnswerer
from service.config import Settings
from tests.conftest import OFFICE_HOURS


def test_read_health(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_read_readiness_reports_the_index(client: TestClient) -> None:
    body = client.get("/readyz").json()
    assert body["status"] == "ready" and body["chunks"] > 0


def test_create_chat_answer_returns_the_contract(client: TestClient) -> None:
    response = client.post("/api/chat", json={"question": "What is private fostering?"})
    assert response.status_code == 200
    body = response.json()
    assert {"answer", "citations", "urgent", "grounded", "contacts", "conversation_id"} <= set(body)
    assert body["grounded"] and body["citations"]
    citation = body["citations"][0]
    assert {"n", "title", "source", "section", "page", "url", "quote"} <= set(citation)
    assert response.headers["X-Safeguide-Answerer"] == "extractive"


@pytest.mark.parametrize(
    "payload",
    [
        {"question": ""},
        {"question": "   "},
        {"question": "x" * 2001},
        {"question": 42},
        {"question": ["a list"]},
        {},
        {"question": "ok", "unexpected": True},
    ],
)
def test_create_chat_answer_rejects_bad_questions(
    client: TestClient, payload: dict[str, Any]
) -> None:
    response = client.post("/api/chat", json=payload)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["error"] == "validation_error"
    assert error["message"]


def test_non_json_body_gets_the_error_shape(client: TestClient) -> None:
    response = client.post(
        "/api/chat", content=b"not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert set(response.json()["error"]) >= {"error", "message"}


def test_unknown_route_gets_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/nope")
    assert response.status_code == 404
    assert response.json()["error"]["error"] == "not_found"


def test_stream_chat_answer_sends_server_sent_events(client: TestClient) -> None:
    with client.stream(
        "POST",
        "/api/chat/stream",
        json={"question": "How many LADO referrals were there in 2021-22?"},
    ) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        text = "".join(r.iter_text())
    events = [block.split("\n")[0].removeprefix("event: ") for block in text.strip().split("\n\n")]
    assert events[0] == "meta" and events[-1] == "done"
    assert events.index("citations") > events.index("token")
    done = json.loads(text.strip().split("\n\n")[-1].split("data: ", 1)[1])
    assert "465" in done["answer"]


def test_list_search_hits(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "private fostering 28 days"}).json()
    assert body["hits"][0]["source"] in {
        "corpus/private-fostering.md",
        "briefings/private-fostering",
    }


def test_openapi_documents_the_chat_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/chat", "/api/chat/stream", "/api/search", "/healthz", "/readyz"} <= set(paths)


class _BrokenModel:
    def invoke(self, messages: Any) -> Any:
        raise TimeoutError("no answer from the endpoint")


def _app_with_llm(settings: Settings, model: Any) -> TestClient:
    llm = LLMAnswerer(model, partnership="Test")
    return TestClient(create_app(settings, llm=llm))


def test_unavailable_llm_falls_back_and_says_so(bundled_settings: Settings) -> None:
    with _app_with_llm(bundled_settings, _BrokenModel()) as client:
        client.app.state.services.chat.clock = lambda: OFFICE_HOURS  # type: ignore[attr-defined]
        response = client.post("/api/chat", json={"question": "What is private fostering?"})
    assert response.status_code == 200
    assert response.headers["X-Safeguide-Answerer"] == "extractive-fallback"
    assert response.json()["grounded"]


def test_hallucinating_llm_is_replaced_by_the_extractive_answer(bundled_settings: Settings) -> None:
    model = FakeListChatModel(responses=["The LADO received 9,999 referrals [1]."])
    with _app_with_llm(bundled_settings, model) as client:
        response = client.post("/api/chat", json={"question": "How many LADO referrals?"})
    body = response.json()
    assert "9,999" not in body["answer"]
    assert "465" in body["answer"]
    assert response.headers["X-Safeguide-Answerer"] == "extractive"
