"""Optional LLM answerer (LangChain chat model) whose every sentence is checked before use.

A sentence survives only if it cites a passage that exists and that passage supports it: every
number, phone number and date in the sentence appears in the passage, and most of its words do.
If too little survives, ``draft`` returns None and the extractive answer is used instead.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.language import content_terms, fact_tokens, split_text
from kb.hit import Hit
from service.chat.drafting import AnswererUnavailable, Draft, Line

logger = logging.getLogger(__name__)

PROMPTS = Path(__file__).parent / "prompts"
# Share of a sentence's content words that must appear in the passage it cites.
MIN_WORD_SUPPORT = 0.6
# If fewer than this share of the LLM's sentences survive checking, its answer is not used.
MIN_SURVIVING_SHARE = 0.5
_CITATION = re.compile(r"\s*\[(\d+)\]")


class LLMUnavailable(AnswererUnavailable):
    """Raised when the chat model endpoint fails or times out; the caller falls back."""


@dataclass(frozen=True)
class Verdict:
    sentence: str
    passage: int | None  # 0-based index into hits
    reason: str | None  # why it was rejected; None when accepted


def load_prompt(name: str) -> str:
    return (PROMPTS / f"{name}.txt").read_text(encoding="utf-8")


def format_passages(hits: list[Hit]) -> str:
    return "\n\n".join(
        f"[{i}] {h.chunk.meta.title}{' — ' + h.chunk.section if h.chunk.section else ''}\n"
        f"{h.chunk.text}"
        for i, h in enumerate(hits, start=1)
    )


def verify_sentences(text: str, hits: list[Hit]) -> list[Verdict]:
    """Judge each sentence of the model's output against the passage it cites."""
    verdicts = []
    for sentence in split_text(text):
        cited = [int(n) for n in _CITATION.findall(sentence)]
        plain = _CITATION.sub("", sentence).strip()
        if not cited:
            verdicts.append(Verdict(plain, None, "no citation"))
            continue
        if any(n < 1 or n > len(hits) for n in cited):
            verdicts.append(Verdict(plain, None, "cites a passage that does not exist"))
            continue
        passages = [hits[n - 1].chunk.text for n in cited]
        verdicts.append(Verdict(plain, cited[0] - 1, _unsupported(plain, passages)))
    return verdicts


def _unsupported(sentence: str, passages: list[str]) -> str | None:
    source = " ".join(passages)
    missing = fact_tokens(sentence) - fact_tokens(source)
    if missing:
        return f"numbers not in the cited passage: {sorted(missing)}"
    terms = set(content_terms(sentence))
    if terms:
        support = len(terms & set(content_terms(source))) / len(terms)
        if support < MIN_WORD_SUPPORT:
            return f"only {support:.0%} of its words are in the cited passage"
    return None


class LLMAnswerer:
    """Drafts answers with a LangChain chat model; returns None when it can't be trusted."""

    def __init__(self, model: Any, *, partnership: str, max_sentences: int = 4) -> None:
        self._model = model
        self._system = load_prompt("system").format(
            partnership=partnership, max_sentences=max_sentences
        )
        self._user = load_prompt("user")

    def draft(self, question: str, hits: list[Hit]) -> Draft | None:
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [
            SystemMessage(self._system),
            HumanMessage(self._user.format(passages=format_passages(hits), question=question)),
        ]
        try:
            reply = self._model.invoke(messages)
        except Exception as e:  # any client, network or timeout error: fall back, never fail
            raise LLMUnavailable(f"the LLM endpoint failed: {type(e).__name__}") from e
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        if "NOT IN SOURCES" in text:
            return None
        verdicts = verify_sentences(text, hits)
        kept = [v for v in verdicts if v.reason is None and v.passage is not None]
        for v in verdicts:
            if v.reason:
                logger.info("llm sentence rejected reason=%s", v.reason.split(":")[0])
        if not kept or len(kept) < MIN_SURVIVING_SHARE * len(verdicts):
            return None
        return Draft(
            [Line(v.sentence, v.passage) for v in kept if v.passage is not None], answerer="llm"
        )


def chat_model_from_settings(
    *, base_url: str, api_key: str, model: str, timeout: float, temperature: float
) -> Any:
    """An OpenAI-compatible chat model (Azure OpenAI, vLLM, llama.cpp server, Ollama)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url,
        api_key=api_key,
        model=model,
        timeout=timeout,
        temperature=temperature,
        max_retries=0,
    )
