"""What a form, a record or a plan must hold.

"What info do I need to include in a MARF?" is answered by the list that a lead-in announces
with such a verb ("Please include:"), where the lead-in or its heading names something the
question names ("What to include in your referral"): not by the steps for sending the form,
however often they say "MARF".
"""

from __future__ import annotations

import re

from ingest.language import content_terms, with_plurals
from ingest.model import Chunk
from kb.hit import Hit
from service.chat.counting import asked_for
from service.chat.passages import ItemList
from service.chat.question import Question

# Asking what something holds: "what do I include in...", "what should the plan set out?".
CONTENTS_ASKED = re.compile(r"\b(?:include|contain|cover|set out|put (?:in|on|down))\b", re.I)
# A lead-in announcing what something holds: "Please include:", "The plan should set out:".
_ANNOUNCES_CONTENTS = re.compile(
    r"(?<!not )(?<!n't )\b(?:include|includes|contain|contains|cover|covers"
    r"|sets? out(?! (?:below|above|here)))\b[^.:]{0,60}:\s*$",
    re.I,
)
# A list so announced is taken when it scores this share of the best single unit (the steps
# for sending a form say its name more often than the list of what goes in it).
CONTENTS_RELATIVE_SCORE = 0.5
# Words of the asking, not of what is asked about.
_ASKING = frozenset(
    content_terms("include contain cover set out put info information details need needs thing")
)


def lists_contents(question: Question, found: ItemList, chunk: Chunk) -> bool:
    """Whether ``found`` is what something holds, announced as such ("Please include:") and
    named in its lead-in or section heading as the question names it; False unless such is asked."""
    if not question.wants_items or not CONTENTS_ASKED.search(question.asked):
        return False
    # What holds them ("a MARF referral"), not what is listed ("what areas did it cover?").
    named = set(content_terms(question.asked)) - _ASKING - asked_for(question.asked)
    said = with_plurals(set(content_terms(f"{found.lead} {chunk.section or ''}")))
    return bool(_ANNOUNCES_CONTENTS.search(found.lead)) and bool(named & said)


def contents_list(
    question: Question,
    candidates: list[tuple[float, int, ItemList]],
    hits: list[Hit],
    best_unit: float,
) -> tuple[float, int, ItemList] | None:
    """Of the candidate lists (score, hit index, list), the best that ``lists_contents`` and
    scores ``CONTENTS_RELATIVE_SCORE`` of the best single unit."""
    fitting = [
        c
        for c in candidates
        if lists_contents(question, c[2], hits[c[1]].chunk)
        and c[0] >= CONTENTS_RELATIVE_SCORE * best_unit
    ]
    return max(fitting, key=lambda c: c[0]) if fitting else None
