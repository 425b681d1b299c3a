"""The knowledge base as a LangChain ``BaseRetriever``, so LangChain chains can use it."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from kb.hit import Hit
from kb.index import KnowledgeBase, SearchMode


def hit_to_document(hit: Hit) -> LCDocument:
    """A LangChain document carrying everything a citation needs in its metadata."""
    chunk = hit.chunk
    return LCDocument(
        page_content=chunk.text,
        id=chunk.id,
        metadata={
            **chunk.reference(),
            "owner": chunk.meta.owner,
            "kind": chunk.meta.kind,
            "score": hit.score,
            "dense": hit.dense,
            "lexical": hit.lexical,
        },
    )


class KnowledgeBaseRetriever(BaseRetriever):
    """Hybrid retrieval over a ``KnowledgeBase``: ``retriever.invoke("question")``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    knowledge_base: KnowledgeBase
    k: int = 6
    mode: SearchMode = "hybrid"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[LCDocument]:
        hits = self.knowledge_base.search(query, k=self.k, mode=self.mode)
        return [hit_to_document(h) for h in hits]
