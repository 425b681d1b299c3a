"""The referral route finder and its JSON twin, in and out of office hours."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import HTML

WEDNESDAY_11 = "2026-11-25T11:00"
SATURDAY_20 = "2026-11-28T20:00"
CHRISTMAS_11 = "2026-12-25T11:00"


def test_list_referral_contacts_in_office_hours(web_client: TestClient):
    body = web_client.get(f"/api/referrals?concern=disclosure&at={WEDNESDAY_11}").json()
    assert body["office_hours"] is True
    ids = [c["id"] for c in body["advice"]["contacts"]]
    # The team for the concern first; 999 last, for "if a child is in immediate danger".
    assert ids == ["cpat-office-hours", "emergency-999"]
    assert body["advice"]["urgent"] is False
    assert all(c["last_verified"] for c in body["advice"]["contacts"])


def test_list_referral_contacts_out_of_hours(web_client: TestClient):
    body = web_client.get(f"/api/referrals?concern=disclosure&at={SATURDAY_20}").json()
    assert body["office_hours"] is False
    assert [c["id"] for c in body["advice"]["contacts"]] == [
        "out-of-hours-emergency",
        "emergency-999",
    ]


def test_immediate_danger_puts_999_first(web_client: TestClient):
    body = web_client.get(f"/api/referrals?concern=immediate-danger&at={WEDNESDAY_11}").json()
    assert body["advice"]["urgent"] is True
    assert body["advice"]["contacts"][0]["phone"] == "999"


def test_referrals_page_shows_999_as_if_in_immediate_danger(web_client: TestClient):
    page = web_client.get(f"/referrals?concern=private-fostering&at={WEDNESDAY_11}").text
    assert "Who to contact, in this order" in page
    assert "If a child is in immediate danger, call" in page.split('id="route-contacts-heading"')[1]
    urgent = web_client.get(f"/referrals?concern=immediate-danger&at={WEDNESDAY_11}").text
    assert "Contact now, in this order" in urgent and "contact-card--emergency" in urgent


def test_bank_holiday_is_out_of_hours(web_client: TestClient):
    body = web_client.get(f"/api/referrals?concern=general-worry&at={CHRISTMAS_11}").json()
    assert body["office_hours"] is False


def test_list_referral_concerns_without_a_choice(web_client: TestClient):
    body = web_client.get("/api/referrals").json()
    assert body["advice"] is None
    assert {c["id"] for c in body["concerns"]} >= {
        "immediate-danger",
        "disclosure",
        "allegation-against-staff",
        "private-fostering",
        "exploitation-or-missing",
        "general-worry",
    }


def test_list_referral_contacts_unknown_concern(web_client: TestClient):
    response = web_client.get("/api/referrals?concern=nonsense")
    assert response.status_code == 404
    assert "choose one of" in response.json()["error"]["message"]


def test_referrals_page_works_without_js(web_client: TestClient):
    page = web_client.get(
        f"/referrals?concern=allegation-against-staff&at={SATURDAY_20}", headers=HTML
    ).text
    assert 'method="get"' in page
    assert "It is outside office hours" in page
    assert "Local Authority Designated Officer" in page
    office = web_client.get(f"/referrals?concern=allegation-against-staff&at={WEDNESDAY_11}").text
    assert "It is office hours" in office


def test_referrals_page_rejects_bad_time_on_the_form(web_client: TestClient):
    response = web_client.get("/referrals?concern=disclosure&at=yesterday", headers=HTML)
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text and 'href="#at"' in response.text
    assert 'value="yesterday"' in response.text and 'id="at-error"' in response.text
    assert 'id="advice-heading"' in response.text


def test_stale_contacts_are_marked_due_for_review(web_client: TestClient):
    body = web_client.get(f"/api/referrals?concern=disclosure&at={WEDNESDAY_11}").json()
    assert all(c["due_for_review"] for c in body["advice"]["contacts"])
    page = web_client.get(f"/referrals?concern=disclosure&at={WEDNESDAY_11}").text
    assert "Due for review" in page


def test_referrals_page_rejects_bad_time(web_client: TestClient):
    assert web_client.get("/referrals?at=yesterday").status_code == 422


@pytest.mark.parametrize(
    "at",
    [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59",
    ],
)
def test_referrals_at_the_ends_of_time_is_an_error_not_a_crash(
    web_client: TestClient, at: str
) -> None:
    response = web_client.get("/api/referrals", params={"concern": "disclosure", "at": at})
    assert response.status_code in (200, 422), response.text
    page = web_client.get("/referrals", params={"concern": "disclosure", "at": at[:19]})
    assert page.status_code in (200, 422)
    if response.status_code == 422:
        assert "out of range" in response.json()["error"]["message"]


def test_referrals_year_one_with_an_eastern_offset_is_refused(web_client: TestClient) -> None:
    response = web_client.get("/api/referrals", params={"at": "0001-01-01T00:00:00+14:00"})
    assert response.status_code == 422
