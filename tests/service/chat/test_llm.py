"""The LLM answerer's checks, against scripted fake chat models that misbehave."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from ingest.model import Chunk, DocumentMeta
from kb.hit import Hit
from service.chat.llm import LLMAnswerer, LLMUnavailable, verify_sentences

PASSAGES = [
    "Private fostering is when a child under 16, or under 18 if disabled, is cared for by "
    "someone who is not a close relative for more than 28 days. The local authority must be "
    "notified. Notify CPAT on 020 8708 3885.",
    "The LADO received 465 referrals in 2021-22, and 22% (99 cases) met the threshold for "
    "further investigation.",
]


def _hits() -> list[Hit]:
    meta = DocumentMeta(title="Test")
    return [
        Hit(
            Chunk(
                id=f"c{i}",
                source=f"s{i}.md",
                position=0,
                text=t,
                section=None,
                page=None,
                doc_hash="h",
                meta=meta,
            ),
            score=1.0,
            dense=0.8,
        )
        for i, t in enumerate(PASSAGES)
    ]


def _answerer(reply: str) -> LLMAnswerer:
    return LLMAnswerer(FakeListChatModel(responses=[reply]), partnership="Test Partnership")


def test_faithful_answer_is_kept_with_its_citations() -> None:
    draft = _answerer(
        "Private fostering lasts more than 28 days [1]. The LADO received 465 referrals [2]."
    ).draft("question", _hits())
    assert draft is not None
    assert draft.answerer == "llm"
    assert [line.hit_index for line in draft.lines] == [0, 1]


def test_hallucinated_number_is_rejected() -> None:
    verdicts = verify_sentences("The LADO received 512 referrals in 2021-22 [2].", _hits())
    assert verdicts[0].reason is not None and "512" in verdicts[0].reason


def test_hallucinated_phone_number_is_rejected() -> None:
    verdicts = verify_sentences("Notify CPAT on 020 8708 9999 [1].", _hits())
    assert verdicts[0].reason is not None and "tel:02087089999" in verdicts[0].reason


def test_citation_out_of_range_is_rejected() -> None:
    verdicts = verify_sentences("Private fostering must be notified [7].", _hits())
    assert verdicts[0].reason == "cites a passage that does not exist"


def test_uncited_sentence_is_rejected() -> None:
    assert verify_sentences("Private fostering must be notified.", _hits())[0].reason == (
        "no citation"
    )


def test_number_from_the_wrong_passage_is_rejected() -> None:
    verdicts = verify_sentences("Private fostering lasts more than 28 days [2].", _hits())
    assert verdicts[0].reason is not None


def test_answer_that_ignores_the_context_falls_back() -> None:
    reply = "Safeguarding is everyone's business and you should always trust your instincts [1]."
    assert _answerer(reply).draft("question", _hits()) is None


def test_mostly_unsupported_answer_falls_back() -> None:
    reply = (
        "The LADO received 465 referrals [2]. Private fostering lasts 14 days [1]. "
        "Call 020 7946 0000 for help [1]."
    )
    assert _answerer(reply).draft("question", _hits()) is None


def test_not_in_sources_reply_falls_back() -> None:
    assert _answerer("NOT IN SOURCES").draft("question", _hits()) is None


class _BrokenModel:
    def invoke(self, messages: Any) -> Any:
        raise TimeoutError("endpoint timed out")


def test_endpoint_failure_raises_llm_unavailable() -> None:
    answerer = LLMAnswerer(_BrokenModel(), partnership="Test")
    with pytest.raises(LLMUnavailable, match="TimeoutError"):
        answerer.draft("question", _hits())
