"""Which curated contacts an answer gives: those of the concern asked about, the partnership
when unanswered, and none said again that the answer's own lines have given."""

from __future__ import annotations

import re
from datetime import datetime

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
