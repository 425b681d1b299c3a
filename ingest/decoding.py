"""Bytes to text, refusing anything that would come out as mojibake.

UTF-8 (with or without a BOM) is decoded as such; otherwise Windows-1252 is accepted only if every
byte decodes. Bytes with NULs (UTF-16, binaries) are refused rather than guessed at.
"""

from __future__ import annotations

import logging

from ingest.errors import UnreadableDocument, UnsupportedDocument

logger = logging.getLogger(__name__)

# Leading bytes of formats that are sometimes saved under a text extension by mistake.
MAGIC = {
    b"%PDF-": "a PDF",
    b"PK\x03\x04": "a ZIP/Office file",
    b"\xd0\xcf\x11\xe0": "a Word 97 file",
}


def sniff_format(data: bytes) -> str | None:
    """Name the format ``data`` starts like ("a PDF", "HTML"), or None if it looks like text."""
    head = data[:1024]
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "HTML"
    return None


def decode_text(data: bytes, *, name: str, expected: str = "text") -> str:
    """Decode a text file's bytes; raise if it is another format or not safely decodable."""
    found = sniff_format(data)
    if found is not None and found != expected:
        raise UnsupportedDocument(
            f"{name}: the file is {found}, not {expected}; give it the matching extension"
        )
    if b"\x00" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableDocument(
            f"{name}: the file contains NUL bytes (UTF-16 or binary); save it as UTF-8 text"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as e:
        raise UnreadableDocument(
            f"{name}: the text is neither UTF-8 nor Windows-1252; save it as UTF-8 and ingest again"
        ) from e
    logger.info("decoded as cp1252 source=%s", name)
    return text
