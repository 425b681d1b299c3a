"""The asker saying plainly that no child is in danger now ("...but nobody is in danger right
now", "no immediate risk to the kids at the moment"): no sign of danger for the urgency rules.

Recall comes first. A denial doubted or reported in its own clause ("I'm not sure she is not in
danger", "the school said she is not in immediate danger"), or contrasted or overtaken after it
("...but her sister is", "...yet", "I don't agree"), is kept; every other sign still counts.
"""

from __future__ import annotations

import re

_NO_DANGER = re.compile(
    r"\b(?:not|no|isn't|aren't|wasn't|never|nobody|no ?one|no-one|none)(?:'s)?\s+"
    r"(?:(?:is|are|was|currently|actually|really|any|an|seems?|to|be)\s+){0,3}"
    r"(?:immediate(?:ly)?\s+(?:danger|risk)|in\s+(?:any\s+)?(?:immediate\s+)?danger"
    r"|at\s+(?:any\s+)?(?:immediate\s+)?risk)"
    r"(?:\s+(?:right\s+now|now|today|tonight|at\s+the\s+moment|currently))?\b",
    re.I,
)
_DOUBTED = re.compile(
    r"\b(?:said|says|say|told|tells|thinks?|believes?|claims?|reckons?|according|sure|unsure"
    r"|know|doubt|wonder|whether|if|hope|hopefully)\b",
    re.I,
)
_CLAUSE_START = re.compile(r"[.,;:!?()–-]|\b(?:but|and|so|because)\b", re.I)
_OVERTAKEN = re.compile(
    r"\b(?:but|though|although|however|yet|except|whereas|until|disagree|don't agree"
    r"|not convinced|not sure)\b",
    re.I,
)


def without_denials(text: str) -> str:
    """``text`` without the spans that plainly say no child is in danger now."""
    for match in reversed(list(_NO_DANGER.finditer(text))):
        before = text[: match.start()]
        clause = before[max((m.end() for m in _CLAUSE_START.finditer(before)), default=0) :]
        if _DOUBTED.search(clause) or _OVERTAKEN.search(text[match.end() :]):
            continue
        text = f"{before}{' ' * (match.end() - match.start())}{text[match.end() :]}"
    return text
