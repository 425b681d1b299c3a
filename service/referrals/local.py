"""Whether the curated route book is about the documents indexed.

The route book is one partnership's (its teams, numbers and emails). Indexed with another
partnership's documents (they name their own partnership, and none of the book's numbers or
emails is written in them), its numbers would be the wrong ones: chat then gives 999 and the
documents' own, cited numbers, never the book's teams (see ``emergency_only``). National
guidance names no partnership of its own: indexed alone, the book still serves.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from service.referrals.route_book import EMERGENCY_PHONE, PARTNERSHIP_CONTACT, RouteBook

# "the Northfield Safeguarding Children Partnership", "Westmarsh Children's Safeguarding
# Partnership", "Eastvale Safeguarding Children Board": a partnership named by its place.
_PARTNERSHIP = re.compile(
    r"\b(?P<place>(?:[A-Z][\w'’-]+ ){1,3}?)"
    r"(?:Safeguarding (?:Children )?(?:Multi-Agency )?(?:Partnership|Board)"
    r"|Children'?s'? Safeguarding (?:Partnership|Board))\b"
)
# Words that open such a name without being a place: statutory guidance speaks of "Local
# Safeguarding Children Boards"; every London borough's documents cite the pan-London
# partnership's procedures ("the London Safeguarding Children Partnership").
_NOT_A_PLACE = frozenset({"the", "local", "london", "national", "your", "our", "each", "every"})
# Who the partnership is, when the documents name none: never given a number.
UNKNOWN_PARTNERSHIP = "your local safeguarding children partnership"


def _place(name: str) -> str:
    words = [w for w in name.split() if w.lower() != "the"]
    return " ".join(words)


def other_partnership(book: RouteBook, texts: Iterable[str]) -> str | None:
    """The partnership the indexed documents are about, when it is not the route book's.

    Another partnership's when none of the book's contacts other than 999 (an email, a phone
    number, however spaced) is written in ``texts`` and they name a partnership by a place that
    is not the book's; the one named most is returned. National guidance, the book's own
    documents, or nothing indexed: None.
    """
    ways = [
        re.escape(way.lower()) if "@" in way else r"\s*".join(re.sub(r"\D", "", way))
        for c in book.contacts
        if c.phone != EMERGENCY_PHONE
        for way in (c.email, c.phone, c.phone_alt)
        if way
    ]
    contact = re.compile("|".join(ways), re.I) if ways else None
    own = book.contact(PARTNERSHIP_CONTACT).organisation or ""
    own_place = _PARTNERSHIP.search(own)
    ours = _place(own_place.group("place")).lower() if own_place else own.lower()
    named: Counter[str] = Counter()
    for text in texts:
        if contact is not None and contact.search(text):
            return None
        for match in _PARTNERSHIP.finditer(text):
            place = _place(match.group("place"))
            if place and place.lower() != ours and place.split()[0].lower() not in _NOT_A_PLACE:
                named[_place(match.group(0))] += 1
    return named.most_common(1)[0][0] if named else None


def emergency_only(book: RouteBook, partnership: str | None = None) -> RouteBook:
    """The route book for another partnership's documents: 999 kept; every other contact, and
    every route's keywords (no concern is this book's to route), dropped; the partnership named
    (``partnership``, as its documents name it) without a number."""
    kept = {c.id for c in book.contacts if c.phone == EMERGENCY_PHONE}
    name = f"the {partnership}" if partnership else UNKNOWN_PARTNERSHIP
    team = book.contact(PARTNERSHIP_CONTACT).model_copy(
        update={"name": name, "organisation": partnership, "url": None}
        | {"phone": None, "phone_alt": None, "email": None}
    )
    routes = [
        route.model_copy(
            update={
                "keywords": [],
                "office_hours": [i for i in route.office_hours if i in kept],
                "out_of_hours": [i for i in route.out_of_hours if i in kept],
            }
        )
        for route in book.routes
    ]
    contacts = [c for c in book.contacts if c.id in kept] + [team]
    return book.model_copy(update={"contacts": contacts, "routes": routes})
