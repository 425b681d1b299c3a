"""Optional LLM answerer (LangChain chat model) whose every sentence is checked before use.

The prompt carries the question's kind (lists and steps come back as "- " / "1. " items). Each
sentence or item survives only if it cites a passage that exists and that passage supports it:
every number, phone number and date in it appears in the passage, it does not add or drop a
negation against the passage sentence it matches best, and either most of its words are in the
passage or its meaning is close to that sentence (cosine of the bundled embedder's vectors —
so "the council must be told" is supported by "the local authority must be notified"). If too
little survives, ``draft`` returns None and the extractive answer is used instead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
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
# Cosine to the best sentence of the cited passage that supports a paraphrase on its own
# (measured on tests/service/chat/test_llm_verifier.py: correct paraphrases 0.6-0.9).
MIN_MEANING_SUPPORT = 0.6
# Two weaker signals that agree also support it: half the words and some closeness in meaning
# ("the council must be told about these arrangements": 50% of words, cosine 0.38).
WEAK_WORD_SUPPORT = 0.4
WEAK_MEANING_SUPPORT = 0.35
_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|cannot|without)\b|n't\b", re.I
)
_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
# Embeds texts to unit vectors (the bundled embedder's ``embed_documents``).
Embed = Callable[[list[str]], Any]
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
    marker: str = ""  # "" prose, "-" a list item, "1." a numbered step


def load_prompt(name: str) -> str:
    return (PROMPTS / f"{name}.txt").read_text(encoding="utf-8")


def format_passages(hits: list[Hit]) -> str:
    return "\n\n".join(
        f"[{i}] {h.chunk.meta.title}{' — ' + h.chunk.section if h.chunk.section else ''}\n"
        f"{h.chunk.text}"
        for i, h in enumerate(hits, start=1)
    )


def verify_sentences(text: str, hits: list[Hit], *, embed: Embed | None = None) -> list[Verdict]:
    """Judge each sentence or list item of the model's output against the passage it cites."""
    verdicts = []
    for line in text.split("\n"):
        marker = "-" if _ITEM.match(line) else ""
        if marker and re.match(r"^\s*\d", line):
            marker = "1."
        for sentence in split_text(line):
            cited = [int(n) for n in _CITATION.findall(sentence)]
            plain = _CITATION.sub("", sentence).strip()
            if not cited:
                verdicts.append(Verdict(plain, None, "no citation", marker))
                continue
            if any(n < 1 or n > len(hits) for n in cited):
                verdicts.append(Verdict(plain, None, "cites a passage that does not exist", marker))
                continue
            passages = [hits[n - 1].chunk.text for n in cited]
            reason = _unsupported(plain, passages, embed)
            verdicts.append(Verdict(plain, cited[0] - 1, reason, marker))
    return verdicts


def _unsupported(sentence: str, passages: list[str], embed: Embed | None = None) -> str | None:
    source = " ".join(passages)
    missing = fact_tokens(sentence) - fact_tokens(source)
    if missing:
        return f"numbers not in the cited passage: {sorted(missing)}"
    units = [u for p in passages for u in split_text(p)] or [source]
    closest, cosine = _closest(sentence, units, embed)
    terms = set(content_terms(sentence))
    if _negated(sentence, terms) != _negated(closest, terms):
        return "adds or drops a negation against the cited passage"
    if terms:
        support = len(terms & set(content_terms(source))) / len(terms)
        weak_agreement = support >= WEAK_WORD_SUPPORT and cosine >= WEAK_MEANING_SUPPORT
        if support < MIN_WORD_SUPPORT and cosine < MIN_MEANING_SUPPORT and not weak_agreement:
            return f"only {support:.0%} of its words are in the cited passage"
    return None


def _negated(text: str, terms: set[str]) -> bool:
    """Whether ``text`` negates something the answer talks about: a negation word followed,
    within three words, by one of ``terms`` ("never promise a child" negates "child"; "not a
    close relative" says nothing about "fostered")."""
    for match in _NEGATION.finditer(text):
        following = " ".join(text[match.end() :].split()[:3])
        if not terms or set(content_terms(following)) & terms:
            return True
    return False


def _closest(sentence: str, units: list[str], embed: Embed | None) -> tuple[str, float]:
    """The passage sentence nearest in meaning (by word overlap without an embedder)."""
    if embed is None:
        terms = set(content_terms(sentence))
        best = max(units, key=lambda u: len(terms & set(content_terms(u))))
        return best, 0.0
    vectors = embed([sentence, *units])
    scores = [float(v @ vectors[0]) for v in vectors[1:]]
    at = max(range(len(units)), key=lambda i: scores[i])
    return units[at], scores[at]


class LLMAnswerer:
    """Drafts answers with a LangChain chat model; returns None when it can't be trusted."""

    def __init__(
        self,
        model: Any,
        *,
        partnership: str,
        max_sentences: int = 4,
        embed: Embed | None = None,
    ) -> None:
        self._model = model
        self._system = load_prompt("system").format(
            partnership=partnership, max_sentences=max_sentences
        )
        self._user = load_prompt("user")
        self._embed = embed

    def draft(self, question: str, hits: list[Hit], *, kind: str = "fact") -> Draft | None:
        from langchain_core.messages import HumanMessage, SystemMessage

        user = self._user.format(
            passages=format_passages(hits), question=question, shape=_SHAPES.get(kind, _PROSE)
        )
        messages = [SystemMessage(self._system), HumanMessage(user)]
        try:
            reply = self._model.invoke(messages)
        except Exception as e:  # any client, network or timeout error: fall back, never fail
            raise LLMUnavailable(f"the LLM endpoint failed: {type(e).__name__}") from e
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        if "NOT IN SOURCES" in text:
            return None
        verdicts = verify_sentences(text, hits, embed=self._embed)
        kept = [v for v in verdicts if v.reason is None and v.passage is not None]
        for v in verdicts:
            if v.reason:
                logger.info("llm sentence rejected reason=%s", v.reason.split(":")[0])
        if not kept or len(kept) < MIN_SURVIVING_SHARE * len(verdicts):
            return None
        return Draft(
            [Line(v.sentence, v.passage, v.marker) for v in kept if v.passage is not None],
            answerer="llm",
        )


# The answer's shape for each kind of question (service.chat.question.Kind values).
_PROSE = "Answer in one to three short sentences, the direct answer first."
_SHAPES = {
    "list": 'Give every item of the list, each on its own line starting "- ".',
    "steps": 'Give the steps in order, each on its own line starting "1. ", "2. " and so on.',
    "definition": "Give the defining sentence first, then at most one more.",
    "timescale": "State the time limit or frequency in the first sentence.",
    "number": "State the figure in the first sentence.",
    "amount": "State the sum in the first sentence; if no passage gives it, reply NOT IN SOURCES.",
    "yes_no": 'Start "Yes", "No" or "It depends" only if a passage states the rule.',
}


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
