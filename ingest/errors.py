"""Exceptions raised while loading documents.

    IngestError(Exception)
    ├── DocumentNotFound(IngestError, FileNotFoundError)  a path that does not exist
    ├── UnsupportedDocument(IngestError, ValueError)      unknown type, or content not of its type
    ├── EncryptedDocument(IngestError, ValueError)        a PDF that needs a password
    ├── UnreadableDocument(IngestError, ValueError)       corrupt, truncated or not decodable
    └── EmptyDocument(IngestError, ValueError)            no extractable text

Every message is one line that names the file and says how to fix the problem.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base class: a file could not be turned into a ``Document``."""


class DocumentNotFound(IngestError, FileNotFoundError):
    """Raised when a path given for ingestion does not exist."""


class UnsupportedDocument(IngestError, ValueError):
    """Raised for an unknown file extension, or content that does not match its extension."""


class EncryptedDocument(IngestError, ValueError):
    """Raised for a PDF that cannot be opened without a password."""


class UnreadableDocument(IngestError, ValueError):
    """Raised when a file is corrupt, truncated or in an encoding that cannot be decoded safely."""


class EmptyDocument(IngestError, ValueError):
    """Raised when a file holds no extractable text (zero bytes, scanned images, blank pages)."""
