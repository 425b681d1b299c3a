"""What a form, a record or a plan must hold is the list announced as such, on passages made up
here: "what do I put in a MARF?" gets the "Please include:" list under "What to include in your
referral", not the steps for sending the MARF."""

from __future__ import annotations

from ingest.model import Chunk
from kb.hit import Hit
from service.chat.compose import compose
from service.chat.contents import contents_list, lists_contents
from service.chat.passages import find_lists
from service.chat.question import classify
from tests.service.chat.composing import META, neighbours_of, no_meaning

STEPS = (
    "How to make a referral:\n"
    "1. Phone the Front Door and then complete the MARF within 24 hours.\n"
    "2. Send the MARF through the online portal, not by email.\n"
    "3. Keep a copy of the MARF on your own records."
)
CONTENTS = (
    "Referrals missing basic information take longer. Please include:\n"
    "- the child's full name, date of birth and address\n"
    "- the child's first language and whether an interpreter is needed\n"
    "- why you are making the referral now, in the child's own words where you can"
)


def document() -> list[Chunk]:
    return [
        Chunk("c0", "front-door.html", 0, STEPS, "Sending the form", None, "h", META),
        Chunk(
            "c1",
            "front-door.html",
            1,
            CONTENTS,
            "What to include in your referral",
            None,
            "h",
            META,
        ),
    ]


def test_what_to_put_in_a_form_is_the_list_announced_as_its_contents() -> None:
    pages = document()
    hits = [Hit(chunk=c, score=1.0) for c in pages]
    question = classify("what info do I need to put in a MARF referral?")
    weights = {"marf": 1.0, "referr": 0.8, "info": 0.2, "put": 0.2}  # "MARF" the rarest
    draft = compose(question, hits, weights, no_meaning, neighbours=neighbours_of(pages))
    lines = [line.text for line in draft.lines]
    assert any("first language" in line for line in lines), lines
    assert not any("portal" in line for line in lines), lines


def test_a_list_announced_as_contents_must_be_named_as_the_question_names_it() -> None:
    (found,) = find_lists(CONTENTS)
    chunk = document()[1]
    assert lists_contents(classify("What should I include in a referral?"), found, chunk)
    # Another thing's contents; and what is listed ("areas") is not what holds them.
    assert not lists_contents(
        classify("What should I include in an escalation form?"), found, chunk
    )
    areas = "The action plan areas include:\n- domestic abuse\n- safer streets"
    (listed,) = find_lists(areas)
    hits = [Hit(chunk=Chunk("c2", "m.md", 0, areas, "Minutes", None, "h", META), score=1.0)]
    question = classify("What areas did the review cover?")
    assert contents_list(question, [(1.0, 0, listed)], hits, best_unit=1.0) is None
    # Not asked what something holds: no such list is looked for.
    assert not lists_contents(classify("What are the signs of neglect?"), found, chunk)


def test_asking_what_something_must_hold_asks_for_a_list() -> None:
    for asked in (
        "What should I include in a referral?",
        "What should the written record of a concern actually contain?",
        "what do I put in the MARF",
    ):
        assert classify(asked).wants_items, asked


def test_what_is_not_included_or_set_out_below_is_not_contents_and_a_weak_list_is_not_taken() -> (
    None
):
    chunk = document()[1]
    asked = classify("What should I include in a referral?")
    for lead in ("A referral does not include:", "Follow the process set out below:"):
        (found,) = find_lists(f"{lead}\n- one thing\n- another thing")
        assert not lists_contents(asked, found, chunk), lead
    (found,) = find_lists(CONTENTS)
    hits = [Hit(chunk=chunk, score=1.0)]
    assert contents_list(asked, [(1.0, 0, found)], hits, best_unit=1.5) is not None
    assert contents_list(asked, [(0.5, 0, found)], hits, best_unit=1.5) is None


def test_asking_what_happens_or_a_mobile_app_asks_for_no_list_and_no_number() -> None:
    for asked in (
        "What should a risk assessment or safety plan include?",
        "What should the written agreement between parents and the carer include?",
    ):
        assert classify(asked).wants_items, asked
    for asked in (
        "Who is the LADO and what is her mobile please?",
        "Who is the DSL and whats their mobile or landline",
    ):
        assert classify(asked).further_details is not None, asked
    assert classify("Who is the DSL, and what's the mobile working policy?").further_details is None
    assert not classify(
        "What would happen if I don't include the parents in the referral?"
    ).wants_items
    assert classify("Who is the DSL, and what is the mobile-phone policy?").further_details is None
    assert classify("Who is the DSL, and what's the mobile app called?").further_details is None
    assert classify("Who is the DSL, and what's their mobile?").further_details is not None
