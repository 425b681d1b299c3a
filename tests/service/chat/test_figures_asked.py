"""A figure answers only with what it is a figure of: on a small corpus of its own."""

from __future__ import annotations

from typing import get_args

import pytest

from service.app import open_services
from service.chat.answering import NOT_FOUND, answer_question
from service.chat.schemas import ChatRequest, ChatResponse
from service.curation.feedback_store import UnansweredReason
from service.http.deps import Services
from tests.conftest import OFFICE_HOURS, make_settings

ATTENDANCE = """# School attendance

## Penalty notices

A school may ask the local authority to issue a penalty notice to the parents of a pupil
who misses school without permission. The notice explains how the parents can pay it.

## Exclusions

Pupils who are excluded from school for more than five school days must be given full-time
education from the sixth school day of the exclusion.

## Prosecution

Parents who are convicted of failing to secure their child's regular attendance at school
are liable to a fine not exceeding £2,500.
"""

CARE_LEAVERS = """# Guidance for local authorities

## Care leaving support

A relevant child is a young person aged 16 or 17 who is no longer looked after.

## Living at home

A child living at home with a parent is not looked after, whatever help the family gets.
"""

PANEL = """# Fostering panel

## Panel meetings

A fostering panel meeting can only go ahead when at least five panel members are present,
including the chair or the vice chair. The panel records its findings after each meeting.
"""

INSPECTION = """# Inspection of children's services

## The inspection report

In March 2021 the inspectorate published a report on how agencies work together to protect
children. Many agencies took part. The report set out seven challenging findings for local
partnerships.
"""

TEAMS = """# Youth teams

## Youth clubs

The youth service runs evening clubs for young people across the borough: young people can
join the evening clubs by ringing the youth service on 020 7946 0101.

## Street outreach

The street outreach team works with young people in parks and town centres. This page does not
list a direct number for the street outreach team.

## Spring seminar

The partnership runs a spring seminar on neglect on 5 May 2026, from 18:00 to 19:30. Places
can be booked at www.partnership.org.uk/spring-seminar.

## Autumn seminar

The partnership runs an autumn seminar on exploitation on 6 October 2026, from 18:00 to 19:30.

## Panel adviser

The panel adviser is Jordan Fairweather. The panel adviser can be contacted on 020 7946 0202
or on 07700 900123.
"""


@pytest.fixture(scope="module")
def attendance(tmp_path_factory: pytest.TempPathFactory) -> Services:
    corpus = tmp_path_factory.mktemp("attendance-corpus")
    (corpus / "attendance.md").write_text(ATTENDANCE, encoding="utf-8")
    (corpus / "care-leavers.md").write_text(CARE_LEAVERS, encoding="utf-8")
    (corpus / "panel.md").write_text(PANEL, encoding="utf-8")
    (corpus / "inspection.md").write_text(INSPECTION, encoding="utf-8")
    (corpus / "teams.md").write_text(TEAMS, encoding="utf-8")
    briefings = tmp_path_factory.mktemp("no-briefings")
    settings = make_settings(
        tmp_path_factory.mktemp("attendance-index"), corpus_dir=corpus, briefings_dir=briefings
    )
    services = open_services(settings)
    services.chat.clock = lambda: OFFICE_HOURS
    return services


def ask(services: Services, question: str) -> ChatResponse:
    return answer_question(ChatRequest(question=question), services.chat)


def test_a_sum_for_something_else_does_not_price_what_is_asked(attendance: Services) -> None:
    response = ask(attendance, "How much is the penalty notice if a pupil misses school?")
    assert not response.grounded, response.answer
    assert NOT_FOUND in response.answer
    assert "2,500" not in response.answer


def test_a_sum_for_what_is_asked_is_given(attendance: Services) -> None:
    response = ask(
        attendance, "How much can parents be fined if convicted of failing to secure attendance?"
    )
    assert response.grounded, response.answer
    assert "£2,500" in response.answer


def test_an_age_is_said_of_what_is_asked_in_its_sentence_not_a_heading(
    attendance: Services,
) -> None:
    # "Care leaving support" (a heading) shares "leaving" with the question, not its meaning.
    response = ask(attendance, "What is the minimum age for leaving a child at home?")
    assert not response.grounded, response.answer
    assert NOT_FOUND in response.answer


def test_a_word_no_document_holds_does_not_stop_a_count_answering(attendance: Services) -> None:
    # "quorate" is in no document: whether the count is of what is asked is judged on the rest.
    response = ask(attendance, "How many panel members must be present for it to be quorate?")
    assert response.grounded, response.answer
    assert "five panel members" in response.answer


def test_how_many_counts_what_follows_not_the_word_many(attendance: Services) -> None:
    # "many" is how the count is asked, not what is counted: "seven ... findings" answers.
    response = ask(attendance, "Inspection of children's services: how many findings were there?")
    assert response.grounded, response.answer
    assert "seven challenging findings" in response.answer


def test_a_phone_number_is_not_a_count(attendance: Services) -> None:
    response = ask(attendance, "How many young people go to the youth service evening clubs?")
    assert not response.grounded, response.answer
    assert "0101" not in response.answer


def test_a_phone_number_asked_for_and_not_given_is_declined(attendance: Services) -> None:
    # The passage is about the team, but says it has no number: that does not answer, and the
    # miss reaches the curators' unanswered list under a reason the store accepts.
    recorded: list[str] = []
    original = attendance.chat.on_unanswered
    attendance.chat.on_unanswered = lambda q, reason, score: recorded.append(reason)
    try:
        response = ask(attendance, "what's the street outreach team's direct number?")
    finally:
        attendance.chat.on_unanswered = original
    assert not response.grounded, response.answer
    assert NOT_FOUND in response.answer
    assert recorded and set(recorded) <= set(get_args(UnansweredReason)), recorded


def test_who_is_the_role_names_the_person_and_their_mobile(attendance: Services) -> None:
    response = ask(attendance, "who is the panel adviser and have they got a mobile?")
    assert response.grounded, response.answer
    assert "Jordan Fairweather" in response.answer
    assert "07700 900123" in response.answer


def test_a_name_asked_for_is_given_when_a_passage_names_someone(attendance: Services) -> None:
    response = ask(attendance, "What's the name of the panel adviser?")
    assert response.grounded, response.answer
    assert "Jordan Fairweather" in response.answer


def test_a_name_asked_for_and_named_nowhere_is_declined(attendance: Services) -> None:
    # The outreach passage is about the team, but names nobody: its lines do not answer.
    response = ask(
        attendance, "What's the name of the street outreach team lead? I'd like to email them."
    )
    assert not response.grounded, response.answer
    assert NOT_FOUND in response.answer


def test_a_link_asked_for_is_given_or_declined(attendance: Services) -> None:
    spring = ask(attendance, "can you send me the booking link for the spring seminar on neglect?")
    assert spring.grounded and "www.partnership.org.uk/spring-seminar" in spring.answer
    # The autumn seminar's passage gives a date and times, not where to book: not an answer.
    autumn = ask(
        attendance, "can you send me the booking link for the autumn seminar on exploitation?"
    )
    assert not autumn.grounded, autumn.answer
    assert NOT_FOUND in autumn.answer


def test_a_figure_that_does_not_count_what_is_asked_is_not_a_count(attendance: Services) -> None:
    # "five school days" is a limit on an exclusion, not how many pupils were excluded.
    response = ask(attendance, "How many pupils were excluded from school last year?")
    assert not response.grounded, response.answer
    assert NOT_FOUND in response.answer


def test_a_grade_asked_for_and_given_nowhere_is_declined(attendance: Services) -> None:
    # The inspection passage gives a date and findings, not a grade.
    response = ask(attendance, "What judgement did the inspectorate give in its March 2021 report?")
    assert not response.grounded, response.answer
    assert NOT_FOUND in response.answer
