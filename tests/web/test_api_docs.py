"""``/docs``: the API reference served by the app (offline, no script); Swagger UI is opt-in."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from service.app import create_app
from service.config import ApiDocsSettings, Settings
from tests.web.conftest import HTML


def test_docs_page_lists_the_api_without_a_cdn_or_script(web_client: TestClient):
    page = web_client.get("/docs", headers=HTML)
    assert page.status_code == 200
    assert "<code>POST /api/chat</code>" in page.text
    assert "<code>GET /api/conversations/{conversation_id}</code>" in page.text
    assert "cdn." not in page.text and re.search(r"<script(?![^>]*\bsrc=)", page.text) is None
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]


def test_interactive_docs_are_off_by_default(web_client: TestClient):
    assert web_client.get("/docs/swagger").status_code == 404
    assert web_client.get("/redoc").status_code == 404


def test_interactive_docs_can_be_switched_on(web_settings: Settings):
    settings = web_settings.model_copy(update={"api_docs": ApiDocsSettings(interactive=True)})
    app = create_app(settings)  # no lifespan needed: the docs routes read only the schema
    client = TestClient(app)
    assert client.get("/docs/swagger").status_code == 200
    assert "'unsafe-inline'" in client.get("/docs/swagger").headers["content-security-policy"]
