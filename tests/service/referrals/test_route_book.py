from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from service.config import BUNDLED_ROUTES
from service.referrals.cards import ways_to_reach
from service.referrals.route_book import RouteBook, load_route_book

WEDNESDAY_11 = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
WEDNESDAY_19 = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
SATURDAY_11 = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
CHRISTMAS_11 = datetime(2026, 12, 25, 11, 0, tzinfo=UTC)
SUMMER_8_UTC = datetime(2027, 6, 2, 8, 30, tzinfo=UTC)  # 09:30 in London (BST)


@pytest.fixture(scope="module")
def book() -> RouteBook:
    return load_route_book(BUNDLED_ROUTES)


@pytest.mark.parametrize(
    ("when", "office"),
    [
        (WEDNESDAY_11, True),
        (WEDNESDAY_19, False),
        (SATURDAY_11, False),
        (CHRISTMAS_11, False),
        (SUMMER_8_UTC, True),
    ],
)
def test_office_hours_follow_uk_time(book: RouteBook, when: datetime, office: bool) -> None:
    assert book.is_office_hours(when) is office


def test_immediate_danger_puts_999_first_at_any_time(book: RouteBook) -> None:
    for when in (WEDNESDAY_11, WEDNESDAY_19, SATURDAY_11):
        assert book.contacts_for("immediate-danger", when)[0].phone == "999"


def test_out_of_hours_uses_the_emergency_duty_number(book: RouteBook) -> None:
    phones = [c.phone for c in book.contacts_for("immediate-danger", WEDNESDAY_19)]
    assert "020 8708 5897" in phones
    assert "020 8708 3885" not in phones


def test_a_contact_is_reached_every_way_the_data_gives(book: RouteBook) -> None:
    lado = book.contact("lado")
    assert ways_to_reach(lado) == "020 8708 5350, 07584 127461 or LADO@redbridge.gov.uk"
    assert ways_to_reach(book.contact("out-of-hours-emergency")) == "020 8708 5897"


def test_every_contact_is_dated_and_sourced(book: RouteBook) -> None:
    for contact in book.contacts:
        assert contact.last_verified.year >= 2022
        assert contact.source


def test_questions_match_routes_by_keyword(book: RouteBook) -> None:
    assert book.match_routes("a teacher has been accused of hurting a pupil")[0].id == (
        "allegation-against-staff"
    )
    assert book.match_routes("she is staying with a friend of the family for the summer")[0].id == (
        "private-fostering"
    )
    # However the apostrophe is typed, or left out.
    for typed in ("someone else's child", "someone elses child", "someone else’s child"):
        assert book.match_routes(f"we are looking after {typed}")[0].id == "private-fostering", (
            typed
        )


def test_route_book_rejects_unknown_contact_ids(book: RouteBook) -> None:
    data = book.model_dump()
    data["routes"][0]["office_hours"] = ["nobody"]
    with pytest.raises(ValueError, match="unknown contacts"):
        RouteBook.model_validate(data)


def test_the_team_for_the_concern_comes_before_999(book: RouteBook) -> None:
    for when in (WEDNESDAY_11, WEDNESDAY_19, SATURDAY_11):
        contacts = book.contacts_for("allegation-against-staff", when)
        assert contacts[0].id == "lado"
        assert all(c.phone != "999" for c in contacts[:-1])
    assert [c.id for c in book.contacts_for("private-fostering", SATURDAY_11)] == [
        "cpat-office-hours",
        "out-of-hours-emergency",
        "emergency-999",
    ]


def test_contacts_older_than_the_review_age_are_due() -> None:
    stale = load_route_book(BUNDLED_ROUTES, review_after_months=12)
    contact = stale.contact("lado")
    assert contact.review_due == contact.last_verified.replace(year=contact.last_verified.year + 1)
    assert contact.due_for_review(contact.review_due)
    assert not contact.due_for_review(contact.last_verified)
    due = contact.review_due
    stale.record_check("lado", due)
    assert stale.contact("lado").last_verified == due
    assert not stale.contact("lado").due_for_review(due)


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    from datetime import date

    from service.referrals.route_book import add_months

    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2022, 7, 1), 12) == date(2023, 7, 1)


@pytest.mark.parametrize("route_id", ["immediate-danger", "general-worry"])
def test_routes_file_without_a_built_in_route_fails_at_start_up(
    book: RouteBook, tmp_path: Path, route_id: str
) -> None:
    data = book.model_dump(mode="json")
    data["routes"] = [r for r in data["routes"] if r["id"] != route_id]
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ValueError, match=route_id):
        load_route_book(path)


def test_routes_file_without_the_partnership_contact_fails_at_start_up(book: RouteBook) -> None:
    data = book.model_dump()
    data["contacts"] = [c for c in data["contacts"] if c["id"] != "rscp-team"]
    for route in data["routes"]:
        route["office_hours"] = [c for c in route["office_hours"] if c != "rscp-team"]
        route["out_of_hours"] = [c for c in route["out_of_hours"] if c != "rscp-team"]
    with pytest.raises(ValueError, match="rscp-team"):
        RouteBook.model_validate(data)


def test_a_question_set_at_the_weekend_is_answered_for_out_of_hours(book: RouteBook) -> None:
    asked = book.moment_asked(
        "It's Saturday afternoon, who do I ring about a referral?", WEDNESDAY_11
    )
    assert not book.is_office_hours(asked)
    assert asked > WEDNESDAY_11
    # Said of no time, or asked out of hours already: the clock stands.
    assert book.moment_asked("Who do I ring about a referral?", WEDNESDAY_11) == WEDNESDAY_11
    assert book.moment_asked("What number do I ring tonight?", WEDNESDAY_19) == WEDNESDAY_19
    # Telling of a day gone by is not asking about out of hours; asking about one is.
    told = "A pupil told me on Saturday that her stepdad hits her. Who do I call?"
    assert book.moment_asked(told, WEDNESDAY_11) == WEDNESDAY_11
    asking = "What number do I call in the evening or at the weekend?"
    assert not book.is_office_hours(book.moment_asked(asking, WEDNESDAY_11))


def test_a_time_said_of_now_sets_the_hours(book: RouteBook) -> None:
    # A clock time said of now: that time today.
    said = book.moment_asked("It's 7.30pm and I'm worried. Which number?", WEDNESDAY_11)
    assert (said.hour, said.minute) == (19, 30) and not book.is_office_hours(said)
    for text in (
        "its 11pm, a 14 yr old girl got into a car",
        "it's gone 6 pm, who do I ring?",
        "it's 7.30 p.m. and she hasn't come home",
        "It's quarter to 6 in the evening, who do I call?",
        "It's half seven on a Saturday evening and a parent has rung me. Which number?",
    ):
        assert not book.is_office_hours(book.moment_asked(text, WEDNESDAY_11, stated=True)), text
    # Not of now: another time, a curfew, a day something happened, a shift.
    for text in (
        "It's 10am, who do I ring?",
        "what happens if she breaks its 10pm curfew? who do I call",
        "The strategy meeting? It's 6pm tomorrow, who should attend?",
        "It's on Saturday she told me her dad hits her, who do I call?",
        "It's one evening a week that she's left alone with him, who do I tell?",
        "I'm on night shift and a girl disclosed abuse this morning, who do I ring?",
    ):
        assert book.moment_asked(text, WEDNESDAY_11, stated=True) == WEDNESDAY_11, text


def test_the_general_worry_is_what_no_other_route_names(book: RouteBook) -> None:
    # "concerned" and "school" are the general route's words, but the question names a teacher.
    text = "Concerned about a PE teacher at our school messaging pupils. Who do I contact?"
    assert book.route_hits(text, general_last=True)[0][1].id == "allegation-against-staff"
    assert book.match_routes("I'm worried about my pupil at school")[0].id == "general-worry"
    # Which concern's steps apply still counts every word ("told me" said in passing).
    assert book.route_hits(text)[0][1].id == "general-worry"
    # A route named in passing does not outweigh a worry set out at length.
    worry = (
        "I'm worried about a pupil's low mood and mental health and poor attendance at school;"
        " her form teacher mentioned it. Who should I contact?"
    )
    assert book.route_hits(worry, general_last=True)[0][1].id == "general-worry"


def test_routes_can_be_matched_on_several_keywords(book: RouteBook) -> None:
    text = "a volunteer coach keeps messaging a child"
    assert book.match_routes(text, min_keywords=2)[0].id == "allegation-against-staff"
    assert book.match_routes("our coach", min_keywords=2) == []
    assert book.match_routes("our coach")[0].id == "allegation-against-staff"


def test_a_child_saying_something_and_asking_for_secrecy_is_a_disclosure(book: RouteBook) -> None:
    said = "a girl said to me at break that her brother does things to her"
    assert book.match_routes(said)[0].id == "disclosure"
    assert book.match_routes("she made me promise not to tell anyone")[0].id == "disclosure"


def test_the_longest_keyword_read_in_a_question_counts(book: RouteBook) -> None:
    # "become a foster carer" is recruitment; the "foster carer" inside it is not the subject
    # of an allegation. A concern about a foster carer is still the LADO's.
    assert book.match_routes("How can a parent become a foster carer?")[0].id == (
        "becoming-a-foster-carer"
    )
    assert book.contacts_for("becoming-a-foster-carer", WEDNESDAY_11)[0].phone == "020 8708 6068"
    concern = book.match_routes("An allegation has been made against a foster carer")
    assert concern[0].id == "allegation-against-staff"
    assert all(r.id != "becoming-a-foster-carer" for r in concern)
    slapped = book.match_routes("An approved foster carer slapped a child, who do I contact?")
    assert [r.id for r in slapped] == ["allegation-against-staff"]
    # Only another route's longer keyword hides one: a route's own keywords all count.
    staff = book.route_hits("I am concerned about an allegation against staff, advice?")
    assert (2, "allegation-against-staff") in [(hits, r.id) for hits, r in staff]
