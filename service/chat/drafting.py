"""What an answerer hands back: sentences tied to the passages they came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kb.hit import Hit


@dataclass(frozen=True)
class Draft:
    """Sentences with the index (into ``hits``) of the passage each one came from."""

    sentences: list[tuple[str, int]]
    answerer: str = "extractive"


class AnswererUnavailable(RuntimeError):
    """Raised by an optional answerer (the LLM) that failed; the extractive answer is used."""


class Answerer(Protocol):
    """Something that phrases an answer from numbered passages (the optional LLM)."""

    def draft(self, question: str, hits: list[Hit]) -> Draft | None: ...
