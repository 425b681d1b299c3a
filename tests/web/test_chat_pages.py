"""The chat page, its thread, its no-JavaScript form path (post-redirect-get), cited passages and
feedback."""

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
    assert 'role="status" data-chat-status' in page
    assert "Do not enter personal data" in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None
    assert " onclick=" not in page and " onsubmit=" not in page


def test_no_js_form_post_redirects_to_the_answer_permalink(web_client: TestClient):
    response = web_client.post(
        "/", data={"question": "What is private fostering?"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert re.fullmatch(r"/\?c=[0-9a-f]{32}#turn-1", response.headers["location"])
    page = web_client.get(response.headers["location"], headers=HTML)
    assert page.status_code == 200 and 'id="turn-1"' in page.text
    assert page.headers["cache-control"] == "no-store"


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


def test_thread_keeps_every_turn_in_order(web_client: TestClient):
    questions = [
        "What is private fostering?",
        "Who is the LADO?",
        "What are the nine principles for working with adolescents?",
    ]
    location = ""
    for question in questions:
        conversation = location.split("c=")[1].split("#")[0] if location else ""
        response = web_client.post(
            "/",
            data={"question": question, "conversation_id": conversation},
            follow_redirects=False,
        )
        location = response.headers["location"]
    assert location.endswith("#turn-3")
    page = web_client.get(location).text
    positions = [page.index(html.escape(q, quote=True)) for q in questions]
    assert positions == sorted(positions)
    assert page.count("data-turn>") == 3 and 'id="feedback-reason-3"' in page
    assert "New conversation" in page and "Ask a follow-up question" in page
    twin = web_client.get("/api/conversations/" + location.split("c=")[1].split("#")[0]).json()
    assert [t["question"] for t in twin["turns"]] == questions
    assert all(t["answer_html"] for t in twin["turns"])


def test_redacted_question_is_never_echoed(web_client: TestClient):
    question = "Sam Jones, aged 9, DOB 01/02/2015, of IG1 2AB: they were removed from school"
    location = web_client.post("/", data={"question": question}, follow_redirects=False).headers[
        "location"
    ]
    page = web_client.get(location).text
    for personal in ("Sam Jones", "01/02/2015", "IG1 2AB"):
        assert personal not in page
    assert "[postcode]" in page and "They were removed" in page
    assert re.search(r'<textarea[^>]*id="question"[^>]*></textarea>', page)
    too_long = "Call 07700 900123 " + "x" * 2100
    error = web_client.post("/", data={"question": too_long}).text
    assert "07700 900123" not in error and "[phone]" in error


def test_unknown_conversation_starts_afresh(web_client: TestClient):
    page = web_client.get("/?c=0123456789abcdef").text
    assert "That conversation has ended" in page
    assert web_client.get("/api/conversations/0123456789abcdef").status_code == 404


def test_empty_page_suggests_starter_questions_from_briefings(web_client: TestClient):
    page = web_client.get("/").text
    starters = re.findall(r'data-starter-form><input type="hidden" name="question" value="', page)
    assert 3 <= len(starters) <= 6


def test_api_answer_has_rendered_html_and_redacted_question(web_client: TestClient):
    answer = web_client.post(
        "/api/chat", json={"question": "Who is the LADO? Ring me on 07700 900123"}
    ).json()
    assert answer["question"] == "Who is the LADO? Ring me on [phone]"
    assert 'class="citation-link"' in answer["answer_html"]
    assert "<script" not in answer["answer_html"]


def test_lado_question_leads_with_the_lado_not_999(web_client: TestClient):
    answer = web_client.post(
        "/api/chat",
        json={"question": "Who do I tell when a teacher sent a pupil inappropriate messages?"},
    ).json()
    assert not answer["urgent"]
    assert answer["contacts"][0]["id"] == "lado"
    assert "Who to contact: Local Authority Designated Officer" in answer["answer"]


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
