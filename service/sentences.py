"""Sentence splitting and word matching shared by the extractive answerer and the verifier."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

# Abbreviations that end in a full stop without ending a sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "No.", "St.", "vs.", "cf.")
_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)]|[ivx]+[.)])\s+", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words that carry no meaning for matching a sentence to a question.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "tell",
        "know",
        "need",
        "want",
        "please",
        "thanks",
        "thank",
        "us",
        "let",
        "get",
        "got",
    ]
)
_STEMMER = Stemmer.Stemmer("english")
# Numbers, phone numbers, percentages and dates: the tokens an answer must never change.
_PHONE = re.compile(r"(?:\+44\s?|\b0)\d{2,4}(?:[ -]?\d{3,4}){1,2}\b")
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*%?")


def split_sentences(text: str) -> list[str]:
    """Sentences and list items, in order, whitespace-normalised."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)", text):
        block = " ".join(_BULLET.sub("", block).split())
        if not block:
            continue
        protected = block
        for abbreviation in _ABBREVIATIONS:
            protected = protected.replace(abbreviation, abbreviation.replace(".", "\x00"))
        out.extend(s.replace("\x00", ".").strip() for s in _SPLIT.split(protected) if s.strip())
    return out


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def content_terms(text: str) -> list[str]:
    """Stemmed content words of ``text``, in order."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def fact_tokens(text: str) -> set[str]:
    """Phone numbers (as "tel:" + digits) and other numbers, percentages and dates in ``text``."""
    phones = {"tel:" + re.sub(r"\D", "", m) for m in _PHONE.findall(text)}
    numbers = {m.group(0) for m in _NUMBER.finditer(_PHONE.sub(" ", text))}
    return phones | numbers
