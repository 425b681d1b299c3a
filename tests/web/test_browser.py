"""Browser tests: Debian's Chromium drives the real app (uvicorn on a free port, tmp data dir).

Checks the streamed, cited answer and its passage panel, the no-JavaScript path, the briefing
library and print view, the route finder, the curator workflow, and axe-core on every page.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from service.app import create_app
from service.config import SecuritySettings
from tests.conftest import OFFICE_HOURS, REPO, make_settings

playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = REPO / "docs" / "screenshots"
USER, PASSWORD = "browser-curator", "a long browser password"
FACT = "Kingfisher referrals must be acknowledged within 48 hours by the hub coordinator."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = make_settings(
        tmp_path_factory.mktemp("browser"), security=SecuritySettings(login_rate_per_minute=1000)
    )
    app = create_app(settings)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started:
            break
        time.sleep(0.1)
    assert server.started, "uvicorn did not start"
    app.state.services.chat.clock = lambda: OFFICE_HOURS
    app.state.services.stores.users.create_user(USER, PASSWORD)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed: apt-get install -y chromium")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def assert_accessible(page: Any) -> None:
    results = axe_api.Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, results.generate_report()


def ask(page: Any, base: str, question: str) -> None:
    page.goto(base + "/")
    page.fill("#question", question)
    page.click("[data-ask-button]")
    page.wait_for_selector(".answer__text:not(.status-busy)")


def log_in(page: Any, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#username", USER)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit] >> text=Sign in")
    page.wait_for_url(base + "/curate")


def test_chat_streams_cited_answer_and_opens_passage(page: Any, live_server: str):
    page.goto(live_server + "/")
    assert_accessible(page)
    ask(page, live_server, "What is private fostering and who do I tell?")
    assert page.locator(".answer__text a.citation-link").count() >= 1
    assert page.locator(".contact-card a[href^='tel:']").count() >= 1
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chat.png"), full_page=True)

    page.locator(".answer__text a.citation-link").first.click()
    panel = page.locator("[data-source-panel]")
    panel.wait_for(state="visible")
    assert panel.locator("mark").count() >= 1
    assert page.evaluate("document.activeElement.id") == "source-panel-title"
    assert_accessible(page)
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")


def test_chat_feedback_is_sent(page: Any, live_server: str):
    ask(page, live_server, "What are the nine principles for working with adolescents?")
    page.locator("[data-feedback-form] button[value=up]").last.click()
    page.wait_for_selector("text=Thank you for your feedback.")


def test_chat_works_without_javascript(browser: Any, live_server: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    page.fill("#question", "What is private fostering?")
    page.click("[data-ask-button]")
    page.wait_for_selector(".answer__text")
    assert page.locator(".answer__text a.citation-link").count() >= 1
    page.locator(".answer__text a.citation-link").first.click()
    page.wait_for_selector("blockquote.passage mark")
    context.close()


def test_urgent_answer_is_an_alert(page: Any, live_server: str):
    ask(page, live_server, "A child told me she is scared to go home tonight")
    assert page.locator(".urgent-notice[role=alert]").count() == 1
    assert page.locator(".contact-card--emergency").count() >= 1


def test_browse_search_and_print_a_briefing(page: Any, live_server: str):
    page.goto(live_server + "/briefings")
    assert_accessible(page)
    page.fill("#q", "host families")
    page.click("button >> text=Search")
    page.click(".briefing-list h2 a >> text=Private fostering")
    assert page.locator("h2 >> text=Why it matters").count() == 1
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "briefing.png"), full_page=True)
    page.click("a >> text=Print this briefing")
    assert page.locator(".site-nav").count() == 0
    assert_accessible(page)


def test_route_finder_in_and_out_of_office_hours(page: Any, live_server: str):
    page.goto(live_server + "/referrals?at=2026-11-28T20:00")
    page.check("#concern-disclosure")
    page.click("button >> text=Show who to contact")
    assert "It is outside office hours" in page.inner_text("[data-office-hours]")
    names = page.locator(".contact-card__name").all_inner_texts()
    assert names[0].startswith("Police or ambulance")
    assert any("emergency duty" in n for n in names)
    assert_accessible(page)

    page.goto(live_server + "/referrals?concern=disclosure&at=2026-11-25T11:00")
    assert "It is office hours" in page.inner_text("[data-office-hours]")
    assert any("CPAT" in n for n in page.locator(".contact-card__name").all_inner_texts())
    page.screenshot(path=str(SCREENSHOTS / "referrals.png"), full_page=True)


def test_wrong_password_and_missing_csrf_are_refused(page: Any, live_server: str):
    page.goto(live_server + "/login")
    assert_accessible(page)
    page.fill("#username", USER)
    page.fill("#password", "not the password")
    page.click("button[type=submit] >> text=Sign in")
    page.wait_for_selector(".error-summary")
    assert "wrong" in page.inner_text(".error-summary")
    response = page.request.post(
        live_server + "/login", form={"username": USER, "password": PASSWORD}
    )
    assert response.status == 403
    page.goto(live_server + "/curate")
    assert page.url.startswith(live_server + "/login")


def test_curator_publishes_a_briefing_and_chat_cites_it(page: Any, live_server: str):
    log_in(page, live_server)
    assert_accessible(page)
    page.goto(live_server + "/curate/briefings/new")
    assert_accessible(page)
    page.fill("#slug", "kingfisher-referrals")
    page.fill("#title", "Kingfisher referrals")
    page.fill("#summary", FACT)
    page.fill("#tags", "kingfisher, referrals")
    page.fill("#owner", "Browser tests")
    for key in (
        "background",
        "why_it_matters",
        "key_information",
        "what_to_do",
        "contacts",
        "further_information",
    ):
        page.fill(f"#section-{key}", FACT)
    page.fill("#section-questions", "- How quickly must a kingfisher referral be acknowledged?")
    page.check("#contact-cpat-office-hours")
    page.check("#status-published")
    page.click("button >> text=Save a new version")
    page.wait_for_selector("text=Saved as version 1")

    ask(page, live_server, "How quickly must kingfisher referrals be acknowledged?")
    titles = page.locator(".source-list a").all_inner_texts()
    assert "Kingfisher referrals" in titles
    assert re.search(r"48 hours", page.inner_text(".answer__text"))
