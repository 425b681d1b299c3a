"""The public briefing library: list, filter, search, a briefing, its print view, JSON twins."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from briefings.model import SECTION_TITLES, Briefing
from tests.web.conftest import HTML

SLUG = "private-fostering"


def _briefing(slug: str, *, status: str = "published", text: str = "Plain text.") -> Briefing:
    sections = {key: text for key, _ in SECTION_TITLES}
    sections["questions"] = "- What would you ask?"
    return Briefing(
        slug=slug,
        title=f"Test {text}",
        summary=text,
        status=status,  # type: ignore[arg-type]
        tags=["testing"],
        owner="Tests",
        sections=sections,
    )


def test_list_briefings_page_and_json(web_client: TestClient):
    page = web_client.get("/briefings", headers=HTML).text
    assert f'href="/briefings/{SLUG}"' in page
    body = web_client.get("/api/briefings").json()
    assert SLUG in {b["slug"] for b in body["briefings"]}
    assert body["tags"]


def test_filter_briefings_by_tag(web_client: TestClient):
    body = web_client.get("/api/briefings", params={"tag": "overseas students"}).json()
    assert [b["slug"] for b in body["briefings"]] == [SLUG]
    page = web_client.get("/briefings", params={"tag": "overseas students"}).text
    assert "1 briefing" in page


def test_search_briefings(web_client: TestClient):
    body = web_client.get("/api/briefings", params={"q": "host families"}).json()
    assert SLUG in [b["slug"] for b in body["briefings"]]
    assert web_client.get("/api/briefings", params={"q": "zzzz-nothing"}).json()["briefings"] == []


def test_read_briefing_page(web_client: TestClient):
    page = web_client.get(f"/briefings/{SLUG}", headers=HTML).text
    for _, heading in SECTION_TITLES:
        assert f">{heading}</h2>" in page
    assert "Published" in page and "Review by" in page
    assert 'href="tel:02087083885"' in page
    assert f'href="/briefings/{SLUG}/print"' in page


def test_read_briefing_json(web_client: TestClient):
    body = web_client.get(f"/api/briefings/{SLUG}").json()
    assert [s["key"] for s in body["sections"]] == [k for k, _ in SECTION_TITLES]
    assert body["questions"]
    assert {c["id"] for c in body["contacts"]} >= {"cpat-office-hours"}


def test_print_view_has_no_navigation(web_client: TestClient):
    page = web_client.get(f"/briefings/{SLUG}/print", headers=HTML).text
    assert "site-nav" not in page and "site-header" not in page
    assert "Background" in page


@pytest.mark.parametrize("path", ["/api/briefings/no-such-thing", "/briefings/no-such-thing"])
def test_read_briefing_not_found(web_client: TestClient, path: str):
    response = web_client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["error"] == "not_found"


def test_read_briefing_not_found_html(web_client: TestClient):
    response = web_client.get("/briefings/no-such-thing", headers=HTML)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_draft_briefing_is_not_public(web_client: TestClient):
    store = web_client.app.state.services.stores.briefings  # type: ignore[attr-defined]
    store.save_briefing(_briefing("draft-only", status="draft"), author="tests")
    assert web_client.get("/api/briefings/draft-only").status_code == 404
    slugs = [b["slug"] for b in web_client.get("/api/briefings").json()["briefings"]]
    assert "draft-only" not in slugs


def test_briefing_script_is_escaped(web_client: TestClient):
    store = web_client.app.state.services.stores.briefings  # type: ignore[attr-defined]
    store.save_briefing(_briefing("script-test", text="<script>alert(1)</script>"), author="tests")
    for path in ("/briefings/script-test", "/briefings/script-test/print", "/briefings"):
        page = web_client.get(path, headers=HTML).text
        assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in web_client.get("/briefings/script-test").text


def test_briefing_lists_contacts_once_with_links_and_no_file_names(web_client: TestClient):
    page = web_client.get("/briefings/private-fostering", headers=HTML).text
    assert "Curated contacts" not in page
    assert page.count('id="section-contacts"') == 1
    assert page.count("CPAT.Referrals@redbridge.gov.uk</a>") == 1
    assert ".md)" not in page
    assert 'href="https://www.redbridge.gov.uk/private-fostering"' in page


def test_briefings_list_folds_the_tags_away(web_client: TestClient):
    page = web_client.get("/briefings", headers=HTML).text
    assert '<details class="details">' in page.split('class="tags-filter"')[1][:200]


def test_print_view_says_when_it_was_printed(web_client: TestClient):
    page = web_client.get("/briefings/private-fostering/print", headers=HTML).text
    assert "printed on" in page
