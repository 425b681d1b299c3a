"""What an answerer hands back: lines of an answer, each tied to the passage it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kb.hit import Hit

# How a line is shown: part of a paragraph, a bullet, a numbered step, or a bullet under the
# step or item before it (the list a step announces: "...is responsible for ensuring that:").
PROSE, BULLET, NUMBERED, SUB = "", "-", "1.", "  -"


@dataclass(frozen=True)
class Line:
    """One sentence or list item, from ``hits[hit_index]``."""

    text: str
    hit_index: int
    marker: str = PROSE


@dataclass(frozen=True)
class Draft:
    """An answer's lines in order; consecutive prose lines make one paragraph."""

    lines: list[Line]
    answerer: str = "extractive"


class AnswererUnavailable(RuntimeError):
    """Raised by an optional answerer (the LLM) that failed; the extractive answer is used."""


class Answerer(Protocol):
    """Something that phrases an answer from numbered passages (the optional LLM)."""

    def draft(self, question: str, hits: list[Hit], *, kind: str = "fact") -> Draft | None: ...
