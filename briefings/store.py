"""Briefings in the database: every save is a new version, nothing is overwritten.

The library files seed the database once; after that, curators' edits in the database win.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from briefings.errors import BriefingConflict, BriefingNotFound
from briefings.model import (
    Briefing,
    Status,
    briefing_to_markdown,
    parse_briefing,
    validate_briefing,
)
from briefings.tables import BriefingRow, BriefingVersionRow
from db import utc_now

logger = logging.getLogger(__name__)

# Saves that lose a race for the next version number retry this many times before giving up.
SAVE_ATTEMPTS = 5


@dataclass(frozen=True)
class BriefingVersion:
    """One entry in a briefing's history."""

    slug: str
    version: int
    author: str
    created_at: datetime
    status: Status
    is_current: bool


class BriefingStore:
    """Versioned briefings on a SQLAlchemy engine (tables made by ``init_db``)."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._clock = clock
        # Versions never change, so a parsed version can be reused for as long as we like.
        self._parsed: dict[tuple[str, int], Briefing] = {}

    def seed_from_library(
        self, briefings: Iterable[Briefing], *, author: str = "library"
    ) -> list[str]:
        """Insert briefings whose slugs are not stored yet; return the slugs inserted."""
        with Session(self._engine) as session:
            existing = set(session.scalars(select(BriefingRow.slug)))
        added = []
        for briefing in briefings:
            if briefing.slug in existing:
                continue
            try:
                self.save_briefing(briefing, author=author, base_version=0)
            except BriefingConflict:  # another process seeded or created it first: theirs wins
                continue
            existing.add(briefing.slug)
            added.append(briefing.slug)
        logger.info("seeded briefings added=%d", len(added))
        return added

    def list_briefings(
        self, *, status: Status | None = None, tag: str | None = None, query: str | None = None
    ) -> list[Briefing]:
        """Current versions sorted by slug; ``tag`` matches a whole tag, ``query`` any text."""
        stmt = select(BriefingVersionRow).join(
            BriefingRow,
            (BriefingRow.slug == BriefingVersionRow.slug)
            & (BriefingRow.current_version == BriefingVersionRow.version),
        )
        if status is not None:
            stmt = stmt.where(BriefingRow.status == status)
        with Session(self._engine) as session:
            briefings = [
                self._parse(row) for row in session.scalars(stmt.order_by(BriefingRow.slug))
            ]
        if tag is not None:
            wanted = tag.strip().casefold()
            briefings = [b for b in briefings if wanted in {t.casefold() for t in b.tags}]
        if query is not None and (needle := _normalise(query)):
            briefings = [b for b in briefings if needle in _searchable_text(b)]
        return briefings

    def get_briefing(self, slug: str, *, version: int | None = None) -> Briefing:
        """The current version of ``slug`` (or the given ``version``), published or not."""
        with Session(self._engine) as session:
            if version is None:
                current = session.get(BriefingRow, slug)
                version = current.current_version if current else None
            row = session.scalar(
                select(BriefingVersionRow).where(
                    BriefingVersionRow.slug == slug, BriefingVersionRow.version == version
                )
            )
            if row is None:
                raise BriefingNotFound(
                    f"no briefing {slug!r}"
                    + (f" version {version}" if version else "")
                    + ": check the slug, or list briefings to see what exists"
                )
            return self._parse(row)

    def save_briefing(
        self, briefing: Briefing, *, author: str, base_version: int | None = None
    ) -> int:
        """Store ``briefing`` as a new version (creating it if new); return the version number.

        ``base_version`` is the version the editor started from (0 for a new briefing): if another
        save has happened since, ``BriefingConflict`` is raised instead of losing that edit.
        """
        markdown = briefing_to_markdown(briefing)
        for _ in range(SAVE_ATTEMPTS):
            try:
                version = self._insert_version(briefing, markdown, author, base_version)
            except IntegrityError:  # another save took the same version number: try the next
                continue
            logger.info(
                "saved briefing slug=%s version=%d status=%s",
                briefing.slug,
                version,
                briefing.status,
            )
            return version
        raise BriefingConflict(
            f"briefing {briefing.slug!r} is being saved by others too often to store this edit: "
            "wait a moment and save again"
        )

    def publish(self, slug: str, *, author: str) -> int:
        """Save the current version again as published (``InvalidBriefing`` if incomplete)."""
        return self._set_status(slug, "published", author=author)

    def unpublish(self, slug: str, *, author: str) -> int:
        """Save the current version again as a draft, taking it out of the public library."""
        return self._set_status(slug, "draft", author=author)

    def list_versions(self, slug: str) -> list[BriefingVersion]:
        """Every saved version of ``slug``, oldest first."""
        with Session(self._engine) as session:
            current = session.get(BriefingRow, slug)
            if current is None:
                raise BriefingNotFound(f"no briefing {slug!r}: check the slug")
            rows = session.scalars(
                select(BriefingVersionRow)
                .where(BriefingVersionRow.slug == slug)
                .order_by(BriefingVersionRow.version)
            )
            return [
                BriefingVersion(
                    slug=slug,
                    version=row.version,
                    author=row.author,
                    created_at=row.created_at,
                    status=cast(Status, row.status),
                    is_current=row.version == current.current_version,
                )
                for row in rows
            ]

    def all_tags(self, *, status: Status | None = None) -> list[str]:
        """Distinct tags of the current versions, case-insensitively, in alphabetical order."""
        tags: dict[str, str] = {}
        for briefing in self.list_briefings(status=status):
            for tag in briefing.tags:
                tags.setdefault(tag.casefold(), tag)
        return [tags[key] for key in sorted(tags)]

    def _insert_version(
        self, briefing: Briefing, markdown: str, author: str, base_version: int | None
    ) -> int:
        with Session(self._engine) as session, session.begin():
            row = session.get(BriefingRow, briefing.slug, with_for_update=True)
            current = row.current_version if row is not None else 0
            if base_version is not None and current != base_version:
                raise BriefingConflict(
                    f"briefing {briefing.slug!r} was saved by someone else (now version "
                    f"{current}, you started from {base_version}): reload it and redo your edit"
                )
            latest = session.scalar(
                select(func.max(BriefingVersionRow.version)).where(
                    BriefingVersionRow.slug == briefing.slug
                )
            )
            version = (latest or 0) + 1
            if row is None:
                row = BriefingRow(slug=briefing.slug, status=briefing.status, current_version=0)
                session.add(row)
                session.flush()
            session.add(
                BriefingVersionRow(
                    slug=briefing.slug,
                    version=version,
                    markdown=markdown,
                    author=author,
                    created_at=self._clock(),
                    status=briefing.status,
                )
            )
            row.status = briefing.status
            row.current_version = version
        return version

    def _set_status(self, slug: str, status: Status, *, author: str) -> int:
        briefing = self.get_briefing(slug)
        origin = f"briefing {slug!r} ({status})"
        changed = validate_briefing({**briefing.model_dump(), "status": status}, origin=origin)
        return self.save_briefing(changed, author=author)

    def _parse(self, row: BriefingVersionRow) -> Briefing:
        key = (row.slug, row.version)
        if key not in self._parsed:
            origin = f"briefing {row.slug!r} version {row.version}"
            self._parsed[key] = parse_briefing(row.markdown, origin=origin)
        return self._parsed[key]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _searchable_text(briefing: Briefing) -> str:
    parts = [briefing.title, briefing.summary, *briefing.tags, *briefing.sections.values()]
    return _normalise("\n".join(parts))
