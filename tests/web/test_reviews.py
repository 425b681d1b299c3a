"""Staleness as data: stale contacts and briefings past review are flagged on the dashboard,
marked as checked (who and when), and shown to practitioners as "due for review"."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import CURATOR, HTML


def test_dashboard_lists_items_due_for_review(curator_client: tuple[TestClient, str]):
    client, _ = curator_client
    page = client.get("/curate", headers=HTML).text
    assert 'id="reviews"' in page and "Mark as checked" in page
    queue = client.get("/api/curate/reviews").json()
    due = {(i["kind"], i["item_id"]) for i in queue["due"]}
    assert ("contact", "lado") in due
    assert ("briefing", "private-fostering") in due
    assert queue["max_age_months"] == 12


def test_mark_as_checked_records_who_and_when(curator_client: tuple[TestClient, str]):
    client, token = curator_client
    response = client.post(
        "/curate/reviews/contact/cdop", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"].endswith("#reviews")
    queue = client.get("/api/curate/reviews").json()
    item = next(i for i in queue["up_to_date"] if i["item_id"] == "cdop")
    assert item["checked_by"] == CURATOR and item["due_for_review"] is False
    stores = client.app.state.services.stores  # type: ignore[attr-defined]
    check = stores.reviews.latest_checks("contact")["cdop"]
    assert check.checked_by == CURATOR and check.checked_at.tzinfo is not None

    done = client.post(
        "/api/curate/reviews/briefing/transitional-safeguarding",
        headers={"x-csrf-token": token},
    )
    assert done.status_code == 200, done.text
    public = client.get("/api/briefings/transitional-safeguarding").json()
    assert public["due_for_review"] is False and public["last_checked"]


def test_mark_as_checked_needs_csrf_and_a_known_item(curator_client: tuple[TestClient, str]):
    client, token = curator_client
    assert client.post("/curate/reviews/contact/lado", follow_redirects=False).status_code == 403
    missing = client.post("/api/curate/reviews/contact/nobody", headers={"x-csrf-token": token})
    assert missing.status_code == 404


def test_review_pages_need_a_curator(web_client: TestClient):
    assert web_client.get("/api/curate/reviews").status_code == 401


def test_practitioners_see_due_for_review_next_to_the_date(web_client: TestClient):
    page = web_client.get("/briefings/private-fostering", headers=HTML).text
    review_row = page.split("<dt>Review by</dt>")[1].split("</div>")[0]
    assert "1 September 2023" in review_row and "Due for review" in review_row
    assert "Due for review" in web_client.get("/briefings", headers=HTML).text
    assert web_client.get("/api/briefings/private-fostering").json()["due_for_review"] is True
