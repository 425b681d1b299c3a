"""The route book is one partnership's: on another's documents chat gives 999 and their numbers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.app import open_services
from service.chat.answering import NOT_FOUND, answer_question
from service.chat.contacting import documents_emergency_line
from service.chat.deps import ChatDeps
from service.chat.schemas import ChatRequest
from service.config import BUNDLED_ROUTES
from service.referrals.finder import find_referral_route
from service.referrals.local import UNKNOWN_PARTNERSHIP, emergency_only, other_partnership
from service.referrals.route_book import URGENT_ROUTE, load_route_book
from tests.conftest import OFFICE_HOURS, make_settings

SATURDAY = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)
KINGSBRIDGE = "Kingsbridge Safeguarding Children Partnership"
# A partnership's page, made up here: its own numbers in a contacts table, a hub it names
# without giving a number for it, and its name in the page's title as sites put it.
PAGE = f"""<html><head><title>Making a referral | {KINGSBRIDGE}</title></head><body>
<header><a href="/">{KINGSBRIDGE} home</a></header>
<main><h1>Making a referral</h1>
<p>The Kingsbridge MASH is the front door for concerns about children. Where a family needs
support below the threshold for social care, the MASH may pass the referral to the Early Help
Hub.</p>
<h2>Contacts</h2>
<table><tr><th>Team</th><th>Phone</th><th>When</th></tr>
<tr><td>Kingsbridge MASH</td><td>020 7946 0710</td><td>Monday to Friday, 9am to 5pm</td></tr>
<tr><td>Emergency Duty Team</td><td>020 7946 0799</td><td>Evenings and weekends</td></tr>
</table>
<h2>If a child is in danger</h2>
<p>If a child is in immediate danger, call the police on 999.</p>
</main><footer>&copy; 2026 {KINGSBRIDGE}</footer></body></html>
"""


def test_documents_are_another_partnerships_when_they_name_it_and_hold_none_of_the_book() -> None:
    book = load_route_book(BUNDLED_ROUTES)
    assert other_partnership(book, [f"Welcome to the {KINGSBRIDGE}."]) == KINGSBRIDGE
    assert (
        other_partnership(book, ["The Westmarsh Children's Safeguarding Partnership (WCSP)"])
        == "Westmarsh Children's Safeguarding Partnership"
    )
    # One of the book's numbers (however written) or emails: the book's own documents.
    for number in ("020 8708  5350", "(020) 8708-5350", "+44 20 8708 5350"):
        assert (
            other_partnership(book, [f"The {KINGSBRIDGE}", f"Ring the LADO on {number}."]) is None
        )
    # Its own partnership, whatever comes before the name; places of several words.
    assert other_partnership(book, ["About Redbridge Safeguarding Children Partnership"]) is None
    for name in (
        "City of London Safeguarding Children Partnership",
        "Barking and Dagenham Safeguarding Children Partnership",
        "Tameside Safeguarding Children's Partnership",
    ):
        assert other_partnership(book, [f"Contact {name}"]) == name
    assert other_partnership(book, [f"The {KINGSBRIDGE}", "Email lado@REDBRIDGE.gov.uk"]) is None
    # National guidance names no partnership of its own; the pan-London one is every borough's;
    # the book's own partnership is its own.
    national = [
        "Local Safeguarding Children Boards were replaced by safeguarding partners.",
        "See the London Safeguarding Children Partnership's procedures.",
        "The Redbridge Safeguarding Children Partnership publishes these briefings.",
        "Chair Of The Local Safeguarding Children Board",
    ]
    assert other_partnership(book, national) is None
    assert other_partnership(book, []) is None


def test_on_another_partnerships_documents_only_999_is_curated() -> None:
    book = emergency_only(load_route_book(BUNDLED_ROUTES), KINGSBRIDGE)
    assert [c.phone for c in book.contacts_for(URGENT_ROUTE, SATURDAY)] == ["999"]
    assert not book.match_routes("allegation against a member of staff, LADO")
    team = book.contact("rscp-team")
    assert team.name == f"the {KINGSBRIDGE}" and not (team.phone or team.email)
    assert book.known_numbers() == {"999"}
    unnamed = emergency_only(load_route_book(BUNDLED_ROUTES))
    assert unnamed.contact("rscp-team").name == UNKNOWN_PARTNERSHIP


@pytest.fixture(scope="module")
def kingsbridge(tmp_path_factory: pytest.TempPathFactory) -> ChatDeps:
    pages = tmp_path_factory.mktemp("kingsbridge-docs")
    (pages / "making-a-referral.html").write_text(PAGE, encoding="utf-8")
    settings = make_settings(
        tmp_path_factory.mktemp("kingsbridge"),
        corpus_dir=pages,
        briefings_dir=tmp_path_factory.mktemp("no-briefings"),
    )
    chat = open_services(settings).chat
    chat.clock = lambda: SATURDAY
    return chat


def ask(chat: ChatDeps, question: str) -> tuple[str, list[str]]:
    response = answer_question(ChatRequest(question=question), chat)
    numbers = [n for c in response.contacts for n in (c.phone, c.phone_alt) if n]
    return response.answer, numbers


def test_another_partnerships_pages_never_get_redbridge_numbers(kingsbridge: ChatDeps) -> None:
    urgent = answer_question(
        ChatRequest(
            question="a child has just told me her dad hit her and she is scared to go home"
        ),
        kingsbridge,
    )
    assert urgent.urgent and urgent.answer.startswith("If a child is in immediate danger, call 999")
    assert "020 8708" not in urgent.answer
    # Saturday evening: after 999, the page's own out-of-hours team, cited, comes next.
    second = urgent.answer.split("\n\n")[1]
    assert "020 7946 0799" in second and "[1]" in second and urgent.citations
    for question in ("What is the EHCP threshold?", "who do I call about a neglect concern?"):
        answer, numbers = ask(kingsbridge, question)
        assert "020 8708" not in answer and "redbridge" not in answer.lower()
        assert all(not n.startswith("020 8708") for n in numbers)
    declined, _ = ask(kingsbridge, "What is the EHCP threshold?")
    assert NOT_FOUND in declined and f"the {KINGSBRIDGE}" in declined


def test_a_number_asked_for_comes_from_the_page_that_gives_it(kingsbridge: ChatDeps) -> None:
    answer, _ = ask(kingsbridge, "whats the mash number for referrals?")
    assert "020 7946 0710" in answer and "[1]" in answer
    # The page names the hub and gives the MASH's number: that is not the hub's number.
    hub, _ = ask(kingsbridge, "What's the phone number for the Early Help Hub?")
    assert NOT_FOUND in hub and "020 7946 0710" not in hub


def test_in_office_hours_the_front_door_line_comes_after_999(kingsbridge: ChatDeps) -> None:
    kingsbridge.clock = lambda: OFFICE_HOURS
    try:
        response = answer_question(
            ChatRequest(question="a boy has just told me his stepdad burnt him with a cigarette"),
            kingsbridge,
        )
    finally:
        kingsbridge.clock = lambda: SATURDAY
    assert response.urgent and response.answer.startswith("If a child is in immediate danger")
    blocks = response.answer.split("\n\n")
    assert "020 7946 0710" in blocks[1] and "[1]" in blocks[1]
    # Who to ring now is no answer to what was asked: the page does not say more, and says so.
    assert not response.grounded and NOT_FOUND in blocks[-1]


def test_who_to_ring_out_of_hours_is_the_pages_own_duty_team(kingsbridge: ChatDeps) -> None:
    # Not urgent ("nobody is in danger"), asked in office hours of a time out of hours: the
    # page's own duty team, cited, though its line names neither the asker's words nor a time.
    kingsbridge.clock = lambda: OFFICE_HOURS
    try:
        response = answer_question(
            ChatRequest(
                question="It's 8pm on a Saturday and I have a child protection concern that"
                " can't wait until Monday, but nobody is in danger right now. Who do I ring?"
            ),
            kingsbridge,
        )
    finally:
        kingsbridge.clock = lambda: SATURDAY
    assert response.grounded and "020 7946 0799" in response.answer, response.answer
    assert "020 8708" not in response.answer
    # However the apostrophe is typed.
    curly, _ = ask(kingsbridge, "who do I ring at children’s social care?")
    assert "020 7946 0799" in curly, curly


def test_the_route_finder_gives_no_team_of_the_book_on_another_partnerships_documents(
    kingsbridge: ChatDeps,
) -> None:
    found = find_referral_route(kingsbridge.routes_here(), "disclosure", at=SATURDAY)
    assert found.advice is not None and "999" in found.advice.description
    assert all(not (c.phone or "").startswith("020 8708") for c in found.advice.contacts)


def test_the_documents_emergency_line_is_a_team_never_a_national_helpline(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    pages = tmp_path_factory.mktemp("helpline-docs")
    (pages / "help.md").write_text(
        "# Getting help\n\n"
        "Children can call Childline in the evenings and at weekends on 0800 1111.\n\n"
        "Out of hours, phone the Emergency Duty Team on 020 7946 0799.\n\n"
        "## In office hours\n\n"
        "Out of hours the duty team answers. In office hours, phone the Kingsbridge MASH on"
        " 020 7946 0710.\n",
        encoding="utf-8",
    )
    settings = make_settings(
        tmp_path_factory.mktemp("helpline"),
        corpus_dir=pages,
        briefings_dir=tmp_path_factory.mktemp("no-briefings"),
    )
    kb = open_services(settings).chat.kb
    night = documents_emergency_line(kb, [], out_of_hours=True, found={})
    day = documents_emergency_line(kb, [], out_of_hours=False, found={})
    assert [x.text for x in night] == [
        "Out of hours, phone the Emergency Duty Team on 020 7946 0799."
    ]
    assert [x.text for x in day] == [
        "In office hours, phone the Kingsbridge MASH on 020 7946 0710."
    ]
