"""A thing asked about that a section is named for, and that section a list: the list answers.

"What's the harm test for a LADO referral?" is answered by the section headed "When to contact
the LADO: the harm test", whose lead-in ("...if someone who works with children has:") announces
the test's four limbs; no sentence of the page says what the harm test is in one line.
"""

from __future__ import annotations

import re

from ingest.language import content_terms
from ingest.model import SECTION_SEPARATOR
from kb.hit import Hit
from service.chat.drafting import Draft
from service.chat.lists import items_draft
from service.chat.passages import find_lists
from service.chat.question import Kind, Question

# "what's the harm test (for a LADO referral)?": the thing named, before what it is for.
_WHAT_IS = re.compile(
    r"^\s*what(?:'s|’s|s| is| are) (?:the |a |an )?(?P<named>[\w'’ -]{3,40}?)"
    r"\s*(?:\b(?:for|of|in|on|when|if|used)\b|[?.]|$)",
    re.I,
)
# Passages looked at, in retrieval order: the section must be among the first retrieved.
HEADED_PASSAGES = 6
# A name of at least this many words ("harm test"): one word ("neglect") is defined in prose.
MIN_NAME_WORDS = 2


def headed_list(question: Question, hits: list[Hit]) -> Draft | None:
    """The list of the section named for what is asked, with its lead-in, each item cited."""
    if question.kind not in (Kind.FACT, Kind.DEFINITION):
        return None
    asked = _WHAT_IS.match(question.asked)
    named = set(content_terms(asked.group("named"))) if asked else set()
    if len(named) < MIN_NAME_WORDS:
        return None
    for hit in hits[:HEADED_PASSAGES]:
        heading = (hit.chunk.section or "").split(SECTION_SEPARATOR)[-1]
        if not named <= set(content_terms(heading)):
            continue
        for found in find_lists(hit.chunk.text):
            if found.lead.rstrip().endswith(":") and len(found.items) >= 2:
                items = [(item, hit.chunk) for item in found.items]
                return items_draft(question, hits, found.lead, items, lead_chunk=hit.chunk)
    return None
