"""Contact cards: the public view of a curated contact, the same in chat, briefings and routes."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from service.referrals.route_book import PARTNERSHIP_CONTACT, Contact, RouteBook


class ContactCard(BaseModel):
    """A curated contact (never composed by the answerer)."""

    id: str
    name: str
    phone: str | None
    phone_alt: str | None = None
    email: str | None
    hours: str | None
    url: str | None = None
    last_verified: str
    due_for_review: bool = Field(
        False, description="Not checked within the configured age: shown as due for review."
    )


def contact_card(contact: Contact, *, today: date | None = None) -> ContactCard:
    """The public view of a curated contact, flagged when its details are due for review."""
    return ContactCard(
        id=contact.id,
        name=contact.name,
        phone=contact.phone,
        phone_alt=contact.phone_alt,
        email=contact.email,
        hours=contact.hours,
        url=contact.url,
        last_verified=contact.last_verified.isoformat(),
        due_for_review=contact.due_for_review(today or date.today()),
    )


def ways_to_reach(contact: Contact) -> str:
    """Every way the curated data gives: "020 8708 5350, 07584 127461 or LADO@..." (the other
    number is the one to try when a line rings out)."""
    ways = [x for x in (contact.phone, contact.phone_alt, contact.email) if x]
    return " or ".join(filter(None, [", ".join(ways[:-1]), *ways[-1:]]))


def who_to_contact(contacts: list[Contact]) -> str:
    """One line naming the first curated contact, for questions that ask who to tell."""
    contact = next((c for c in contacts if c.phone != "999"), contacts[0])
    return f"Who to contact: {contact.name} ({ways_to_reach(contact)})."


def contact_sentence(routes: RouteBook) -> str:
    """Who to ask for advice when the documents do not answer: the partnership team."""
    team = routes.contact(PARTNERSHIP_CONTACT)
    ways = " or ".join(x for x in (team.phone, team.email) if x)
    return f"For advice, contact {team.name}{f' ({ways})' if ways else ''}."
