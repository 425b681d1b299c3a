"""Ingestion: files -> ``Document`` -> ``Chunk``. Plain arguments only; no settings, no HTTP.

documents = load_documents(iter_paths(paths), root=root)
chunks = split_documents(documents)
"""

from __future__ import annotations

from ingest.chunking import split_document, split_documents
from ingest.cleaning import clean_text
from ingest.errors import (
    DocumentNotFound,
    EmptyDocument,
    EncryptedDocument,
    IngestError,
    UnreadableDocument,
    UnsupportedDocument,
)
from ingest.loaders import iter_paths, load_document, load_documents
from ingest.model import Chunk, Document, DocumentMeta, Section

__all__ = [
    "Chunk",
    "Document",
    "DocumentMeta",
    "DocumentNotFound",
    "EmptyDocument",
    "EncryptedDocument",
    "IngestError",
    "Section",
    "UnreadableDocument",
    "UnsupportedDocument",
    "clean_text",
    "iter_paths",
    "load_document",
    "load_documents",
    "split_document",
    "split_documents",
]
