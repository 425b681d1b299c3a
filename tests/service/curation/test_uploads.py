"""Curator uploads are checked by content and size, and never served back as a web page."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import SecuritySettings
from service.curation.uploads import UploadRejected, UploadTooLarge, check_upload
from tests.conftest import make_settings, sign_in_json

PASSWORD = "correct horse battery staple"
LIMIT = 4096
# Text that would run as script if an upload were ever served, or shown unescaped, as HTML.
PAYLOAD = "<script>alert('xss')</script><img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("report.pdf", b"<html><body>not a pdf</body></html>"),
        ("notes.txt", b"text with a \x00 NUL byte"),
        ("notes.md", "caf\xe9 ".encode("latin-1") * 10),
        ("page.html", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("tool.exe", b"MZ\x90\x00"),
        ("report.docx", b"PK\x03\x04"),
        ("image.svg", b"<svg onload=alert(1)></svg>"),
        ("empty.md", b""),
    ],
)
def test_check_upload_rejects_files_whose_content_does_not_match(
    filename: str, content: bytes
) -> None:
    with pytest.raises(UploadRejected, match=filename.split(".")[0]):
        check_upload(filename, content, max_bytes=LIMIT)


def test_check_upload_rejects_files_over_the_limit() -> None:
    with pytest.raises(UploadTooLarge, match="MAX_UPLOAD_BYTES"):
        check_upload("big.md", b"a" * (LIMIT + 1), max_bytes=LIMIT)


def test_check_upload_accepts_a_word_file(tmp_path: Path) -> None:
    import docx

    docx.Document().save(str(tmp_path / "policy.docx"))
    content = (tmp_path / "policy.docx").read_bytes()

    assert check_upload("Policy 2024.docx", content, max_bytes=10**6) == "Policy-2024.docx"
    with pytest.raises(UploadRejected, match="not a .odt file"):
        check_upload("Policy 2024.odt", content, max_bytes=10**6)


@pytest.mark.parametrize(
    ("filename", "stored"),
    [
        ("../../etc/cron.d/evil.md", "evil.md"),
        ("..\\..\\windows\\evil.md", "windows-evil.md"),
        ("<script>.md", "script-.md"),
        ("Annual Report (2023).pdf", "Annual-Report-2023-.pdf"),
    ],
)
def test_check_upload_stores_under_a_safe_name(filename: str, stored: str) -> None:
    content = b"%PDF-1.7\n" if filename.endswith(".pdf") else b"# Notes\n"
    assert check_upload(filename, content, max_bytes=LIMIT) == stored


@pytest.fixture(scope="module")
def curator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A signed-in curator on an app whose corpus is one small note (fast to start)."""
    root = tmp_path_factory.mktemp("uploads")
    (root / "corpus").mkdir()
    (root / "corpus" / "note.md").write_text("# Note\n\nA short note about wombat welfare.\n")
    (root / "briefings").mkdir()
    settings = make_settings(
        root / "var",
        corpus_dir=root / "corpus",
        briefings_dir=root / "briefings",
        security=SecuritySettings(max_upload_bytes=LIMIT),
    )
    with TestClient(create_app(settings)) as client:
        client.app.state.services.stores.users.create_user("curator", PASSWORD)  # type: ignore[attr-defined]
        token = sign_in_json(client, "curator", PASSWORD)
        client.headers["X-CSRF-Token"] = token
        yield client


def _upload(client: TestClient, name: str, content: bytes) -> dict[str, object]:
    response = client.post("/api/curate/documents", files={"file": (name, content)})
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    for _ in range(120):
        job: dict[str, object] = client.get(f"/api/curate/jobs/{job_id}").json()
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.25)
    raise AssertionError(f"upload job {job_id} did not finish")


def test_upload_over_the_limit_is_refused_with_413(curator: TestClient) -> None:
    response = curator.post(
        "/api/curate/documents", files={"file": ("big.md", b"# Big\n" + b"a" * LIMIT)}
    )
    assert response.status_code == 413
    assert response.json()["error"]["error"] == "too_large"


def test_upload_whose_content_is_not_its_type_is_refused_with_415(curator: TestClient) -> None:
    response = curator.post(
        "/api/curate/documents", files={"file": ("report.pdf", PAYLOAD.encode())}
    )
    assert response.status_code == 415
    assert response.json()["error"]["error"] == "unsupported_media_type"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hostile.md", f"# Hostile note\n\nThe numbat register says {PAYLOAD} here.\n"),
        ("hostile.html", f"<h1>Hostile page</h1><p>The numbat register {PAYLOAD}</p>"),
    ],
)
def test_uploaded_markup_is_never_served_back_as_html(
    curator: TestClient, name: str, content: str
) -> None:
    job = _upload(curator, name, content.encode())
    assert job["state"] == "done", job
    hits = curator.get("/api/search", params={"q": "numbat register"}).json()["hits"]
    hit = next(h for h in hits if h["source"].endswith(name))

    page = curator.get(f"/sources/{hit['chunk_id']}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    if name.endswith(".md"):  # Markdown keeps the markup as text: shown, escaped
        assert "&lt;script&gt;alert" in page.text
    assert not re.search(r"<img[^>]*onerror", page.text)
    assert (
        curator.get(f"/api/sources/{hit['chunk_id']}")
        .headers["content-type"]
        .startswith("application/json")
    )
    for path in (
        f"/uploads/{name}",
        f"/static/{name}",
        f"/static/../uploads/{name}",
        f"/static/..%2F..%2Fvar%2Fuploads%2F{name}",
        f"/var/uploads/{name}",
    ):
        response = curator.get(path, headers={"accept": "text/html"})
        assert response.status_code == 404, path
        assert "<script>alert" not in response.text, path


def test_no_route_serves_the_uploads_folder(curator: TestClient) -> None:
    settings = curator.app.state.settings  # type: ignore[attr-defined]
    uploads = Path(settings.uploads_dir).resolve()
    mounts = [
        Path(directory).resolve()
        for route in curator.app.routes  # type: ignore[attr-defined]
        if (directory := getattr(getattr(route, "app", None), "directory", None)) is not None
    ]
    assert mounts, "expected the /static mount"
    for directory in mounts:
        assert not uploads.is_relative_to(directory), directory


# -- limits before work -----------------------------------------------------------------------


def _call(
    client: TestClient,
    path: str,
    *,
    chunks: int,
    chunk: bytes,
    headers: list[tuple[bytes, bytes]],
    prefix: bytes = b"",
) -> tuple[int, int]:
    """Send a body of ``chunks`` x ``chunk`` straight to the ASGI app; (status, chunks read)."""
    read = 0
    status = 0

    async def receive() -> dict[str, object]:
        nonlocal read
        if read >= chunks:
            return {"type": "http.disconnect"}
        read += 1
        body = prefix + chunk if read == 1 else chunk
        return {"type": "http.request", "body": body, "more_body": read < chunks}

    async def send(message: dict[str, object]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])  # type: ignore[call-overload]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(client.app(scope, receive, send))  # type: ignore[arg-type]
    return status, read


MULTIPART = (b"content-type", b"multipart/form-data; boundary=xyz")
MIB = b"a" * (1024 * 1024)


def test_anonymous_upload_stream_is_refused_before_it_is_read(curator: TestClient) -> None:
    # 200 MiB, chunked (no Content-Length), and no session cookie.
    status, read = _call(
        curator, "/api/curate/documents", chunks=200, chunk=MIB, headers=[MULTIPART]
    )
    assert (status, read) == (401, 0)


def test_anonymous_oversized_json_is_refused_by_its_content_length(curator: TestClient) -> None:
    length = (b"content-length", str(80 * 1024 * 1024).encode())
    status, read = _call(
        curator,
        "/api/curate/documents/remove",
        chunks=80,
        chunk=MIB,
        headers=[(b"content-type", b"application/json"), length],
    )
    assert (status, read) == (413, 0)


def test_curator_upload_streaming_past_the_cap_is_cut_off(curator: TestClient) -> None:
    cookie = "; ".join(f"{name}={value}" for name, value in curator.cookies.items())
    headers = [
        MULTIPART,
        (b"cookie", cookie.encode()),
        (b"x-csrf-token", curator.headers["X-CSRF-Token"].encode()),
    ]
    part = b'--xyz\r\ncontent-disposition: form-data; name="file"; filename="big.md"\r\n\r\n'
    status, read = _call(
        curator,
        "/api/curate/documents",
        chunks=200,
        chunk=b"b" * 65536,
        headers=headers,
        prefix=part,
    )
    assert status == 413
    assert read <= 3  # LIMIT + 64 KiB of framing, then it stops reading


def test_failed_reupload_keeps_the_stored_good_file(curator: TestClient) -> None:
    settings = curator.app.state.settings  # type: ignore[attr-defined]
    good = b"# Echidna notes\n\nEchidna welfare checks happen every spring.\n"
    assert _upload(curator, "echidna.md", good)["state"] == "done"

    job = _upload(curator, "echidna.md", b"   \n\n# \n")

    assert job["state"] == "failed"
    assert (settings.uploads_dir / "echidna.md").read_bytes() == good
    assert not any((settings.uploads_dir / ".staging").iterdir())
    hits = curator.get("/api/search", params={"q": "echidna welfare"}).json()["hits"]
    assert any(h["source"] == "echidna.md" for h in hits)


def test_failed_new_upload_leaves_no_file_behind(curator: TestClient) -> None:
    settings = curator.app.state.settings  # type: ignore[attr-defined]
    job = _upload(curator, "blank.md", b"  \n\n")
    assert job["state"] == "failed"
    assert not (settings.uploads_dir / "blank.md").exists()
    assert not any((settings.uploads_dir / ".staging").iterdir())


def test_documents_api_cannot_remove_a_briefings_passages(curator: TestClient) -> None:
    response = curator.post(
        "/api/curate/documents/remove", json={"source": "briefings/private-fostering"}
    )
    assert response.status_code == 409
    assert "unpublish" in response.json()["error"]["message"]


def test_job_status_poll_on_another_worker_finds_the_job(curator: TestClient) -> None:
    settings = curator.app.state.settings  # type: ignore[attr-defined]
    response = curator.post(
        "/api/curate/documents", files={"file": ("platypus.md", b"# Platypus\n\nNotes.\n")}
    )
    assert response.status_code == 202
    job_id = response.json()["id"]
    with TestClient(create_app(settings)) as other_worker:
        other_worker.cookies.update(dict(curator.cookies.items()))
        for _ in range(120):
            poll = other_worker.get(f"/api/curate/jobs/{job_id}")
            assert poll.status_code == 200, poll.text
            if poll.json()["state"] in {"done", "failed"}:
                break
            time.sleep(0.25)
    assert poll.json()["state"] == "done", poll.json()
    assert poll.json()["filename"] == "platypus.md"
