from __future__ import annotations

import numpy as np
import pytest

from kb.embeddings import DIMENSION, Embedder, load_embedder, token_batches

TEXTS = [
    "A child under 16 living with someone who is not a close relative for more than 28 days.",
    "Call 999 if a child is in immediate danger.",
    "The LADO coordinates the response to allegations against staff.",
]


def test_onnx_vectors_are_unit_length(embedder: Embedder) -> None:
    vectors = embedder.embed_documents(TEXTS)
    assert vectors.shape == (3, DIMENSION)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_onnx_batch_order_matches_single_queries(embedder: Embedder) -> None:
    batch = embedder.embed_documents(TEXTS)
    for i, text in enumerate(TEXTS):
        assert float(batch[i] @ embedder.embed_query(text)) > 0.999


def test_related_text_is_closer_than_unrelated(embedder: Embedder) -> None:
    q = embedder.embed_query("who do I tell about a privately fostered child?")
    docs = embedder.embed_documents(TEXTS)
    assert int(np.argmax(docs @ q)) == 0


@pytest.mark.slow
def test_onnx_agrees_with_sentence_transformers(embedder: Embedder) -> None:
    reference = load_embedder("sentence-transformers")
    cosine = (embedder.embed_documents(TEXTS) * reference.embed_documents(TEXTS)).sum(axis=1)
    assert cosine.min() >= 0.999


def test_many_texts_spread_over_sessions_keep_their_order(embedder: Embedder) -> None:
    # Enough texts of different lengths for many batches on every per-core session.
    texts = [f"{i} " + " ".join(TEXTS[: 1 + i % 3]) * (1 + i % 5) for i in range(60)]
    vectors = embedder.embed_documents(texts)
    for i in (0, 7, 33, 59):
        assert float(vectors[i] @ embedder.embed_query(texts[i])) > 0.999
    assert float(vectors[0] @ vectors[59]) < 0.999


def test_token_batches_keep_the_budget_and_every_text_once() -> None:
    lengths = [5, 300, 40, 40, 12, 100, 7, 260, 64]
    batches = token_batches(lengths, 128)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 128
    assert [1] in batches and [7] in batches  # a text over the budget goes alone
    assert batches[0] == [0, 6, 4]  # shortest first


def test_a_question_embedded_twice_is_run_once(embedder: Embedder) -> None:
    # The urgency check and retrieval embed the same question: the second call is free.
    first = embedder.embed_query("Who do I call about a child missing since this morning?")
    again = embedder.embed_query("Who do I call about a child missing since this morning?")
    other = embedder.embed_query("Who do I call about a child missing since last night?")
    assert again is first and other is not first
    assert not first.flags.writeable  # shared, so nobody may change it in place
