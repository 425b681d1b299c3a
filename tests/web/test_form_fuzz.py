"""Property-based tests of the HTML forms (hypothesis): whatever a browser, or something posing
as one, sends to a form endpoint, the answer is a page or a redirect, never a server error.

The JSON twins are fuzzed from the OpenAPI schema (tests/service/test_api_fuzz.py); the form
endpoints are left out of that schema, so their fields are generated here, by name, with a
valid session and CSRF token (and, for one property, without them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.model import SECTION_TITLES
from service.app import create_app
from service.config import SecuritySettings, Settings
from service.http.auth import CSRF_FIELD
from tests.conftest import sign_in_json

PASSWORD = "correct horse battery staple"
# Every form the pages post, with the fields its template sends.
FORMS: dict[str, list[str]] = {
    "/": ["question", "conversation_id"],
    "/feedback": ["conversation_id", "rating", "reason"],
    "/login": ["username", "password", "next"],
    "/curate/briefings": [
        "original_slug",
        "slug",
        "title",
        "summary",
        "tags",
        "owner",
        "published",
        "review",
        "status",
        "contacts",
        "base_version",
        *(f"section_{key}" for key, _ in SECTION_TITLES),
    ],  # fmt: skip
    "/curate/documents/remove": ["source"],
    "/curate/briefings/{slug}/publish": [],
    "/curate/reviews/{kind}/{item_id}": [],
}
# Forms that change something for a curator: each needs the session's CSRF token.
CSRF_FORMS = sorted({*FORMS, "/logout"} - {"/", "/feedback"})
FUZZ = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
# Text as forms carry it: any characters but NUL and lone surrogates (which no form can encode),
# sometimes long, sometimes a known value.
VALUES = st.one_of(
    st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=300),
    st.sampled_from(["", "up", "down", "published", "draft", "1", "-1", "/curate", "//evil"]),
)
PATH_PARTS = st.one_of(
    st.from_regex(r"[A-Za-z0-9_.-]{1,40}", fullmatch=True),
    st.sampled_from(["contact", "briefing", "..", "%2e%2e", "private-fostering"]),
)


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """An app of its own (the fuzzer edits and removes things) and a curator signed in to it."""
    root: Path = tmp_path_factory.mktemp("form-fuzz")
    (root / "corpus").mkdir()
    (root / "corpus" / "note.md").write_text("# Note\n\nA short note about wombat welfare.\n")
    fuzz_settings = Settings(
        data_dir=root / "var",
        corpus_dir=root / "corpus",
        security=SecuritySettings(
            login_rate_per_minute=100_000,
            chat_rate_per_minute=100_000,
            feedback_rate_per_minute=100_000,
        ),
    )
    app = create_app(fuzz_settings)
    with TestClient(app) as client:
        app.state.services.stores.users.create_user("fuzzer", PASSWORD)
        token = sign_in_json(client, "fuzzer", PASSWORD)
        yield client, token


def _path(template: str, draw: st.DataObject) -> str:
    for name in ("slug", "kind", "item_id"):
        if f"{{{name}}}" in template:
            template = template.replace(f"{{{name}}}", draw.draw(PATH_PARTS, label=name))
    return template


def _post(client: TestClient, path: str, data: dict[str, str]) -> int:
    response = client.post(path, data=data, follow_redirects=False)
    assert response.status_code < 500, (path, data, response.text[:500])
    assert "Traceback" not in response.text
    return response.status_code


@pytest.mark.parametrize("form", sorted(set(FORMS) - {"/login"}))
def test_signed_in_forms_never_fail(signed_in: tuple[TestClient, str], form: str) -> None:
    client, token = signed_in
    codes: list[int] = []

    @FUZZ
    @given(data=st.data())
    def post_anything(data: st.DataObject) -> None:
        fields = {name: data.draw(VALUES, label=name) for name in FORMS[form]}
        codes.append(_post(client, _path(form, data), {**fields, CSRF_FIELD: token}))

    post_anything()
    assert len(codes) >= 20, "the fuzzer sent too few requests"
    assert client.get("/api/curate").status_code == 200, "the session did not survive"


@pytest.mark.parametrize("form", CSRF_FORMS)
def test_forms_without_a_valid_csrf_token_are_refused(
    signed_in: tuple[TestClient, str], form: str
) -> None:
    client, _ = signed_in

    @FUZZ
    @given(data=st.data(), token=VALUES)
    def post_forged(data: st.DataObject, token: str) -> None:
        fields = {name: data.draw(VALUES, label=name) for name in FORMS.get(form, [])}
        path = form.format(slug="note", kind="contact", item_id="cpat")  # routes that exist
        assert _post(client, path, {**fields, CSRF_FIELD: token}) == 403

    post_forged()
    assert client.get("/api/curate").status_code == 200, "a forged form ended the session"


def test_a_forged_token_with_non_ascii_characters_is_refused_not_a_server_error(
    signed_in: tuple[TestClient, str],
) -> None:
    client, _ = signed_in
    forged = {"source": "x", CSRF_FIELD: "jeton-été"}
    assert _post(client, "/curate/documents/remove", forged) == 403


def test_a_digit_that_is_not_a_number_is_no_base_version(
    signed_in: tuple[TestClient, str],
) -> None:
    # "¹" is a digit to str.isdigit() but int() refuses it: the fuzzer found a 500 here.
    client, token = signed_in
    fields = {name: "" for name in FORMS["/curate/briefings"]}
    fields["base_version"] = "¹"
    assert _post(client, "/curate/briefings", {**fields, CSRF_FIELD: token}) < 500
