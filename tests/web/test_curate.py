"""The curator workspace: publish a briefing and see it cited, versions, documents, feedback."""

from __future__ import annotations

import stat
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from briefings.model import SECTION_TITLES
from service.chat.sources import highlight
from service.config import Settings
from service.curation.uploads import UploadRejected, UploadTooLarge, check_upload
from service.http.sessions import SECRET_FILE, load_session_secret
from tests.servers import serve_in_thread
from tests.web.conftest import HTML, csrf_from

FACT = "The Zephyrine Protocol requires a quokka welfare check within 36 hours."


def _form(slug: str, status: str, **extra: str) -> dict[str, str]:
    data = {
        "slug": slug,
        "title": "Quokka welfare checks",
        "summary": FACT,
        "tags": "quokkas, testing",
        "owner": "Tests",
        "status": status,
        "published": "2026-01-05",
        "review": "2027-01-05",
        "base_version": "0",
    }
    for key, heading in SECTION_TITLES:
        data[f"section_{key}"] = f"{heading}: {FACT}"
    data["section_questions"] = "- When is the quokka welfare check due?"
    data.update(extra)
    return data


def _wait_for(client: TestClient, job_id: str) -> dict[str, str]:
    for _ in range(200):
        job = client.get(f"/api/curate/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError("ingest job did not finish")


def test_dashboard_and_lists(curator_client: tuple[TestClient, str]):
    client, _ = curator_client
    dashboard = client.get("/api/curate").json()
    assert dashboard["published"] >= 1 and dashboard["documents"] >= 1
    assert "Curator dashboard" in client.get("/curate", headers=HTML).text
    rows = client.get("/api/curate/briefings").json()
    assert {"status", "slug"} <= set(rows[0])


def test_publish_briefing_is_cited_in_chat(curator_client: tuple[TestClient, str]):
    client, token = curator_client
    response = client.post(
        "/curate/briefings",
        data=_form("quokka-checks", "draft", csrf_token=token),
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert client.get("/api/briefings/quokka-checks").status_code == 404

    response = client.post(
        "/curate/briefings/quokka-checks/publish",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    answer = client.post("/api/chat", json={"question": "When is the quokka welfare check due?"})
    sources = [c["source"] for c in answer.json()["citations"]]
    assert "briefings/quokka-checks" in sources

    versions = client.get("/api/curate/briefings/quokka-checks/versions").json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["author"] == "curator" and versions[0]["status"] == "published"
    page = client.get("/curate/briefings/quokka-checks/versions", headers=HTML).text
    assert "Version" in page and "curator" in page

    client.post("/api/curate/briefings/quokka-checks/unpublish", headers={"X-CSRF-Token": token})
    answer = client.post("/api/chat", json={"question": "When is the quokka welfare check due?"})
    assert "briefings/quokka-checks" not in [c["source"] for c in answer.json()["citations"]]


def test_edit_form_saves_new_version(curator_client: tuple[TestClient, str]):
    client, token = curator_client
    client.post("/curate/briefings", data=_form("edit-me", "draft", csrf_token=token))
    form = client.get("/curate/briefings/edit-me/edit", headers=HTML).text
    assert 'name="section_what_to_do"' in form and 'value="1"' in form
    response = client.post(
        "/curate/briefings",
        data=_form("edit-me", "draft", csrf_token=token, base_version="1", title="Edited title"),
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert client.get("/api/curate/briefings/edit-me").json()["title"] == "Edited title"


def test_stale_edit_is_refused(curator_client: tuple[TestClient, str]):
    client, token = curator_client
    client.post("/curate/briefings", data=_form("stale-edit", "draft", csrf_token=token))
    client.post(
        "/curate/briefings", data=_form("stale-edit", "draft", csrf_token=token, base_version="1")
    )
    response = client.post(
        "/curate/briefings", data=_form("stale-edit", "draft", csrf_token=token, base_version="1")
    )
    assert response.status_code == 409


def test_invalid_briefing_redisplays_form(curator_client: tuple[TestClient, str]):
    client, token = curator_client
    response = client.post(
        "/curate/briefings",
        data=_form("bad-one", "published", csrf_token=token, section_background=""),
    )
    assert response.status_code == 422
    assert "There is a problem" in response.text and "Background" in response.text


def test_save_briefing_json(curator_client: tuple[TestClient, str]):
    client, token = curator_client
    body = {
        "slug": "json-briefing",
        "title": "From JSON",
        "summary": "Made by the API.",
        "status": "draft",
        "base_version": 0,
    }
    response = client.post("/api/curate/briefings", json=body, headers={"X-CSRF-Token": token})
    assert response.status_code == 201
    assert response.json() == {"slug": "json-briefing", "version": 1, "status": "draft"}


def test_upload_document_is_ingested_and_removable(curator_client: tuple[TestClient, str]):
    client, token = curator_client
    content = b"# Heron guidance\n\nHeron safeguarding leads meet every second Thursday.\n"
    response = client.post(
        "/api/curate/documents",
        headers={"X-CSRF-Token": token},
        files={"file": ("heron.md", content, "text/markdown")},
    )
    assert response.status_code == 202, response.text
    job = _wait_for(client, response.json()["id"])
    assert job["state"] == "done", job
    sources = [d["source"] for d in client.get("/api/curate/documents").json()]
    assert "heron.md" in sources
    assert "heron.md" in client.get(f"/curate/jobs/{job['id']}", headers=HTML).text
    removed = client.post(
        "/api/curate/documents/remove", headers={"X-CSRF-Token": token}, json={"source": "heron.md"}
    )
    assert removed.json()["removed"] is True
    assert "heron.md" not in [d["source"] for d in client.get("/api/curate/documents").json()]


def test_upload_form_redirects_to_job_page(curator_client: tuple[TestClient, str]):
    client, _ = curator_client
    token = csrf_from(client.get("/curate/documents", headers=HTML).text)
    response = client.post(
        "/curate/documents",
        data={"csrf_token": token},
        files={"file": ("notes.txt", b"Plain notes about kestrels.", "text/plain")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/curate/jobs/")
    _wait_for(client, response.headers["location"].rsplit("/", 1)[1])


def test_upload_rejects_fake_pdf(curator_client: tuple[TestClient, str]):
    client, token = curator_client
    response = client.post(
        "/api/curate/documents",
        headers={"X-CSRF-Token": token},
        files={"file": ("fake.pdf", b"<html>not a pdf</html>", "application/pdf")},
    )
    assert response.status_code == 415
    assert "%PDF-" in response.json()["error"]["message"]


def test_upload_without_csrf_refused(curator_client: tuple[TestClient, str]):
    client, _ = curator_client
    response = client.post(
        "/api/curate/documents", files={"file": ("a.txt", b"hello there", "text/plain")}
    )
    assert response.status_code == 403


def test_check_upload_by_content():
    assert check_upload("My Report.PDF", b"%PDF-1.7 ...", max_bytes=1000) == "My-Report.PDF"
    with pytest.raises(UploadRejected):
        check_upload("binary.html", b"\x00\x01\x02", max_bytes=1000)
    with pytest.raises(UploadRejected):
        check_upload("tool.exe", b"MZ", max_bytes=1000)
    with pytest.raises(UploadTooLarge):
        check_upload("big.txt", b"x" * 2000, max_bytes=1000)


def test_feedback_and_unanswered_pages(curator_client: tuple[TestClient, str]):
    client, _ = curator_client
    client.post("/api/feedback", json={"rating": "down", "reason": "Too vague for me"})
    client.post("/api/chat", json={"question": "What is the capital of Mongolia's weather?"})
    assert "Too vague for me" in client.get("/curate/feedback", headers=HTML).text
    assert any(f["reason"] == "Too vague for me" for f in client.get("/api/curate/feedback").json())
    groups = client.get("/api/curate/unanswered").json()
    assert groups and all("times_asked" in g for g in groups)
    assert "Unanswered" in client.get("/curate/unanswered", headers=HTML).text


def test_session_secret_file_is_private(web_settings: Settings):
    path = web_settings.data_dir / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_highlight_marks_each_quoted_sentence():
    passage = "One thing. Two  things here. Three."
    segments = highlight(passage, "One thing. Two things here.")
    assert "".join(s.text for s in segments) == passage
    assert [s.text for s in segments if s.marked] == ["One thing.", "Two  things here."]


def test_saving_a_briefing_form_does_not_block_other_requests(
    curator_client: tuple[TestClient, str], monkeypatch: pytest.MonkeyPatch
):
    client, token = curator_client
    app = client.app
    kb = app.state.services.kb  # type: ignore[attr-defined]
    original = kb.add_documents
    entered, release = threading.Event(), threading.Event()

    def slow_add_documents(*args: object, **kwargs: object) -> object:
        entered.set()
        release.wait(timeout=20)
        return original(*args, **kwargs)

    monkeypatch.setattr(kb, "add_documents", slow_add_documents)
    with serve_in_thread(app, lifespan="off") as base:  # one event loop, as in production
        server = httpx.Client(base_url=base, cookies=dict(client.cookies.items()), timeout=60)
        save = threading.Thread(
            target=server.post,
            args=("/curate/briefings",),
            kwargs={"data": _form("slow-save", "published", csrf_token=token)},
        )
        save.start()
        try:
            assert entered.wait(timeout=20)
            started = time.monotonic()
            assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
            assert time.monotonic() - started < 5, "the save blocked the event loop"
        finally:
            release.set()
            save.join(timeout=60)
            server.close()


def test_workers_starting_together_all_read_one_session_secret(tmp_path):
    # Many workers (threads here) starting at once, round after round, on fresh folders.
    for round_ in range(30):
        settings = Settings(data_dir=tmp_path / f"round-{round_}")
        barrier = threading.Barrier(12)
        secrets_read: list[bytes] = []

        def start(
            settings: Settings = settings,
            barrier: threading.Barrier = barrier,
            secrets_read: list[bytes] = secrets_read,
        ) -> None:
            barrier.wait(timeout=30)
            secrets_read.append(load_session_secret(settings))

        workers = [threading.Thread(target=start) for _ in range(12)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
        assert len(secrets_read) == 12
        assert len(set(secrets_read)) == 1 and secrets_read[0], round_
