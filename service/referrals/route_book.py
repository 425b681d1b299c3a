"""Curated contacts and referral routes: dated data, loaded from YAML, never composed.

Office hours decide which route applies now; times are UK local time (Europe/London).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, Field, model_validator

UK = ZoneInfo("Europe/London")
# Route used when a question matches no concern: the partnership team can point people onward.
DEFAULT_ROUTE = "general-worry"
URGENT_ROUTE = "immediate-danger"
PARTNERSHIP_CONTACT = "rscp-team"
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


class ReferralRoute(BaseModel):
    id: str
    label: str
    description: str
    keywords: list[str]
    office_hours: list[str]
    out_of_hours: list[str]


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

    def contacts_for(self, route_id: str, when: datetime) -> list[Contact]:
        route = self.route(route_id)
        ids = route.office_hours if self.is_office_hours(when) else route.out_of_hours
        return [self.contact(i) for i in ids]

    def match_routes(self, text: str) -> list[ReferralRoute]:
        """Routes whose keywords occur in ``text`` (word-bounded), most keyword hits first."""
        lowered = text.lower()
        scored = []
        for route in self.routes:
            hits = sum(1 for k in route.keywords if _keyword_pattern(k).search(lowered))
            if hits:
                scored.append((hits, route))
        scored.sort(key=lambda pair: -pair[0])
        return [r for _, r in scored]

    def known_numbers(self) -> set[str]:
        """Digits of every curated phone number (a question quoting one is not personal data)."""
        numbers = set()
        for c in self.contacts:
            for phone in (c.phone, c.phone_alt):
                if phone:
                    numbers.add(re.sub(r"\D", "", phone))
        return numbers


@lru_cache(maxsize=1024)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(keyword.lower()).replace(r"\ ", r"\s+") + r"\b")


@dataclass(frozen=True)
class RouteAdvice:
    """What the route finder shows for one concern at one moment."""

    route: ReferralRoute
    office_hours: bool
    contacts: list[Contact]


def load_route_book(path: Path) -> RouteBook:
    """Load and validate the curated routes file; a bad file fails at start-up, loudly."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return RouteBook.model_validate(data)
    except (OSError, yaml.YAMLError, ValueError) as e:
        raise ValueError(f"{path}: cannot load referral routes ({e}); fix the file") from e


def advise(book: RouteBook, route_id: str, when: datetime) -> RouteAdvice:
    return RouteAdvice(
        route=book.route(route_id),
        office_hours=book.is_office_hours(when),
        contacts=book.contacts_for(route_id, when),
    )
