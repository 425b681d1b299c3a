"""Curated contacts and referral routes: dated data, loaded from YAML, never composed.

Office hours decide which route applies now; times are UK local time (Europe/London).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, Field, PrivateAttr, model_validator

UK = ZoneInfo("Europe/London")
# Route used when a question matches no concern: the partnership team can point people onward.
DEFAULT_ROUTE = "general-worry"
URGENT_ROUTE = "immediate-danger"
PARTNERSHIP_CONTACT = "rscp-team"
# The emergency number: first only for the immediate-danger route, otherwise listed last.
EMERGENCY_PHONE = "999"
# A contact not checked for this long is "due for review" (settings override it at load).
DEFAULT_REVIEW_AFTER_MONTHS = 12
# Ids the service itself relies on (every page's 999 banner, answers' fallback contacts).
REQUIRED_ROUTES = (DEFAULT_ROUTE, URGENT_ROUTE)
REQUIRED_CONTACTS = (PARTNERSHIP_CONTACT,)
_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Contact(BaseModel):
    id: str
    name: str
    organisation: str | None = None
    phone: str | None = None
    phone_alt: str | None = None
    email: str | None = None
    hours: str = Field(pattern="^(any|office|out_of_hours)$")
    url: str | None = None
    last_verified: date
    source: str
    _review_after_months: int = PrivateAttr(DEFAULT_REVIEW_AFTER_MONTHS)

    @property
    def review_due(self) -> date:
        """When this contact should next be checked."""
        return add_months(self.last_verified, self._review_after_months)

    def due_for_review(self, today: date) -> bool:
        return self.review_due <= today


class ReferralRoute(BaseModel):
    id: str
    label: str
    description: str
    keywords: list[str]
    office_hours: list[str]
    out_of_hours: list[str]
    # What to do, in order, as the partnership's documents say it; shown in chat with the
    # passage of ``steps_source`` (a document in the index) cited beside each step.
    steps: list[str] = Field(default_factory=list)
    steps_source: str | None = None
    steps_verified: date | None = None

    @model_validator(mode="after")
    def _steps_are_sourced(self) -> ReferralRoute:
        if self.steps and not (self.steps_source and self.steps_verified):
            raise ValueError(
                f"route {self.id!r} has steps but no steps_source/steps_verified: say which "
                "document they come from and when they were checked"
            )
        return self


class OfficeHours(BaseModel):
    days: list[str]
    start: time
    end: time
    note: str | None = None


class RouteBook(BaseModel):
    """The whole curated file, validated: every route names contacts that exist."""

    office_hours: OfficeHours
    bank_holidays: list[date] = Field(default_factory=list)
    contacts: list[Contact]
    routes: list[ReferralRoute]

    @model_validator(mode="after")
    def _references_resolve(self) -> RouteBook:
        known = {c.id for c in self.contacts}
        route_ids = {r.id for r in self.routes}
        missing_routes = [r for r in REQUIRED_ROUTES if r not in route_ids]
        missing_contacts = [c for c in REQUIRED_CONTACTS if c not in known]
        if missing_routes or missing_contacts:
            raise ValueError(
                f"the service needs routes {list(REQUIRED_ROUTES)} and contacts "
                f"{list(REQUIRED_CONTACTS)}; missing {missing_routes + missing_contacts}: "
                "add them to the routes file"
            )
        for route in self.routes:
            missing = [c for c in route.office_hours + route.out_of_hours if c not in known]
            if missing:
                raise ValueError(f"route {route.id!r} names unknown contacts {missing}")
        return self

    def contact(self, contact_id: str) -> Contact:
        return next(c for c in self.contacts if c.id == contact_id)

    def route(self, route_id: str) -> ReferralRoute:
        return next(r for r in self.routes if r.id == route_id)

    def is_office_hours(self, when: datetime) -> bool:
        local = when.astimezone(UK)
        if local.date() in self.bank_holidays:
            return False
        if _DAYS[local.weekday()] not in self.office_hours.days:
            return False
        return self.office_hours.start <= local.time() < self.office_hours.end

    def moment_asked(self, text: str, now: datetime, *, stated: bool = False) -> datetime:
        """When the question is about: ``now``, unless it says it is out of hours now ("it's
        Saturday", "tonight"; not "she told me on Saturday") while now is office hours; then
        the coming Sunday midday, which no office-hours rota covers. ``stated``: only when it
        says so of the present ("it's Saturday evening"), not of what is to come ("...scared to
        go home tonight": an emergency now is for the teams on now)."""
        if not self.is_office_hours(now):
            return now
        clock = _CLOCK_NOW.search(text)
        if clock is not None:  # "it's 7.30pm": that time today
            hour, minute = int(clock.group(1)) % 12, int(clock.group(2) or 0)
            hour += 12 if clock.group(3).lower() == "p" else 0
            if minute < 60:
                said = now.astimezone(UK).replace(hour=hour, minute=minute)
                if not self.is_office_hours(said):
                    return said
        pattern = _NOW_OUT_OF_HOURS if stated else _OUT_OF_HOURS
        if not pattern.search(text):
            return now
        local = now.astimezone(UK)
        sunday = local + timedelta(days=6 - local.weekday() or 7)
        return sunday.replace(hour=12, minute=0, second=0, microsecond=0)

    def contacts_for(self, route_id: str, when: datetime) -> list[Contact]:
        """The route's contacts now, the team for the concern first.

        999 leads only the immediate-danger route; elsewhere it comes last, for "if a child is in
        immediate danger". The team is the route's first office-hours contact other than 999.
        """
        route = self.route(route_id)
        ids = route.office_hours if self.is_office_hours(when) else route.out_of_hours
        contacts = [self.contact(i) for i in ids]
        if route.id == URGENT_ROUTE:
            return contacts
        lead = next(
            (i for i in route.office_hours if self.contact(i).phone != EMERGENCY_PHONE), None
        )
        return sorted(contacts, key=lambda c: (c.phone == EMERGENCY_PHONE, c.id != lead))

    def set_review_age(self, months: int) -> None:
        """Contacts last checked more than ``months`` ago are due for review."""
        for contact in self.contacts:
            contact._review_after_months = months

    def record_check(self, contact_id: str, checked: date) -> Contact:
        """A curator confirmed the contact's details on ``checked``."""
        contact = self.contact(contact_id)
        contact.last_verified = max(contact.last_verified, checked)
        return contact

    def match_routes(self, text: str, *, min_keywords: int = 1) -> list[ReferralRoute]:
        """Routes with at least ``min_keywords`` of their keywords in ``text`` (word-bounded),
        most keyword hits first."""
        return [route for hits, route in self.route_hits(text) if hits >= min_keywords]

    def route_hits(
        self, text: str, *, general_last: bool = False
    ) -> list[tuple[int, ReferralRoute]]:
        """(keywords in ``text``, route) for each route named at all, most keyword hits first."""
        lowered = text.lower()
        found = [
            (m.start(), m.end(), n, keyword)
            for n, route in enumerate(self.routes)
            for keyword in route.keywords
            for m in _keyword_pattern(keyword).finditer(lowered)
        ]
        # Of two routes' keywords read in the same words, the longer counts: "become a foster
        # carer" names recruitment, not the "foster carer" an allegation may be about.
        kept = {
            (n, keyword)
            for a, b, n, keyword in found
            if not any(x <= a and b <= y and y - x > b - a and m != n for x, y, m, _ in found)
        }
        scored = [
            (hits, route)
            for n, route in enumerate(self.routes)
            if (hits := sum(1 for k in route.keywords if (n, k) in kept))
        ]

        # ``general_last``: the general worry's words are the scene's ("concerned", "school"):
        # a route named within one keyword of them leads (a PE teacher's messages are the LADO's;
        # a form teacher mentioning low mood, poor attendance and mental health is not).
        def rank(pair: tuple[int, ReferralRoute]) -> tuple[int, bool]:
            general = pair[1].id == DEFAULT_ROUTE
            return (-(pair[0] + (general_last and not general)), general_last and general)

        scored.sort(key=rank)
        return scored

    def known_numbers(self) -> set[str]:
        """Digits of every curated phone number (a question quoting one is not personal data)."""
        numbers = set()
        for c in self.contacts:
            for phone in (c.phone, c.phone_alt):
                if phone:
                    numbers.add(re.sub(r"\D", "", phone))
        return numbers


def add_months(day: date, months: int) -> date:
    """``day`` moved on ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {day}")  # pragma: no cover


# A time of day said as words or figures: "half seven", "7.30pm", "quarter to 6", "9 o'clock".
_CLOCK = (
    r"(?:(?:half|quarter)\s+(?:past\s+|to\s+)?)?(?:\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.?m\.?)?|one|two"
    r"|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+o'?clock)?"
)
# A question saying it is out of office hours now: "it's Saturday evening", "it's half seven on
# a Saturday evening" (not "it's on Saturday she told me", "I'm on night shift").
_NOW_TEXT = (
    rf"\b(it'?s|it is|its|now|this is|we'?re|i'?m)\s+(?:{_CLOCK}\s+(?:on|in)\s+)?(a\s+|the\s+)?"
    r"(saturday|sunday|weekend|evening|night|bank holiday|christmas day|new year'?s day)\b"
    r"|\bmiddle of the night\b"
)
# A clock time said of now, ending its clause: "it's 7.30pm, ...", "its 11pm and...", "it's
# half past 5 p.m." (not "its 10pm curfew", "it's 6pm tomorrow", "now 6pm on Thursday").
_CLOCK_NOW = re.compile(
    r"\b(?:it'?s|it is|its)\s+(?:gone\s+|just\s+(?:gone\s+|after\s+)?|nearly\s+|almost\s+"
    r"|about\s+|around\s+|after\s+)?(?:(?:half|quarter)\s+past\s+)?(\d{1,2})(?:[.:](\d{2}))?"
    r"\s*([ap])\.?m\b\.?(?=\s*(?:[,;:!?]|\.(?:\s|$)|$|and\b|here\b|now\b|already\b))",
    re.I,
)
_NOW_OUT_OF_HOURS = re.compile(_NOW_TEXT, re.I)
# A question set out of office hours: said now, or asking about that time ("tonight").
_OUT_OF_HOURS = re.compile(
    _NOW_TEXT + r"|\btonight\b|\bout[- ]of[- ]hours\b|\bat night\b"
    # asking about that time, not telling of a day gone by ("she told me on Saturday"):
    r"|\bin the evenings?\b|\bat (the )?weekends?\b|\bon a (saturday|sunday)\b"
    r"|\bon (saturday|sunday)s\b|\bbank holidays?\b",
    re.I,
)


@lru_cache(maxsize=1024)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:  # "children's", "childrens", "children’s"
    escaped = re.escape(keyword.lower()).replace(r"\ ", r"\s+").replace("'", "['’]?")
    return re.compile(r"\b" + escaped + r"\b")


@dataclass(frozen=True)
class RouteAdvice:
    """What the route finder shows for one concern at one moment."""

    route: ReferralRoute
    office_hours: bool
    contacts: list[Contact]


def load_route_book(
    path: Path, *, review_after_months: int = DEFAULT_REVIEW_AFTER_MONTHS
) -> RouteBook:
    """Load and validate the curated routes file; a bad file fails at start-up, loudly."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        book = RouteBook.model_validate(data)
    except (OSError, yaml.YAMLError, ValueError) as e:
        raise ValueError(f"{path}: cannot load referral routes ({e}); fix the file") from e
    book.set_review_age(review_after_months)
    return book


def advise(book: RouteBook, route_id: str, when: datetime) -> RouteAdvice:
    return RouteAdvice(
        route=book.route(route_id),
        office_hours=book.is_office_hours(when),
        contacts=book.contacts_for(route_id, when),
    )
