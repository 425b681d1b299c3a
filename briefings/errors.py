"""Exceptions raised by the briefings package.

    BriefingError(Exception)
    ├── InvalidBriefing(BriefingError, ValueError)       a file or edit that breaks the format
    ├── BriefingNotFound(BriefingError, LookupError)     no briefing (or version) with that slug
    ├── BriefingConflict(BriefingError, RuntimeError)    two saves of one briefing at once
    └── LibraryNotFound(BriefingError, FileNotFoundError) the briefing folder does not exist

Every message names the thing at fault and says how to fix the problem.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base class for errors from ``briefings/``."""


class InvalidBriefing(BriefingError, ValueError):
    """Raised when briefing Markdown or fields break the 7-minute briefing format."""


class BriefingNotFound(BriefingError, LookupError):
    """Raised when no briefing (or no such version of one) exists for a slug."""


class BriefingConflict(BriefingError, RuntimeError):
    """Raised when two saves of the same briefing race and one of them loses."""


class LibraryNotFound(BriefingError, FileNotFoundError):
    """Raised when the folder of briefing files does not exist."""
