"""Files to ``Document``s: pick the reader by extension, then apply any metadata sidecar.

documents = load_documents(iter_paths([Path("kb/corpus")]), root=Path("kb/corpus"))
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from ingest.decoding import decode_text
from ingest.docx import read_docx
from ingest.errors import DocumentNotFound, EmptyDocument, UnreadableDocument, UnsupportedDocument
from ingest.html import read_html
from ingest.markdown import read_markdown
from ingest.meta import apply_sidecar
from ingest.model import Document, DocumentMeta, Section
from ingest.odt import read_odt
from ingest.pdf import read_pdf
from ingest.text import read_text

logger = logging.getLogger(__name__)

Reader = Callable[[bytes, str], tuple[DocumentMeta, list[Section]]]


def _pdf(data: bytes, name: str) -> tuple[DocumentMeta, list[Section]]:
    return read_pdf(data, name=name)


def _docx(data: bytes, name: str) -> tuple[DocumentMeta, list[Section]]:
    return read_docx(data, name=name)


def _odt(data: bytes, name: str) -> tuple[DocumentMeta, list[Section]]:
    return read_odt(data, name=name)


def _markdown(data: bytes, name: str) -> tuple[DocumentMeta, list[Section]]:
    return read_markdown(decode_text(data, name=name), name=name)


def _html(data: bytes, name: str) -> tuple[DocumentMeta, list[Section]]:
    return read_html(decode_text(data, name=name, expected="HTML"), name=name)


def _text(data: bytes, name: str) -> tuple[DocumentMeta, list[Section]]:
    return read_text(decode_text(data, name=name), name=name)


# Readers by lower-case extension; anything else is refused with UnsupportedDocument.
READERS: dict[str, Reader] = {
    ".pdf": _pdf,
    ".docx": _docx,
    ".odt": _odt,
    ".md": _markdown,
    ".markdown": _markdown,
    ".html": _html,
    ".htm": _html,
    ".txt": _text,
}
# Folder notes, not guidance: skipped when a directory is expanded (a named file is still loaded).
SKIPPED_NAMES = frozenset({"README.md"})


def load_document(path: Path, *, root: Path | None = None) -> Document:
    """Load one file. ``source`` is its path relative to ``root`` (POSIX), else its file name."""
    name = path.name
    if not path.exists():
        raise DocumentNotFound(f"{path}: no such file; check the path and try again")
    source = _source(path, root)
    reader = READERS.get(path.suffix.lower())
    if reader is None or not path.is_file():
        kinds = ", ".join(sorted(READERS))
        raise UnsupportedDocument(
            f"{name}: cannot ingest this kind of file; convert it to one of {kinds}"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableDocument(
            f"{name}: the file cannot be read ({e}); check its permissions"
        ) from e
    if not data.strip():
        raise EmptyDocument(f"{name}: the file is empty; add content or remove it from the corpus")
    meta, sections = reader(data, name)
    if not sections:
        raise EmptyDocument(
            f"{name}: no text could be extracted (a scan or image-only file?); "
            "run OCR or supply a text version"
        )
    meta = apply_sidecar(meta, path)
    logger.debug("loaded source=%s sections=%d", name, len(sections))
    return Document(
        source=source,
        meta=meta,
        sections=tuple(sections),
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def fingerprint(path: Path, *, root: Path | None = None) -> tuple[str, str] | None:
    """(source, content hash) that ``load_document`` would give, without parsing the file.

    None when the file cannot be read; ``load_document`` then reports why.
    """
    try:
        return _source(path, root), hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None


def load_documents(paths: Iterable[Path], *, root: Path | None = None) -> list[Document]:
    """Load each path in order; the first failure raises."""
    return [load_document(path, root=root) for path in paths]


def iter_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand directories recursively into supported files, sorted; keep named files as given.

    Hidden files and folders and ``README.md`` files are skipped inside directories. Duplicates
    are dropped. A missing path raises ``DocumentNotFound``.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if not path.exists():
            raise DocumentNotFound(f"{path}: no such file or folder; check the path")
        if path.is_dir():
            found.update(dict.fromkeys(sorted(_walk(path))))
        else:
            found[path] = None
    return list(found)


def _walk(folder: Path) -> Iterable[Path]:
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in READERS and path.name not in SKIPPED_NAMES:
            yield path


def _source(path: Path, root: Path | None) -> str:
    if root is None:
        return path.name
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError as e:
        raise ValueError(f"{path} is not inside root {root}; pass the folder that holds it") from e
