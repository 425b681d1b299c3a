"""Fixtures for briefings: a valid briefing file and a fresh SQLite database on tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from briefings.db import create_engine_for, init_db

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


@pytest.fixture()
def clock() -> Callable[[], datetime]:
    """A clock that moves one minute forward every time it is read."""
    ticks = (datetime(2026, 1, 5, 9, 0, tzinfo=UTC) + timedelta(minutes=i) for i in range(10**6))
    return lambda: next(ticks)


@pytest.fixture()
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'var' / 'safeguide.db'}")
    init_db(engine)
    yield engine
    engine.dispose()
