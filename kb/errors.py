"""Exceptions raised by the knowledge base.

KnowledgeBaseError
├── EmbeddingModelMissing(RuntimeError)  the bundled model package is not installed
└── VectorStoreUnavailable(ConnectionError)  a configured Chroma server cannot be reached
"""

from __future__ import annotations


class KnowledgeBaseError(Exception):
    """Base class for knowledge-base failures."""


class EmbeddingModelMissing(KnowledgeBaseError, RuntimeError):
    """Raised when the bundled embedding model cannot be found on disk (never downloaded)."""


class VectorStoreUnavailable(KnowledgeBaseError, ConnectionError):
    """Raised when the configured Chroma server does not answer."""
