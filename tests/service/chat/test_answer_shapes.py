"""Each kind of question gets its shape: whole lists, numbered steps, short facts, declines."""

from __future__ import annotations

import re

from service.chat.answering import NOT_FOUND, answer_question
from service.chat.citing import cite, join_blocks
from service.chat.drafting import BULLET, NUMBERED, PROSE, SUB, Line
from service.chat.passages import find_lists, read_units
from service.chat.question import Kind, classify
from service.chat.rendering import render_answer_html
from service.chat.schemas import ChatRequest, ChatResponse
from service.http.deps import Services


def ask(services: Services, question: str) -> ChatResponse:
    return answer_question(ChatRequest(question=question), services.chat)


def items(answer: str, marker: str = r"-") -> list[str]:
    return re.findall(rf"^{marker} (.+)$", answer, flags=re.MULTILINE)


def test_nine_principles_are_all_listed_each_cited(services: Services) -> None:
    response = ask(services, "What are the nine principles?")
    listed = items(response.answer)
    assert len(listed) == 9, response.answer
    for numeral in ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"):
        assert any(re.search(rf"\bPrinciple {numeral}\b", item) for item in listed), numeral
    assert all(re.search(r"\[\d+\]$", item) for item in listed)


def test_urgent_disclosure_gets_999_then_numbered_steps(services: Services) -> None:
    response = ask(services, "A pupil told me her stepdad hits her, what should I do?")
    assert response.urgent
    assert response.answer.startswith("If a child is in immediate danger, call 999")
    steps = items(response.answer, marker=r"\d+\.")
    assert len(steps) >= 4, response.answer
    text = " ".join(steps).lower()
    assert "secret" in text and "designated safeguarding lead" in text and "cpat" in text
    cited = {c.source for c in response.citations}
    assert "corpus/child-sexual-abuse-family-environment.md" in cited


def test_question_outside_the_documents_is_declined_and_recorded(services: Services) -> None:
    recorded: list[tuple[str, str]] = []
    original = services.chat.on_unanswered
    services.chat.on_unanswered = lambda q, reason, score: recorded.append((q, reason))
    try:
        for question in (
            "What is the threshold for an EHCP needs assessment?",
            "How do I apply for a blue badge for a disabled child?",
            "What is the phone number of the Redbridge dog warden?",
        ):
            response = ask(services, question)
            assert not response.grounded, response.answer
            assert response.citations == []
            assert response.answer.startswith(NOT_FOUND)
            assert response.contacts
    finally:
        services.chat.on_unanswered = original
    assert len(recorded) == 3


def test_acronym_finds_its_long_name(services: Services) -> None:
    response = ask(services, "what is MASCE")
    assert response.grounded, response.answer
    assert "Exploitation" in response.answer


def test_fact_answer_is_short_and_says_nothing_twice(services: Services) -> None:
    response = ask(
        services, "How long does an arrangement have to last to count as private fostering?"
    )
    assert "28 days" in response.answer
    assert len(re.sub(r"\[\d+\]", "", response.answer).split()) <= 70
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", response.answer) if s]
    assert len(sentences) == len(set(sentences))


def test_classify_knows_the_kinds_of_question() -> None:
    assert classify("What should I do if a child discloses abuse?").kind is Kind.STEPS
    assert classify("What are the four areas of risk?").kind is Kind.LIST
    assert classify("How much does a DBS check cost?").kind is Kind.AMOUNT
    assert classify("How quickly must the file be sent?").kind is Kind.TIMESCALE
    assert classify("Who do I call about a private fostering arrangement?").kind is Kind.CONTACT
    assert classify("What is private fostering?").kind is Kind.DEFINITION
    assert classify("Is a cousin a close relative?").kind is Kind.YES_NO
    assert classify("How many hours of training are needed?").unit == "hours"


def test_lists_are_found_in_bullets_labels_and_enumerations() -> None:
    text = (
        "The areas of risk are:\ncontent: being exposed to harmful material\n"
        "contact: being subjected to harmful interaction\nconduct: online behaviour that harms\n\n"
        "Neglect may involve failing to provide food; protect a child from harm; or ensure care."
    )
    found = find_lists(text)
    assert found[0].lead == "The areas of risk are:"
    assert [i.split(":")[0] for i in found[0].items] == ["content", "contact", "conduct"]
    assert len(found[1].items) == 3


def test_units_drop_headings_and_cut_fragments() -> None:
    units = read_units(
        "Safeguarding duties\nthe family have moved.\nCall CPAT on the referral line today."
    )
    assert [u.text for u in units] == ["Call CPAT on the referral line today."]


def test_citing_makes_markdown_blocks_with_markers() -> None:
    lines = [
        Line("The steps are:", 0, PROSE),
        Line("Listen calmly", 0, NUMBERED),
        Line("Tell the DSL.", 1, NUMBERED),
        Line("A note", 1, BULLET),
    ]
    blocks, citations = cite(lines, [_hit("a"), _hit("b")])
    assert blocks == [
        "The steps are [1]:",
        "1. Listen calmly [1]",
        "2. Tell the DSL [2].",
        "- A note [2]",
    ]
    assert (
        join_blocks(blocks)
        == "The steps are [1]:\n\n1. Listen calmly [1]\n2. Tell the DSL [2].\n- A note [2]"
    )
    assert [c.n for c in citations] == [1, 2]


def test_the_list_a_step_announces_is_nested_under_it_and_the_numbering_goes_on() -> None:
    lines = [
        Line("Talk to the pupil.", 0, NUMBERED),
        Line("Make sure that:", 0, NUMBERED),
        Line("the PEP is up to date", 1, SUB),
        Line("the PEP names its resources", 1, SUB),
        Line("Send the PEP on.", 1, NUMBERED),
    ]
    blocks, _ = cite(lines, [_hit("a"), _hit("b")])
    answer = join_blocks(blocks)
    assert answer == (
        "1. Talk to the pupil [1].\n2. Make sure that [1]:\n   - the PEP is up to date [2]\n"
        "   - the PEP names its resources [2]\n3. Send the PEP on [2]."
    )
    html = render_answer_html(answer, [])
    # One numbered list of three steps, the second holding a bulleted list of two.
    assert html.count("<ol>") == 1 and html.count("<ul>") == 1 and html.count("<li>") == 5
    assert html.index("<ul>") > html.index("Make sure that") and html.index("</ul>") < html.index(
        "Send the PEP on"
    )


def test_a_paragraph_number_of_the_guidance_is_not_shown() -> None:
    lines = [
        Line("9.23 Local authorities should have protocols.", 0, PROSE),
        Line("68. The IRO should check the plan.", 0, NUMBERED),
        Line("12 months is the limit.", 0, PROSE),
        Line("1.5 million children were seen.", 0, PROSE),
    ]
    blocks, _ = cite(lines, [_hit("a")])
    assert blocks == [
        "Local authorities should have protocols [1].",
        "1. The IRO should check the plan [1].",
        "12 months is the limit [1]. 1.5 million children were seen [1].",
    ]


def test_a_time_or_a_date_at_a_lines_start_is_not_a_paragraph_number() -> None:
    lines = [
        Line("9.30 Monday to Friday is when the line is open.", 0, PROSE),
        Line("15.10.24 The partnership met.", 0, PROSE),
        Line("0.5 FTE Designated Safeguarding Lead.", 0, PROSE),
    ]
    blocks, _ = cite(lines, [_hit("a")])
    assert blocks[0].startswith("9.30 Monday to Friday")
    assert "15.10.24 The partnership met" in blocks[0]
    assert "0.5 FTE" in blocks[0]


def test_a_footnote_number_before_a_sentence_is_not_shown() -> None:
    lines = [
        Line("14 If a teacher discovers FGM, the teacher must report it.", 0, PROSE),
        Line("1.26 A court can authorise a further period.", 0, PROSE),
        Line("12 Redbridge schools took part.", 0, PROSE),
        Line("14 January 2024 was the date.", 0, PROSE),
        Line("999 If a child is in danger, call the police.", 0, PROSE),
    ]
    blocks, _ = cite(lines, [_hit("a")])
    assert blocks == [
        "If a teacher discovers FGM, the teacher must report it [1]. A court can authorise a"
        " further period [1]. 12 Redbridge schools took part [1]. 14 January 2024 was the date [1]."
        " 999 If a child is in danger, call the police [1]."
    ]


def _hit(text: str):  # type: ignore[no-untyped-def]
    from ingest.model import Chunk, DocumentMeta
    from kb.hit import Hit

    meta = DocumentMeta(title="T")
    return Hit(Chunk(text, "s.md", 0, text, None, None, "h", meta), 1.0)


def test_the_list_named_in_what_is_asked_not_in_the_scene_is_given(services: Services) -> None:
    # "what the RSCP was focusing on" sets the scene; "What were its priorities" is asked:
    # the three "Priority n:" headings are the list, not the sub-headings under the first.
    response = ask(
        services,
        "I'm preparing a report and need to mention what the RSCP focused on back in 2020-21."
        " What were its priorities then?",
    )
    listed = " ".join(items(response.answer))
    assert "COVID-19" in listed, response.answer
    assert "Child sexual abuse in the family environment" in listed, response.answer


def test_a_list_item_chosen_for_a_prose_answer_is_its_own_item(services: Services) -> None:
    # "LADO mobile: 07584 127461" is a line of a contact list, no sentence: it was run into the
    # next sentence ("...127461 [1] The LADO telephone number is...").
    response = ask(services, "whats the LADO mobile? tried the office line twice and no answer")
    assert "07584 127461" in response.answer
    assert "- LADO mobile: 07584 127461 [1]" in response.answer.splitlines()
    assert not re.search(r"\d \[\d+\] [A-Z]", response.answer), response.answer
