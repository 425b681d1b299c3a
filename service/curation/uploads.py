"""Curator uploads: check a file by its content, stage it, keep it under ``data_dir/uploads``.

A file is written under a staging folder first and moved over the stored copy only once it has
been ingested: a failed re-upload leaves the good file (and its passages) as they were.

Exception
 └── ValueError
      └── UploadRejected          -- not a document we ingest (415)
           └── UploadTooLarge     -- bigger than settings.security.max_upload_bytes (413)
"""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import zipfile
from pathlib import Path

# Extensions we accept, by the kind their content must look like.
ALLOWED = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".md": "text",
    ".markdown": "text",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# How much of a text file is sniffed for binary content.
SNIFF_BYTES = 8192
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# Folder under uploads/ for files not yet ingested (safe names never start with a dot).
STAGING_DIR = ".staging"


class UploadRejected(ValueError):
    """Raised when an upload is not a PDF, Word/OpenDocument, Markdown, HTML or text document."""


class UploadTooLarge(UploadRejected):
    """Raised when an upload is over the configured size limit."""


def check_upload(filename: str, content: bytes, *, max_bytes: int) -> str:
    """The safe file name to store ``content`` under, or ``UploadRejected`` saying why."""
    if len(content) > max_bytes:
        raise UploadTooLarge(
            f"{filename} is {len(content):,} bytes; the limit is {max_bytes:,} "
            "(split the document, or raise SAFEGUIDE_SECURITY__MAX_UPLOAD_BYTES)"
        )
    if not content:
        raise UploadRejected(f"{filename} is empty")
    name = _SAFE_NAME.sub("-", Path(filename).name).strip("-.") or "document"
    suffix = Path(name).suffix.lower()
    kind = ALLOWED.get(suffix)
    if kind is None:
        raise UploadRejected(
            f"{filename}: upload a PDF, Word (.docx, .odt), Markdown (.md), HTML or .txt file"
        )
    if kind == "pdf":
        if not content.startswith(PDF_MAGIC):
            raise UploadRejected(f"{filename} does not start like a PDF (%PDF-); is it really one?")
    elif kind in ("docx", "odt"):
        if not _looks_like_office(content, kind):
            raise UploadRejected(
                f"{filename} is not a {suffix} file; save it as {suffix} and retry"
            )
    elif not _looks_like_text(content[:SNIFF_BYTES]):
        raise UploadRejected(f"{filename} is not readable text; save it as UTF-8 and try again")
    return name


def stage_upload(name: str, content: bytes, *, directory: Path) -> Path:
    """Write the checked file, under its own name, into a fresh staging folder."""
    staging = directory / STAGING_DIR / secrets.token_hex(8)
    staging.mkdir(parents=True)
    path = staging / name
    path.write_bytes(content)
    return path


def _looks_like_office(content: bytes, kind: str) -> bool:
    """A Word file holds word/document.xml; an OpenDocument text names its type in mimetype."""
    if not content.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if kind == "docx":
                return "word/document.xml" in archive.namelist()
            return archive.read("mimetype").strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, KeyError):
        return False


def keep_upload(staged: Path, *, directory: Path) -> Path:
    """Move an ingested file over the stored copy (atomic rename), and drop its staging folder."""
    path = directory / staged.name
    os.replace(staged, path)
    shutil.rmtree(staged.parent, ignore_errors=True)
    return path


def discard_upload(staged: Path) -> None:
    """Delete a file that failed to ingest, with its staging folder."""
    shutil.rmtree(staged.parent, ignore_errors=True)


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as e:
        # A multi-byte character cut at the end of the sample is fine.
        if e.start < len(sample) - 4:
            return False
    return True
