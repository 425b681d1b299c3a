"""The knowledge base's tables in PostgreSQL: the chunk store and the BM25 generations.

Declared here (SQLAlchemy Core, on their own ``MetaData``) so the stores and the migrations that
create them (``db/migrations``, wired by the service) agree on one schema. Names start ``kb_`` so
they never collide with the curator tables in the same database.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

CHUNK_METADATA = MetaData()

documents = Table(
    "kb_documents",
    CHUNK_METADATA,
    Column("source", Text, primary_key=True),
    Column("doc_hash", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("date", Text),
    Column("owner", Text),
    Column("url", Text),
    Column("kind", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("chunk_count", Integer, nullable=False),
    Column("ingested_at", Text, nullable=False),
)

chunks = Table(
    "kb_chunks",
    CHUNK_METADATA,
    Column("id", Text, primary_key=True),
    Column(
        "source",
        Text,
        ForeignKey("kb_documents.source", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("section", Text),
    Column("page", Integer),
    Index("kb_chunks_by_source", "source", "position"),
)

text_vectors = Table(
    "kb_text_vectors",
    CHUNK_METADATA,
    Column("key", Text, primary_key=True),
    Column("vector", LargeBinary, nullable=False),
)

# One row per counter; ``generation`` rises with every committed change to the chunk store.
state = Table(
    "kb_state",
    CHUNK_METADATA,
    Column("key", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Each BM25 generation, serialised whole (``LexicalIndex.to_bytes``); the newest is current.
lexical_generations = Table(
    "kb_lexical_generations",
    CHUNK_METADATA,
    Column("generation", BigInteger, primary_key=True, autoincrement=False),
    Column("created_at", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
