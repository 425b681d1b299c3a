"""The answer plan's reading rules, on passages made up here (no index needed).

Each rule is one a reader applies to any partnership's documents: finish a sentence a page turn
cut, never answer with a heading, read steps from the section in order, keep a list's lead-in
when footnotes sit between, count the items a sentence announces, and tell a "how many" figure
about something else from an answer.
"""

from __future__ import annotations

from ingest.language import content_terms
from ingest.model import Chunk
from kb.hit import Hit
from service.chat.counting import asked_for, counted_list, stated_count
from service.chat.coverage import describe_subject
from service.chat.drafting import NUMBERED, PROSE
from service.chat.finishing import finisher
from service.chat.headed import headed_list
from service.chat.passages import find_lists, read_units
from service.chat.question import Kind, classify
from service.chat.scoring import Scored
from service.chat.sections import structural_list
from tests.service.chat.composing import META, compose_lines, neighbours_of, no_meaning, weights_for


def chunks(*texts: str, section: str | None = "Guidance") -> list[Chunk]:
    return [Chunk(f"c{i}", "g.pdf", i, t, section, i + 1, "h", META) for i, t in enumerate(texts)]


def test_a_sentence_cut_by_a_page_turn_is_finished_from_the_next_line() -> None:
    document = chunks(
        "After the first review the personal adviser must then visit the care leaver at no"
        " less than\n"
        "2 monthly intervals. Other text follows here in this paragraph."
    )
    lines = compose_lines("How often must the adviser visit the care leaver?", document)
    assert lines[0].endswith("at no less than 2 monthly intervals."), lines


def test_a_sentence_cut_by_the_chunk_end_is_finished_past_the_overlap() -> None:
    document = chunks(
        "Intro sentence here for the reader. A copy of the yearly report should be sent to the"
        " national panel and to the unit within",
        # The next chunk repeats the last words of the one before (the chunk overlap).
        "to the national panel and to the unit within seven days of publication. Then more.",
    )
    lines = compose_lines("Who must be sent a copy of the yearly report?", document)
    assert any(line.endswith("unit within seven days of publication.") for line in lines), lines


def test_a_sentence_does_not_go_on_past_a_heading_into_the_next_section() -> None:
    # A page's button text ends one section; the next section's first sentence is not its end.
    button = "Complete the online Multi-Agency Referral Form (MARF)"
    page = [
        Chunk("c0", "p.html", 0, f"Phone the hub to refer.\n\n{button}", "Refer", None, "h", META),
        Chunk(
            "c1",
            "p.html",
            1,
            "A good referral helps the hub decide. Include:",
            "What to include",
            None,
            "h",
            META,
        ),
    ]
    finish = finisher(neighbours_of(page))
    unit = Scored(button, 0, 1, 1.0, frozenset(), item=False)
    assert finish(unit, [Hit(chunk=page[0], score=1.0)]) is None
    # In the same section, the next chunk still finishes the sentence the chunk end cut.
    same = [page[0], Chunk("c1", "p.html", 1, "within a day. Then more.", "Refer", None, "h", META)]
    finished = finisher(neighbours_of(same))(unit, [Hit(chunk=same[0], score=1.0)])
    assert finished == f"{button} within a day."


def test_a_heading_is_never_an_answer_sentence() -> None:
    document = chunks(
        "Data Protection Impact Assessments and information sharing\n"
        "You should carry out an impact assessment before sharing information regularly.",
    )
    units = [u.text for u in read_units(document[0].text)]
    assert units == [
        "You should carry out an impact assessment before sharing information regularly."
    ]
    document = chunks(
        "Before sharing information regularly, carry out an impact assessment.\n"
        "Statutory guidance for impact assessments on sharing information regularly across"
        " agencies and partners and local authorities in England"
    )
    lines = compose_lines(
        "When do we need an impact assessment before sharing information?", document
    )
    assert lines == [
        f"{PROSE}|Before sharing information regularly, carry out an impact assessment."
    ]


def test_steps_are_read_from_the_section_in_order_and_numbered() -> None:
    document = chunks(
        "The reviewing officer should first try to resolve the problem informally with the"
        " social worker. The weather was fine that day in the office.",
        "If the problem is not resolved, the reviewing officer should use the formal dispute"
        " resolution process. Councils introduced this escalation process in 2010 after"
        " reviewing officers' problems were not resolved. The process should be completed"
        " within 20 working days.",
        "If the problem is still not resolved, the reviewing officer should consider referring"
        " the case to Cafcass. The reviewing officer should record every step on the file.",
    )
    question = "What is the escalation process when a reviewing officer's problem is not resolved?"
    assert classify(question).kind is Kind.STEPS
    lines = compose_lines(question, document, hit_order=(1, 0, 2))
    assert all(line.startswith(f"{NUMBERED}|") for line in lines), lines
    text = " ".join(lines)
    assert text.index("informally") < text.index("dispute resolution") < text.index("Cafcass")
    assert "weather" not in text and "introduced" not in text  # background is not a step
    assert classify("What does the LADO do?").kind is not Kind.STEPS  # a role, not steps


def test_a_list_lead_in_is_kept_when_footnotes_end_the_chunk() -> None:
    lead_chunk = (
        "If a mother wants contact from a prisoner stopped she should contact the Unwanted"
        " Prisoner\nContact Team, contact details are:\n"
        "155 Public protection manual, chapter 4.\n156 The referral goes to the local authority."
    )
    found = find_lists(lead_chunk)
    assert found and found[0].lead.startswith("If a mother wants contact") and not found[0].items
    assert "Unwanted Prisoner Contact Team, contact details are:" in found[0].lead


def test_a_run_together_list_after_its_lead_in_is_one_item() -> None:
    text = (
        "Schedule 2 sets out what information you must have:\n"
        "proof of identity a DBS certificate two written references a full employment history"
    )
    (found,) = [f for f in find_lists(text) if f.items]
    assert found.items == (
        "proof of identity a DBS certificate two written references a full employment history",
    )


def test_a_count_in_the_best_sentence_finds_the_list_of_that_length() -> None:
    document = chunks(
        "The national review gave safeguarding partners four key messages.",
        "Background to the review and why it matters for partners.",
        "- strategy discussions\n- resources\n- information sharing\n- referrals are assessed",
    )
    question = classify("What are the key messages of the national review?")
    hits = [Hit(chunk=document[0], score=1.0)]
    from service.chat.scoring import score_units

    scored = score_units(question, hits, weights_for(question.text), no_meaning)
    assert stated_count(question.text, scored) == 4
    found = counted_list(document[0], 4, neighbours_of(document))
    assert found is not None and [text for text, _ in found[1]][2] == "information sharing"
    assert stated_count("What are the priorities?", scored) is None  # four *messages*


def test_timescales_are_times_not_the_verb_may() -> None:
    question = classify("How long do we keep the record of an allegation?")
    assert not question.offers_answer("The case manager may consider whether help is needed.")
    assert not question.offers_answer("Every child should be listened to.")
    assert question.offers_answer("Keep it until pension age or for 10 years.")
    assert question.offers_answer("Reports are published by the end of September.")
    assert question.offers_answer("Reports were published in May 2024.")
    hours = classify("How many hours of training must a governor complete?")
    assert not hours.offers_answer("CPAT: 020 8708 3885 (office hours).")
    assert hours.offers_answer("Governors complete at least 12 hours of training.")


def test_spelled_out_periods_are_times() -> None:
    question = classify("How quickly should they acknowledge the referral?")
    assert question.offers_answer("Within one working day of a referral, acknowledge it.")
    assert question.offers_answer("The plan is reviewed within twenty-eight days.")
    assert question.offers_answer("Staff should reply within a week.")
    assert question.offers_answer("Records are kept for fourteen days.")
    assert not question.offers_answer("One of the team acknowledges the referral.")
    assert not question.offers_answer("One day, she told her teacher what had happened.")
    assert not question.offers_answer("The child should be placed in a day nursery.")
    assert not question.offers_answer("Pupils in a year 7 class were spoken to.")


def test_a_second_figure_about_as_good_as_the_first_is_given_beside_it() -> None:
    document = chunks(
        "A child who was restrained should be able to talk about their feelings within 24 hours"
        " of the restraint. Staff should be trained in restraint.",
        "Staff keep records of restraint. A record that the child has talked about their"
        " feelings should be made within 5 days of the restraint.",
    )
    question = "By when should the child talk about their feelings?"
    lines = compose_lines(question, document, hit_order=(0, 1))
    assert any("24 hours" in line for line in lines), lines
    assert any("5 days" in line for line in lines), lines
    # The same figure in other words is not another answer.
    document = chunks(
        "Private fostering applies to a child under 16, or under 18 if disabled. The rules"
        " cover a child under 16 (under 18 if disabled) for more than 28 days."
    )
    lines = compose_lines("Up to what age does private fostering apply?", document)
    assert len(lines) == 1, lines


def test_what_is_asked_decides_the_kind_not_the_scene() -> None:
    scene = "The school says it is full with a waiting list, and worries about his record."
    assert classify(f"{scene} Can they turn him down?").kind is Kind.YES_NO
    assert classify("What are the signs of neglect?").kind is Kind.LIST  # no scene: as before
    scened = "Which young people does the team take on? My student may meet their criteria."
    assert classify(scened).kind is Kind.FACT
    # Every question put counts, not only the last one.
    both = "A pupil told me about abuse. What should I do? Can I keep it secret?"
    assert classify(both).kind is Kind.STEPS
    # A clause setting when is scene too ("...what area their arrangements will cover" is not
    # a list asked for); a question opening "When should..." is still asked.
    when = "When partners decide what area their arrangements will cover, is there a minimum?"
    assert classify(when).kind is Kind.YES_NO
    assert classify("If a child discloses abuse, what should I do?").kind is Kind.STEPS
    assert classify("When should I refer, and to whom?").kind is Kind.CONTACT
    # A question asking for nothing by itself leaves the request to the statement before it.
    assert classify("I need the phone number for the LADO. Can you help?").kind is Kind.CONTACT
    assert classify("What are the signs of neglect. Any ideas?").kind is Kind.LIST
    assert classify("How many visits are needed in the twelve weeks?").kind is Kind.NUMBER
    police = "Should the LADO still investigate if police drop the charges?"
    assert classify(police).kind is not Kind.AMOUNT
    # "Sole charge" and "in charge" are not a price.
    assert classify("Can an agency worker be left in sole charge?").kind is not Kind.AMOUNT
    assert classify("Is there a charge for the course?").kind is Kind.AMOUNT


def test_a_sentence_opening_on_the_askers_case_answers_it() -> None:
    document = chunks(
        "If you work in a public sector organisation, public task is the lawful basis to share"
        " information. Staff should be trained.",
        "If you work in the voluntary sector, legitimate interests is the likely lawful basis"
        " to share.",
    )
    question = "I run a voluntary youth club. Which lawful basis do we use to share information?"
    lines = compose_lines(question, document, hit_order=(0, 1))
    assert lines[0].startswith("|If you work in the voluntary sector"), lines


def test_a_sentence_ending_with_its_list_item_is_given_whole() -> None:
    # A bullet's text broken over lines, its end the item's end with no full stop: the lead
    # line and its tail are one sentence, given whole and never the tail alone.
    document = chunks(
        "Lead practitioners should:\n"
        "- meet the family.\n"
        "The timing should depend on the urgency of the case and the needs of the child. The"
        " initial child protection conference should take place within\n"
        "15 working days of a strategy discussion, or the last strategy discussion held\n"
        "\n"
        "- invite practitioners with specialist knowledge to the conference"
    )
    question = "How soon must the initial child protection conference be held?"
    lines = compose_lines(question, document)
    assert lines[0] == (
        "|The initial child protection conference should take place within 15 working days of"
        " a strategy discussion, or the last strategy discussion held"
    ), lines


def test_a_case_studys_story_is_not_what_to_do() -> None:
    document = chunks(
        "Another girl went to the safeguarding lead, and staff passed on her report.",
        "Staff should pass a report to the safeguarding lead.",
    )
    question = "What should staff do with a report for the safeguarding lead?"
    lines = compose_lines(question, document, hit_order=(0, 1))
    assert lines[0] == "|Staff should pass a report to the safeguarding lead.", lines
    # Asked what happened, the story is the answer.
    asked = "What did the review find happened with the report for the safeguarding lead?"
    lines = compose_lines(asked, document, hit_order=(0, 1))
    assert lines[0].startswith("|Another girl went"), lines


def test_a_lead_in_that_answers_comes_with_its_whole_list() -> None:
    items = ["who is collecting them", "where they will be living", "the reporting rules"]
    items += ["sources of support", "education plans", "health plans", "money", "their PA"]
    document = chunks(
        "No later than 14 days before release, a care leaver must know:\n\n"
        + "\n".join(f"- {item};" for item in items)
    )
    lines = compose_lines("What must a care leaver know before release?", document)
    assert lines[0].endswith("a care leaver must know:") and len(lines) == 1 + len(items), lines
    # A time asked for is not answered by the long list its sentence leads.
    lines = compose_lines("How long before release must a care leaver know things?", document)
    assert len(lines) < 1 + len(items), lines


def test_a_checklist_line_or_a_sentences_tail_is_no_further_sentence() -> None:
    from service.chat.compose import _answer_sentences
    from service.chat.scoring import Scored

    def unit(text: str, n: int, *, item: bool = False) -> Scored:
        return Scored(text, n, 0, 1.0 - n / 100, frozenset(content_terms(text)), item)

    units = [
        unit("Health services plan the move to adult services.", 0),
        unit("Young people with disabilities aged 16 and 17 years old", 1, item=True),
        unit("– these will be young people with learning difficulties.", 2),
        unit(
            "Young adults with disabilities must be assessed again when they reach 18.",
            3,
            item=True,
        ),
    ]
    question = classify("Do health services plan the move of young people with disabilities?")
    weights = {t: 1.0 for t in content_terms(question.text + " learning difficulties assessed")}
    lines, _ = _answer_sentences(question, units, weights, lambda u: u.text)
    assert [line.text for line in lines] == [units[0].text, units[3].text], lines


def test_a_ratio_asked_for_is_answered_only_by_a_ratio() -> None:
    question = classify("What staff-to-child ratio must a children's home keep at night?")
    assert question.measure_asked == "ratio" and question.needs_exact_figure
    assert question.offers_answer("Homes keep a ratio of one adult to three children.")
    assert question.offers_answer(
        "At night there must be one member of staff to every four children."
    )
    assert question.offers_answer("The ratio is 1:3.")
    assert not question.offers_answer("No more than half the staff on duty may be agency staff.")
    for text in (
        "Call between 9:00 and 17:00.",
        "The panel meets at 9:30.",
        "The local authority must allocate a worker for the child.",
    ):
        assert not question.offers_answer(text), text
    # Found in review: "adults to children's services" asks for no ratio.
    assert classify("Should I refer the adults to children's services?").measure_asked is None


def test_a_finished_sentence_opening_however_is_not_given_twice() -> None:
    from service.chat.compose import _answer_sentences
    from service.chat.scoring import Scored

    lead = "However, the strategy discussion should take place within"
    units = [
        Scored("15 working days of the referral.", 0, 2, 1.0, frozenset({"day"}), False),
        Scored(lead, 0, 1, 0.9, frozenset({"strategi", "discuss"}), False),
        Scored("The police attend.", 0, 0, 0.5, frozenset({"polic"}), False),
    ]
    whole = f"{lead} 15 working days of the referral."
    question = classify("How soon should the strategy discussion take place?")
    weights = {t: 1.0 for t in content_terms(question.text)}
    lines, _ = _answer_sentences(
        question, units, weights, lambda u: whole if u.text == lead else u.text
    )
    assert [line.text for line in lines].count(whole) == 1, lines


def test_a_question_of_several_parts_is_counted() -> None:
    assert classify("How soon must she visit, and how often after that?").parts == 2
    assert classify("When is it published and who gets a copy?").parts == 2
    assert classify("What is private fostering?").parts == 1


def test_contact_wording_is_a_contact_question() -> None:
    for text in (
        "who can give me advice?",
        "A neighbour is looking after him for the summer, do I need to tell anyone?",
        "Who must be notified about private fostering?",
    ):
        assert classify(text).kind is Kind.CONTACT, text


def test_a_list_whose_lead_in_names_what_is_asked_for_is_preferred() -> None:
    assert asked_for("For what purposes may staff use restraint?") == {"purpos"}
    assert asked_for("what are the nine principles") == {"principl"}
    document = chunks(
        "When considering whether restraint is warranted and safe for staff to use, staff"
        " should take into account:\n- the age of the child\n- the size of the child\n"
        "- the relative risks of not intervening with restraint",
        "Regulation 20 sets out the only purposes for which restraint can be used:\n"
        "- preventing injury to any person\n- preventing serious damage to property\n"
        "- preventing a child from absconding",
    )
    lines = compose_lines("For what purposes may staff use restraint?", document, hit_order=(0, 1))
    assert "injury" in " ".join(lines) and "size of the child" not in " ".join(lines), lines


def test_a_list_its_lead_in_counts_as_what_is_asked_is_the_answer() -> None:
    from service.chat.counting import counts_named

    assert counts_named("There are 4 outcomes:", 4, {"outcom"})
    assert not counts_named("This part has four sections about information:", 4, {"inform"})
    document = chunks(
        "The framework brings together the purpose of children's social care, the principles"
        " for practice, the enablers of the system and the outcomes children's social care"
        " should achieve for local authorities.",
        "Context.",
        "Other text.",
        "There are 4 outcomes:\n- Outcome 1: families stay together\n- Outcome 2: a family"
        " network\n- Outcome 3: safe in and outside the home\n- Outcome 4: stable homes",
    )
    question = "What outcomes should children's social care in local authorities achieve?"
    lines = compose_lines(question, document, hit_order=(0, 1, 2, 3))
    assert lines[0] == "|There are 4 outcomes:" and len(lines) == 5, lines


def test_what_with_a_plural_noun_asks_for_a_list() -> None:
    assert classify("What new training courses is the partnership offering?").kind is Kind.LIST
    assert classify("Which relatives are not private foster carers?").kind is Kind.LIST
    assert classify("What status does the child have?").kind is not Kind.LIST
    assert classify("Which care system is Redbridge part of?").kind is not Kind.LIST


def test_headings_named_as_the_thing_asked_for_are_the_list() -> None:
    sections = [
        "Plan > Overview",
        "Plan > Priority 1: Safeguarding adolescents",
        "Plan > Priority 1: Safeguarding adolescents > First strand",
        "Plan > Priority 2: The response to the pandemic",
        "Plan > Priority 3: Abuse in the family environment",
        "Plan > Where to find out more",
    ]
    document = [
        Chunk(f"c{i}", "plan.md", i, f"Text of part {i} about the plan.", s, None, "h", META)
        for i, s in enumerate(sections)
    ]
    found = structural_list(
        document[0], classify("What were the plan priorities?"), None, neighbours_of(document)
    )
    assert found is not None
    assert [heading for heading, _ in found[1]] == [
        "Priority 1: Safeguarding adolescents",
        "Priority 2: The response to the pandemic",
        "Priority 3: Abuse in the family environment",
    ]


def test_a_sentence_opening_with_however_comes_with_the_one_before() -> None:
    document = chunks(
        "For a single share this is rarely worth the effort."
        " However, before sharing information on a regular basis, carry out an impact"
        " assessment."
    )
    question = "When should we carry out an impact assessment before sharing on a regular basis?"
    text = " ".join(compose_lines(question, document))
    assert "rarely worth" in text and text.index("rarely") < text.index("However"), text


def test_who_is_asking_is_not_the_subject_of_the_question() -> None:
    question = "I'm an NHS health visitor. What lawful basis do I use to share information?"
    weights = weights_for(question)
    subject = describe_subject(question, weights, {t: 1 for t in weights}, 1000)
    assert "nhs" not in subject.names and "visitor" not in subject.specific
    plain = describe_subject("What lawful basis does the NHS use?", weights, {}, 1000)
    assert "nhs" in plain.names


def test_an_everyday_word_in_capitals_names_no_subject() -> None:
    # "OK" is no acronym the documents fail to mention: it had declined a question about
    # malicious referrals. An uncommon word in capitals still names one.
    question = "My manager wants to close the referral as malicious. Is that OK?"
    weights = weights_for(question)
    assert describe_subject(question, weights, {}, 1000).unknown_names() == []
    asked = "Is the EHCP OK?"
    assert describe_subject(asked, weights_for(asked), {}, 1000).unknown_names() == ["ehcp"]


def test_the_situation_before_a_question_only_sets_the_scene() -> None:
    question = "A girl in our home keeps going missing overnight. What should the home do?"
    weights = weights_for(question)
    subject = describe_subject(question, weights, {t: 1 for t in weights}, 1000)
    assert "overnight" not in subject.specific
    asked = "What should the home do when she goes missing overnight?"
    assert "overnight" in describe_subject(asked, weights, {}, 1000).specific


def test_a_table_of_contents_holds_no_answers() -> None:
    contents = (
        "Contents\nIntroduction 3\nAnnex A: Legislation 12\n"
        "Annex B: Strengths and Difficulties Questionnaire (SDQ) 34\nAnnex C: Forms ....... 40"
    )
    assert read_units(contents) == []
    prose = "The review must happen every 6 months.\nThe plan is reviewed after 28 days."
    assert len(read_units(prose)) == 2


def test_a_list_item_too_long_to_give_whole_comes_with_its_lead_in() -> None:
    document = chunks(
        "Social workers, the police or the NSPCC should:\n"
        "- initiate a strategy discussion as soon as possible after emergency action has been"
        " taken by a single agency acting alone\n"
        "- see the child, unless this would put the child at further risk of serious harm from"
        " anyone in the household\n"
        "- obtain legal advice wherever possible before any emergency action is taken by the"
        " local authority or its partners"
    )
    lines = compose_lines("How quickly should a strategy discussion be initiated?", document)
    assert lines[0].startswith(f"{PROSE}|Social workers, the police or the NSPCC should")
    assert len(lines) == 2 and "initiate a strategy discussion" in lines[1], lines


def test_a_defining_sentence_names_what_is_asked_about() -> None:
    from service.chat.scoring import score_units

    document = chunks(
        "Private fostering happens when a child lives with another adult for 28 days."
        " The council is a partner in every private fostering check it makes."
    )
    question = classify("What is private fostering?")
    assert question.kind is Kind.DEFINITION
    scored = score_units(question, [Hit(document[0], 1.0)], weights_for(question.text), no_meaning)
    assert scored[0].text.startswith("Private fostering happens"), scored


def test_a_list_of_contacts_answers_only_who_to_contact() -> None:
    document = chunks(
        "Children rarely tell anyone about it at first, and it is often hidden.\n"
        "Who to call about the signs of abuse in the family:\n"
        "- Child protection team: 020 8708 3885\n- Emergency duty team: 020 8708 5897\n"
        "- Partnership team: team@example.gov.uk"
    )
    lines = compose_lines("What are the signs of abuse in the family?", document)
    assert not any("020 8708" in line for line in lines), lines


def test_a_sentence_announcing_a_short_list_comes_with_the_list() -> None:
    document = chunks(
        "Schools have had these duties since 2009.\n\n"
        "The regulations require that the designated teacher for looked-after children is:\n\n"
        "o a qualified teacher who has completed the induction period and works at the"
        " school; or\n\n"
        "o a head teacher or acting head teacher of the school."
    )
    lines = compose_lines("What do the regulations require of the designated teacher?", document)
    assert (
        lines[0] == f"{PROSE}|The regulations require that the designated teacher for"
        " looked-after children is:"
    ), lines
    assert [line.split("|")[1][:22] for line in lines[1:]] == [
        "a qualified teacher wh",
        "a head teacher or acti",
    ], lines


def test_is_that_x_is_decided_by_the_definition_of_x() -> None:
    from service.chat.scoring import score_units

    document = chunks(
        "A child staying with a family friend while a parent works abroad can be privately"
        " fostered if the stay lasts long enough."
        " Private fostering occurs when a child under the age of 16 is cared for by someone who"
        " is not a close relative for 28 days or more."
    )
    question = classify(
        "A year 9 girl has lived with her mum's friend for six weeks while mum works abroad."
        " Is that private fostering?"
    )
    assert question.defined_term == "private fostering"
    scored = score_units(question, [Hit(document[0], 1.0)], weights_for(question.text), no_meaning)
    assert scored[0].text.startswith("Private fostering occurs"), scored


def test_a_list_item_carried_over_a_page_turn_stays_one_item() -> None:
    text = (
        "The school and the local authority will do one or more of the following:\n\n"
        "- check local databases within the local authority;\n\n"
        "- check with the Ministry of Defence (MoD)\n"
        "Children's Education Advisory Service (CEAS); and\n\n"
        "- make a home visit, following local guidance on risk assessment."
    )
    (found,) = find_lists(text)
    assert found.items == (
        "check local databases within the local authority",
        "check with the Ministry of Defence (MoD) Children's Education Advisory Service (CEAS)",
        "make a home visit, following local guidance on risk assessment.",
    )


def test_list_items_ending_in_semicolons_score_as_the_items_they_are() -> None:
    document = chunks(
        "Checks are made for every missing child by the school, every week of the year.\n\n"
        "- check local databases for the missing child;\n\n"
        "- check the school-to-school system for the missing child;\n\n"
        "- check with agencies known to the missing child's family; and\n\n"
        "- visit the missing child's home address."
    )
    lines = compose_lines("Which checks are made for a missing child?", document)
    assert [line.split("|")[1][:20] for line in lines if line.startswith("-|")] == [
        "check local database",
        "check the school-to-",
        "check with agencies ",
        "visit the missing ch",
    ], lines


def test_a_running_head_repeated_on_the_pages_of_the_passages_answers_nothing() -> None:
    from service.chat.scoring import score_units

    head = (
        "Statutory guidance for independent reviewing officers and local authorities on their {}"
        " functions in relation to case management and review for looked after children"
    )
    document = chunks(
        *(
            f"{head.format(30 + n)}\n\nParagraph {n}: the IRO should meet the child before review."
            for n in range(3)
        )
    )
    question = classify("What are the functions of independent reviewing officers?")
    hits = [Hit(chunk, 1.0) for chunk in document]
    scored = score_units(question, hits, weights_for(question.text), no_meaning)
    assert scored and not any("Statutory guidance" in unit.text for unit in scored), scored
    # On fewer pages it is an ordinary line of the passage.
    two = score_units(question, hits[:2], weights_for(question.text), no_meaning)
    assert any("Statutory guidance" in unit.text for unit in two)


def test_a_numbered_list_after_its_lead_in_is_a_list_not_numbered_paragraphs() -> None:
    text = (
        "1.13 The Regulations set out standards that homes must meet.\n"
        "1.14 The Regulations prescribe four Quality Standards which homes must meet:\n"
        "1. The education standard (see regulation 8)\n\n"
        "2. The positive relationships standard (see regulation 11)\n"
        "3. The protection of children standard (see regulation 12)\n"
        "4. The care planning standard (see regulation 14)\n"
        "1.15 Collectively these are the Quality Standards."
    )
    (found,) = find_lists(text)
    assert found.lead.endswith("which homes must meet:")
    assert found.items[0].startswith("The education standard") and len(found.items) == 4
    # Numbered paragraphs are not a list: no lead-in announces them.
    paragraphs = "1. The council must publish a plan.\n2. The plan must be reviewed each year."
    assert find_lists(paragraphs) == []


def test_a_chunk_starting_inside_a_list_holds_that_list_s_last_item() -> None:
    # The list's lead-in and first items are in the chunk before: the item it starts with is
    # the rest of that list, found (and then given whole, from the chunk before).
    text = "- he is or may become involved in the decision.\n4.3 The intention is clear."
    (found,) = find_lists(text)
    assert found.lead == "" and found.items == ("he is or may become involved in the decision.",)
    # One item after prose is no list: no lead-in announces it.
    assert find_lists("The intention is clear.\n- one item\nMore prose here.") == []


def test_a_numbered_list_cut_by_the_chunk_end_goes_on_in_the_next_chunk() -> None:
    document = chunks(
        "About the standards. The Regulations prescribe four Quality Standards which homes"
        " must meet:\n1. The education standard (see regulation 8)\n"
        "2. The positive relationships standard (see regulation 11)",
        # The next chunk repeats the last items of the one before (the chunk overlap).
        "1. The education standard (see regulation 8)\n"
        "2. The positive relationships standard (see regulation 11)\n"
        "3. The protection of children standard (see regulation 12)\n"
        "4. The care planning standard (see regulation 14)\n"
        "1.15 Collectively these are the Quality Standards.",
    )
    lines = compose_lines("What are the quality standards homes must meet?", document)
    items = [line for line in lines if line.startswith("-|")]
    assert [i.split(" (")[0] for i in items] == [
        "-|The education standard",
        "-|The positive relationships standard",
        "-|The protection of children standard",
        "-|The care planning standard",
    ], lines


def test_a_list_under_the_next_heading_is_not_the_list_going_on() -> None:
    # A page's sections are chunked apart: the next section's steps start its chunk as items.
    groups = (
        "Be alert when a child in one of these groups stops attending:\n"
        "- young carers\n- children of service families"
    )
    steps = "- Contact the parent on the first day of absence.\n- Visit the home by the third day."
    document = [
        Chunk("c0", "cme.md", 0, groups, "Children at greater risk", None, "h", META),
        Chunk("c1", "cme.md", 1, steps, "What schools must do", None, "h", META),
    ]
    lines = compose_lines("which groups are more at risk of missing education?", document)
    assert any("young carers" in line for line in lines), lines
    assert not any("third day" in line for line in lines), lines
    # And a chunk starting with items takes no lead-in from another section's chunk before it.
    lines = compose_lines("what should schools do on the first day of absence?", document, (1,))
    assert not any("young carers" in line or "Be alert" in line for line in lines), lines


def test_a_lone_item_after_a_finished_list_takes_no_lead_in_from_it() -> None:
    # The chunk before ended its list in prose: the item starting this one is not that list's.
    document = chunks(
        "Signs of neglect include:\n- poor hygiene\n- missed appointments\nThe DSL will decide.",
        "- Referrals must be made within 24 hours of the concern.\nMore about referrals here.",
    )
    lines = compose_lines("What are the timescales for a referral?", document, (1,))
    assert not any("neglect" in line for line in lines), lines
    # A chunk holding only a page number is no list and breaks nothing.
    assert find_lists("") == [] and find_lists("12") == []
    document = chunks("The signs of neglect include:\n- a\n- b", "1", "- c\n- d\nOther.")
    assert compose_lines("What are the signs of neglect?", document, (2,))


def test_a_new_numbering_in_the_next_chunk_is_not_the_list_going_on() -> None:
    document = chunks(
        "About the standards. The Regulations prescribe the Quality Standards which homes"
        " must meet:\n1. The education standard\n2. The positive relationships standard\n"
        "3. The care planning standard",
        "1. Introduction\nThis guidance applies to every home in England from April.",
    )
    lines = compose_lines("What are the quality standards homes must meet?", document)
    assert not any("Introduction" in line for line in lines), lines


def test_a_list_whose_lead_in_says_how_many_stops_at_that_many() -> None:
    # Seven passages about online safety come first; the eighth announces four areas of risk
    # ("categorised", where the question says "categories"); a footnote follows the four.
    said = "Schools should consider online safety in their policies and in their teaching."
    document = chunks(
        *([said] * 7),
        "Online safety can be categorised into four areas of risk:\n"
        "- content: being exposed to harmful content\n- contact: harmful online interaction\n"
        "- conduct: online behaviour that causes harm\n- commerce: risks such as gambling\n"
        "- 40 Public Health England has been replaced by the UK Health Security Agency",
    )
    question = "What are the categories of online risk schools should consider?"
    lines = compose_lines(question, document, tuple(range(8)))
    items = [line for line in lines if line.startswith("-|")]
    assert [i.split(":")[0] for i in items] == [
        "-|content",
        "-|contact",
        "-|conduct",
        "-|commerce",
    ], lines


def test_a_thing_a_section_is_named_for_is_answered_by_that_sections_list() -> None:
    document = [
        Chunk(
            "c0",
            "p.html",
            0,
            "If you are unsure whether a concern meets the harm test for a LADO referral, ring.",
            "Allegations",
            None,
            "h",
            META,
        ),
        Chunk(
            "c1",
            "p.html",
            1,
            "Contact the LADO if someone who works with children has:\n"
            "- harmed a child\n- committed an offence against a child\n"
            "- behaved in a way that shows they may pose a risk of harm",
            "Allegations > When to contact the LADO: the harm test",
            None,
            "h",
            META,
        ),
    ]
    lines = compose_lines("what's the harm test for a LADO referral?", document, (0, 1))
    assert lines[0].startswith("|Contact the LADO if someone"), lines
    assert [x.split("|", 1)[0] for x in lines[1:]] == ["-", "-", "-"], lines
    # One word is defined in prose; a thing no heading is named for is not this rule's.
    hits = [Hit(chunk=c, score=1.0) for c in document]
    assert headed_list(classify("what is harm?"), hits) is None
    assert headed_list(classify("what's the referral form for?"), hits) is None
    assert headed_list(classify("what's the harm test?"), hits) is not None
