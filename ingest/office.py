"""Opening office files (Word .docx, OpenDocument .odt): ZIP packages checked before parsing.

Each format says how to recognise itself inside the ZIP; a file that is not a ZIP, is damaged,
is another kind of package or unpacks to more than ``MAX_UNCOMPRESSED_BYTES`` (a ZIP bomb) gets
a one-line error naming the file and saying how to fix it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from ingest.cleaning import clean_text
from ingest.decoding import sniff_format
from ingest.errors import UnreadableDocument, UnsupportedDocument
from ingest.model import Section

# Largest unpacked size of an office file: real policies are far smaller; ZIP bombs are not.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class OfficeFormat:
    extension: str  # ".docx"
    label: str  # "a Word document"
    unknown: str  # what to call a non-ZIP file: "not a Word file"
    is_kind: Callable[[zipfile.ZipFile], bool]
    app: str = ""  # where to save it again: " from Word"
    hint: str = ""  # extra advice for a file of the wrong kind


def open_office(
    data: bytes, *, name: str, kind: OfficeFormat, load: Callable[[IO[bytes]], Any]
) -> Any:
    """``load`` the file after checking it is a sound package of ``kind``."""
    ext = kind.extension
    if not data.startswith(ZIP_MAGIC):
        found = sniff_format(data) or kind.unknown
        raise UnsupportedDocument(
            f"{name}: the file is {found}, not a {ext}; give it the matching extension{kind.hint}"
        )
    damaged = f"{name}: the {ext} is damaged ({{}}); save it again{kind.app}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            matches = kind.is_kind(archive)
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, KeyError) as e:
        raise UnreadableDocument(damaged.format(type(e).__name__)) from e
    if not matches:
        raise UnsupportedDocument(
            f"{name}: the file is a ZIP but not {kind.label}; give it the matching extension"
        )
    if size > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableDocument(
            f"{name}: the {ext} expands to {size:,} bytes (limit {MAX_UNCOMPRESSED_BYTES:,}); "
            "remove large embedded images and save it again"
        )
    try:
        return load(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as e:
        # lxml's XMLSyntaxError is a SyntaxError.
        raise UnreadableDocument(damaged.format(type(e).__name__)) from e


class SectionBuilder:
    """Body lines gathered under the current heading path, cut into sections at each heading."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.first_heading: str | None = None
        self._path: list[tuple[int, str]] = []
        self._body: list[str] = []

    def add(self, *lines: str) -> None:
        self._body.extend(lines)

    def heading(self, level: int, text: str) -> None:
        """Close the section so far; ``text`` at ``level`` replaces deeper or equal headings."""
        self.finish()
        self.first_heading = self.first_heading or text
        self._path[:] = [(lvl, title) for lvl, title in self._path if lvl < level]
        self._path.append((level, text))

    def finish(self) -> list[Section]:
        text = clean_text("\n".join(self._body))
        if text:
            self.sections.append(Section(headings=tuple(t for _, t in self._path), text=text))
        self._body.clear()
        return self.sections
