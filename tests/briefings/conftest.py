"""Fixtures for briefings: a valid briefing file (database fixtures: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

# A complete, published briefing in the library file format; tests edit copies of it.
SAMPLE = Path(__file__).parent / "data" / "private-fostering.md"


@pytest.fixture()
def briefing_md() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture()
def make_text(briefing_md: str) -> Callable[..., str]:
    """``briefing_md`` with some front-matter lines replaced: ``make_text(slug="other")``."""

    def make(**front: str) -> str:
        lines = briefing_md.split("\n")
        for name, value in front.items():
            index = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
            lines[index] = f"{name}: {value}"
        return "\n".join(lines)

    return make
