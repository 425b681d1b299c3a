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
# Partnership", "Barking and Dagenham Safeguarding Children Partnership", "City of London
# Safeguarding Children Board": a partnership named by its place.
_WORD = r"[A-Z][\w'’-]+"
_PARTNERSHIP = re.compile(
    rf"\b(?P<place>{_WORD}(?: (?:of|and|&|upon|on|in) {_WORD}| {_WORD}){{0,4}}) "
    r"(?:Safeguarding (?:Children'?s?'? )?(?:Multi-Agency )?(?:Partnership|Board)"
    r"|Children'?s'? Safeguarding (?:Partnership|Board))\b"
)
# Words that open such a name without being its place ("About the...", "Chair of the...").
_LEADING = frozenset(
    """the a an of and about contact contacts chair report reports this that welcome visit from
    by with for to on in at our your their each every cookies home copyright annual new
    independent""".split()  # noqa: SIM905
)
# Names that are not a partnership's own place: statutory guidance speaks of "Local
# Safeguarding Children Boards"; every London borough's documents cite the pan-London
# partnership's procedures ("the London Safeguarding Children Partnership").
_NOT_A_PLACE = frozenset({"local", "london", "national", "lscp", "lscb"})
# What the route finder says of a concern when its routes are another partnership's.
FOREIGN_ADVICE = (
    "If a child is in immediate danger, call 999. This service's curated routes are not those of "
    "{name}: see its documents for who to contact."
)
# A phone number, without its trunk 0, is at least this long (not "101", not "999").
MIN_NUMBER_DIGITS = 9
# Who the partnership is, when the documents name none: never given a number.
UNKNOWN_PARTNERSHIP = "your local safeguarding children partnership"


def _place(name: str) -> str:
    """The place a partnership's name starts with, less the words before it."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in _LEADING:
        words = words[1:]
    return " ".join(words)


def _national_number(phone: str) -> str:
    """A UK number's digits without the trunk 0 or +44: "(020) 8708-3885" -> "2087083885"."""
    digits = re.sub(r"\D", "", phone)
    return digits[2:] if digits.startswith("44") else digits.lstrip("0")


def other_partnership(book: RouteBook, texts: Iterable[str]) -> str | None:
    """The partnership the indexed documents are about, when it is not the route book's.

    Another partnership's when none of the book's contacts other than 999 (an email, or a phone
    number however written: spaced, bracketed, +44) is in ``texts`` and they name a partnership
    by a place that is not the book's; the one named most is returned. National guidance, the
    book's own documents, or nothing indexed: None.
    """
    others = [c for c in book.contacts if c.phone != EMERGENCY_PHONE]
    emails = {c.email.lower() for c in others if c.email}
    # (A national line, 0800 or 03..., is in every partnership's documents: not evidence.)
    numbers = {_national_number(n) for c in others for n in (c.phone, c.phone_alt) if n}
    numbers = {n for n in numbers if len(n) >= MIN_NUMBER_DIGITS and n[0] not in "38"}
    own = book.contact(PARTNERSHIP_CONTACT).organisation or ""
    own_name = _PARTNERSHIP.search(own)
    ours = _place(own_name.group("place")).lower() if own_name else own.lower()
    named: Counter[str] = Counter()
    for text in texts:
        lowered, digits = text.lower(), re.sub(r"\D", "", text)
        if any(e in lowered for e in emails) or any(n in digits for n in numbers):
            return None
        for match in _PARTNERSHIP.finditer(text):
            place = _place(match.group("place"))
            lowered_place = place.lower()
            if (ours and ours in lowered_place) or lowered_place in _NOT_A_PLACE | _LEADING:
                continue
            named[f"{place}{match.group(0)[len(match.group('place')) :]}"] += 1
    return named.most_common(1)[0][0] if named else None


def emergency_only(book: RouteBook, partnership: str | None = None) -> RouteBook:
    """The route book for another partnership's documents: 999 kept; every other contact, and
    every route's keywords, advice and steps (no concern is this book's to route), dropped; the
    partnership named (``partnership``, as its documents name it) without a number."""
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
                "description": FOREIGN_ADVICE.format(name=name),
                "steps": [],
                "steps_source": None,
                "steps_verified": None,
                "office_hours": [i for i in route.office_hours if i in kept],
                "out_of_hours": [i for i in route.out_of_hours if i in kept],
            }
        )
        for route in book.routes
    ]
    contacts = [c for c in book.contacts if c.id in kept] + [team]
    return book.model_copy(update={"contacts": contacts, "routes": routes})
