"""The chat page, its no-JavaScript form path, cited passages and feedback."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from tests.web.conftest import HTML

_SOURCE_LINK = re.compile(r'href="(/sources/[0-9a-f]+\?quote=[^"]+)"')


def test_chat_page_has_banner_from_routes_data_and_no_inline_script(web_client: TestClient):
    page = web_client.get("/").text
    assert '<html lang="en-GB">' in page
    assert 'href="#main-content"' in page
    assert "If a child is in immediate danger call" in page
    book = web_client.app.state.services.routes  # type: ignore[attr-defined]
    assert book.contact("out-of-hours-emergency").phone in page
    assert 'aria-live="polite"' in page
    assert "Do not enter personal data" in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None
    assert " onclick=" not in page and " onsubmit=" not in page


def test_no_js_form_post_renders_cited_answer(web_client: TestClient):
    response = web_client.post("/", data={"question": "What is private fostering?"})
    assert response.status_code == 200
    page = response.text
    assert 'class="citation-link"' in page
    assert "[1]</a>" in page
    assert 'href="tel:' in page and 'href="mailto:' in page
    assert "Last checked" in page
    assert "Was this answer helpful?" in page


def test_no_js_form_matches_the_json_answer(web_client: TestClient):
    question = "How long does a private fostering arrangement last?"
    api = web_client.post("/api/chat", json={"question": question}).json()
    page = web_client.post("/", data={"question": question}).text
    for citation in api["citations"]:
        assert citation["chunk_id"] in page


def test_no_js_form_rejects_empty_question(web_client: TestClient):
    response = web_client.post("/", data={"question": "   "})
    assert response.status_code == 422
    assert "Enter your question" in response.text
    assert 'class="error-summary"' in response.text


def test_urgent_answer_is_marked_as_alert(web_client: TestClient):
    page = web_client.post("/", data={"question": "A child is in immediate danger at home"}).text
    assert 'role="alert"' in page
    assert "answer--urgent" in page
    assert 'href="tel:999"' in page


def test_source_page_marks_the_quote(web_client: TestClient):
    page = web_client.post("/", data={"question": "What is private fostering?"}).text
    link = html.unescape(_SOURCE_LINK.search(page).group(1))  # type: ignore[union-attr]
    source = web_client.get(link, headers=HTML)
    assert source.status_code == 200
    assert "<mark>" in source.text
    twin = web_client.get("/api" + link).json()
    assert twin["title"] and any(s["marked"] for s in twin["segments"])
    assert "".join(s["text"] for s in twin["segments"]) == twin["text"]


def test_read_source_not_found(web_client: TestClient):
    response = web_client.get("/api/sources/000000000000000000000000")
    assert response.status_code == 404
    assert response.json()["error"]["error"] == "not_found"
    page = web_client.get("/sources/000000000000000000000000", headers=HTML)
    assert page.status_code == 404 and "<h1" in page.text


def test_feedback_is_stored_with_reason_redacted(web_client: TestClient):
    response = web_client.post(
        "/api/feedback",
        json={
            "conversation_id": "abc123",
            "rating": "down",
            "reason": "Wrong number, call me on 07700 900123",
        },
    )
    assert response.status_code == 201
    stored = web_client.app.state.services.stores.feedback.list_feedback(5)  # type: ignore[attr-defined]
    assert stored[0].rating == "down"
    assert "07700" not in (stored[0].reason or "") and "[phone]" in (stored[0].reason or "")


def test_feedback_form_without_js(web_client: TestClient):
    response = web_client.post(
        "/feedback", data={"conversation_id": "abc", "rating": "up", "reason": ""}
    )
    assert response.status_code == 201
    assert "Thank you" in response.text


def test_feedback_rejects_unknown_rating(web_client: TestClient):
    response = web_client.post("/api/feedback", json={"rating": "meh"})
    assert response.status_code == 422
    assert response.json()["error"]["error"] == "validation_error"


def test_brand_css_uses_settings_colour(web_client: TestClient):
    css = web_client.get("/brand.css")
    assert css.headers["content-type"].startswith("text/css")
    assert "#1d4f91" in css.text


def test_static_files_are_served(web_client: TestClient):
    assert web_client.get("/static/chat.js").status_code == 200
    assert web_client.get("/static/safeguide.css").status_code == 200
