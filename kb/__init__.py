"""The knowledge base: ``Chunk`` -> index -> ``Hit``.

Owns the embedders (bundled MiniLM, int8 ONNX or sentence-transformers), the chunk store (the
source of truth: SQLite by default, PostgreSQL when the caller passes an engine), Chroma vectors,
BM25 (generation folders, or rows in PostgreSQL), rank fusion and the LangChain retriever. Takes
plain arguments (paths, an SQLAlchemy engine) and never reads settings. May import ``ingest``
only; the PostgreSQL tables it uses are made by ``db``'s migrations, which the service runs.
"""
