"""The referral route finder: who to contact now about a concern, from the curated routes data.

``find_referral_route`` backs both ``/referrals`` and ``/api/referrals``; ``emergency_banner``
gives every page its 999 and out-of-hours line from the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import BaseModel, Field

from service.referrals.cards import ContactCard, contact_card
from service.referrals.route_book import (
    EMERGENCY_PHONE,
    UK,
    URGENT_ROUTE,
    Contact,
    RouteBook,
    advise,
)


class UnknownConcern(LookupError):
    """Raised when ``concern`` is not a route id in the referral routes file."""


class TimeOutOfRange(ValueError):
    """Raised when ``at`` cannot be expressed in UK time (e.g. year 1 with a +14:00 offset)."""


class Concern(BaseModel):
    id: str
    label: str


class ReferralAdvice(BaseModel):
    """Who to contact about one concern at one moment."""

    concern: Concern
    description: str
    urgent: bool = Field(description="The immediate-danger route: 999 leads the contacts.")
    contacts: list[ContactCard] = Field(
        description="The team for the concern first; 999 first only when a child is in danger."
    )


class ReferralFinderResponse(BaseModel):
    """The route finder page's data: the concerns, the moment, and advice if one was chosen."""

    at: datetime = Field(description="The moment advised for, in UK time.")
    office_hours: bool
    office_hours_note: str = Field(description="Whether it is office hours, in words.")
    concerns: list[Concern]
    advice: ReferralAdvice | None = None


@dataclass(frozen=True)
class EmergencyBanner:
    emergency: str
    out_of_hours: Contact | None


def find_referral_route(
    book: RouteBook, concern: str | None, *, at: datetime | None = None
) -> ReferralFinderResponse:
    """Advice for ``concern`` at ``at`` (default now); naive times are UK local time."""
    when = _uk_time(at)
    office = book.is_office_hours(when)
    hours = book.office_hours
    span = f"{hours.days[0].title()}–{hours.days[-1].title()} {hours.start:%H:%M}–{hours.end:%H:%M}"
    note = (
        f"It is office hours ({span})."
        if office
        else f"It is outside office hours ({span}): evenings, weekends and bank holidays "
        "use the out-of-hours contacts."
    )
    concerns = [Concern(id=r.id, label=r.label) for r in book.routes]
    advice = None
    if concern:
        if concern not in {c.id for c in concerns}:
            known = ", ".join(c.id for c in concerns)
            raise UnknownConcern(f"unknown concern {concern!r}; choose one of: {known}")
        found = advise(book, concern, when)
        advice = ReferralAdvice(
            concern=Concern(id=found.route.id, label=found.route.label),
            description=found.route.description,
            urgent=found.route.id == URGENT_ROUTE,
            contacts=[contact_card(c) for c in found.contacts],
        )
    return ReferralFinderResponse(
        at=when, office_hours=office, office_hours_note=note, concerns=concerns, advice=advice
    )


def emergency_banner(book: RouteBook) -> EmergencyBanner:
    """999, and the out-of-hours number from the immediate-danger route."""
    route = book.route(URGENT_ROUTE)
    out_of_hours = next(
        (
            book.contact(i)
            for i in route.out_of_hours
            if book.contact(i).phone not in (None, EMERGENCY_PHONE)
        ),
        None,
    )
    return EmergencyBanner(emergency=EMERGENCY_PHONE, out_of_hours=out_of_hours)


def _uk_time(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(UTC).astimezone(UK)
    if at.tzinfo is None:
        return at.replace(tzinfo=UK)
    try:
        return at.astimezone(UK)
    except (OverflowError, ValueError) as e:
        raise TimeOutOfRange(
            f"{at.isoformat()} is out of range: give a date-time between years 2 and 9998"
        ) from e
