"""Which contacts an answer gives: the curated ones of the concern asked about, the partnership
when unanswered, none said again that the answer's own lines have given; and, on another
partnership's documents, their own cited line for the team to ring now."""

from __future__ import annotations

import re
from datetime import datetime

from ingest.language import PHONE
from kb.hit import Hit
from kb.index import KnowledgeBase
from service.chat.drafting import BULLET, PROSE, Line
from service.chat.passages import read_units
from service.chat.wording import REPORTER
from service.referrals.route_book import DEFAULT_ROUTE, PARTNERSHIP_CONTACT, Contact, RouteBook


def already_given(contact: Contact, blocks: list[str]) -> bool:
    """Whether every way to reach ``contact`` is in the answer already (numbers however spaced)."""
    said = " ".join(blocks)
    digits, lowered = re.sub(r"\D", "", said), said.lower()
    ways = [w for w in (contact.phone, contact.phone_alt, contact.email) if w]
    return all(w.lower() in lowered if "@" in w else re.sub(r"\D", "", w) in digits for w in ways)


def contacts_for(
    question: str, grounded: bool, routes: RouteBook, now: datetime, *, topics: list[str]
) -> list[Contact]:
    """Contacts of the route the question names, else of the route its main source is about.

    Who is asking is not what they ask about ("a pupil in my tutor group", "I'm a youth worker");
    of routes named as often, the one the answering source is about leads.
    """
    named = routes.route_hits(REPORTER.sub(" ", question), general_last=True)
    about = {r.id for r in routes.match_routes(" ".join(topics))}
    top = [route for hits, route in named if hits == named[0][0]]
    matched = sorted(top, key=lambda r: r.id not in about) or routes.match_routes(" ".join(topics))
    if not matched and grounded:
        return []
    route_id = matched[0].id if matched else DEFAULT_ROUTE
    contacts = routes.contacts_for(route_id, now)
    # Unanswered, the partnership is who to ask (named, without a number, when the documents
    # are another partnership's: theirs is not curated here).
    if not grounded and all(c.id != PARTNERSHIP_CONTACT for c in contacts):
        contacts.append(routes.contact(PARTNERSHIP_CONTACT))
    return contacts


# Another partnership's documents give their own team for when a child may be in danger: out of
# hours the emergency duty team, in office hours the front door (the route book has neither).
_OUT_OF_HOURS = re.compile(
    r"\bout[- ]of[- ]hours\b|\bevenings?\b|\bweekends?\b|\bemergency duty\b|\bEDT\b", re.I
)
_FRONT_DOOR = re.compile(
    r"\bfront door\b|\bMASH\b|\bmulti-agency safeguarding hub\b|\bchildren'?s social care\b"
    r"|\bchildren'?s advice and support\b",
    re.I,
)
# Out of hours: the duty team, or the front door's line that names it.
_DUTY_TEAM = re.compile(
    rf"\bemergency duty\b|\bEDT\b|\bduty (?:team|social work\w*)\b|{_FRONT_DOOR.pattern}", re.I
)
# National helplines ("Childline ... evenings and weekends, on 0800 1111") are not the team.
_HELPLINE = re.compile(
    r"\b(?:childline|nspcc|samaritans|helpline)\b|(?<![\d ])(?:0800|0808|116)[ \d]", re.I
)
_ASKED = {
    True: "out of hours emergency duty team phone number for children's social care",
    False: "phone the children's front door MASH to make a referral in office hours",
}
# A line naming who to ring is short; a paragraph that happens to hold a number is not one.
MAX_CONTACT_LINE_WORDS = 45
# The line found, per index generation and time of day: (the passage, the line, an item?).
EmergencyLines = dict[tuple[int, bool], "tuple[Hit, str, bool] | None"]


def documents_emergency_line(
    kb: KnowledgeBase, hits: list[Hit], *, out_of_hours: bool, found: EmergencyLines
) -> list[Line]:
    """The documents' own line giving the team to ring now, cited (its passage appended to
    ``hits`` when retrieval missed it): out of hours a line naming a duty team and the evening or
    weekend; in office hours one naming the front door. Never a national helpline's. ``found``
    remembers the line per index generation (an older generation's is forgotten)."""
    key = (kb.store.generation(), out_of_hours)
    if key not in found:
        for old in [k for k in found if k[0] != key[0]]:
            found.pop(old, None)
        found[key] = _emergency_line(kb, out_of_hours=out_of_hours)
    line = found[key]
    if line is None:
        return []
    hit, text, item = line
    known = [i for i, h in enumerate(hits) if h.chunk.id == hit.chunk.id]
    if not known:
        hits.append(hit)
    index = known[0] if known else len(hits) - 1
    return [Line(text, index, BULLET if item else PROSE)]


def documents_team_line(
    kb: KnowledgeBase,
    hits: list[Hit],
    question: str,
    *,
    office: bool,
    said_out_of_hours: bool,
    found: EmergencyLines,
) -> list[Line]:
    """Another partnership's documents asked who to ring at children's social care, the front
    door or out of hours ("It's 8pm on a Saturday... who do I ring?"): their own line for it
    (out of hours when asked so, or when it is)."""
    question = question.replace("’", "'")  # phones type curly apostrophes: "children’s"
    out_of_hours = said_out_of_hours or bool(_OUT_OF_HOURS.search(question))
    if not (out_of_hours or _FRONT_DOOR.search(question)):
        return []
    return documents_emergency_line(kb, hits, out_of_hours=out_of_hours or not office, found=found)


def _emergency_line(kb: KnowledgeBase, *, out_of_hours: bool) -> tuple[Hit, str, bool] | None:
    for hit in kb.search(_ASKED[out_of_hours], k=8):
        for unit in read_units(hit.chunk.text):
            text = unit.text
            if len(text.split()) > MAX_CONTACT_LINE_WORDS or not PHONE.search(text):
                continue
            if _HELPLINE.search(text):
                continue
            if out_of_hours and not (_OUT_OF_HOURS.search(text) and _DUTY_TEAM.search(text)):
                continue
            if not out_of_hours and not _FRONT_DOOR.search(text):
                continue
            return hit, text, unit.item
    return None
