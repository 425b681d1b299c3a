"""The bundled briefing library: one Markdown file per briefing, named ``<slug>.md``."""

from __future__ import annotations

import logging
from pathlib import Path

from briefings.errors import InvalidBriefing, LibraryNotFound
from briefings.model import Briefing, parse_briefing

logger = logging.getLogger(__name__)


def load_library(directory: Path) -> list[Briefing]:
    """Every ``*.md`` briefing in ``directory``, sorted by slug.

    All files are checked before anything is returned; ``InvalidBriefing`` lists every bad file
    (unparseable, named differently from its slug, or sharing a slug with another file).
    """
    if not directory.is_dir():
        raise LibraryNotFound(
            f"briefing library {directory} is not a folder: create it or point the setting at "
            "the folder of briefing .md files"
        )
    briefings: dict[str, Briefing] = {}
    origins: dict[str, Path] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.md")):
        try:
            briefing = parse_briefing(_read(path), origin=str(path))
        except InvalidBriefing as e:
            problems.append(str(e))
            continue
        if briefing.slug in briefings:
            problems.append(
                f"{path}: slug {briefing.slug!r} is already used by {origins[briefing.slug]}: "
                "give one of them a different slug"
            )
        elif path.stem != briefing.slug:
            problems.append(
                f"{path}: file name does not match slug {briefing.slug!r}: "
                f"rename it to {briefing.slug}.md or change the slug"
            )
        else:
            briefings[briefing.slug] = briefing
            origins[briefing.slug] = path
    if problems:
        raise InvalidBriefing("\n".join(problems))
    logger.info("loaded briefing library directory=%s count=%d", directory, len(briefings))
    return [briefings[slug] for slug in sorted(briefings)]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InvalidBriefing(f"{path}: not UTF-8 text: save the file as UTF-8") from e
