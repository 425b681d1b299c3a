"""The knowledge base: ``Chunk`` -> index -> ``Hit``.

Owns the embedders (bundled MiniLM, int8 ONNX or sentence-transformers), the SQLite chunk store
(the source of truth), Chroma vectors, BM25, rank fusion and the LangChain retriever. Takes plain
arguments and never reads settings. May import ``ingest`` only.
"""
