"""Fixtures for ingestion tests: small PDFs written at test time, and the shared UK corpus."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

# ../shared beside the repository: tests/ingest/conftest.py -> parents[2] is the repo root.
SHARED = Path(__file__).resolve().parents[2].parent / "shared"

MakePdf = Callable[..., Path]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf_bytes(pages: Sequence[Sequence[str]]) -> bytes:
    """A minimal valid PDF: each page shows its lines in Helvetica, top to bottom."""
    objects: list[bytes] = []
    n = len(pages)
    page_ids = [4 + 2 * i for i in range(n)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            ops += [f"({_escape(line)}) Tj", "T*"]
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_ids[i] + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return write_pdf(objects)


def write_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of numbered ``objects`` (object 1 the catalogue) with its xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


@pytest.fixture
def make_pdf(tmp_path: Path) -> MakePdf:
    """``make_pdf(pages, *, name, title, created, outline=[(title, page, parent)], password)``."""

    def make(
        pages: Sequence[Sequence[str]],
        *,
        name: str = "guide.pdf",
        title: str | None = None,
        created: str | None = None,
        outline: Sequence[tuple[str, int, str | None]] = (),
        password: str | None = None,
    ) -> Path:
        data = text_pdf_bytes(pages)
        if title or created or outline or password is not None:
            writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
            info = {}
            if title:
                info["/Title"] = title
            if created:
                info["/CreationDate"] = created
            if info:
                writer.add_metadata(info)
            items: dict[str, object] = {}
            for heading, page_index, parent in outline:
                items[heading] = writer.add_outline_item(
                    heading, page_index, parent=items[parent] if parent else None
                )
            if password is not None:
                writer.encrypt(password, algorithm="AES-128")
            buffer = io.BytesIO()
            writer.write(buffer)
            data = buffer.getvalue()
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared corpus lives beside the repository")
    return SHARED
