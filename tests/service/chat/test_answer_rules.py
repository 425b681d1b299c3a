"""Rules that shape steps and decide when not to answer, on passages made up here.

Steps are actions, read from the section that says best what to do; a question about each of a
section's sub-headings gets each one's detail; a question naming a year is not answered from
another year's figures; a question asking for a time is answered by a time or not at all; and
the scene set before a question does not count against it as unknown words.
"""

from __future__ import annotations

from ingest.language import content_terms
from ingest.model import SECTION_SEPARATOR, Chunk
from kb.hit import Hit
from service.chat.compose import compose
from service.chat.coverage import describe_subject
from service.chat.drafting import BULLET, NUMBERED, SUB, Draft, Line
from service.chat.holding import (
    MIN_TIMED_COVERAGE,
    asking_terms,
    chair_named,
    reach_named,
    time_asking,
    timed_coverage,
)
from service.chat.passages import is_action
from service.chat.planning import _years_held
from service.chat.question import Kind, classify
from service.chat.reaching import reach_asked
from service.chat.scoring import sentence_texts, unit_embed_text
from service.chat.wording import NAME_ASKED
from tests.service.chat.composing import META, compose_lines, neighbours_of, no_meaning


def chunk(position: int, text: str, section: str | None = "Guidance", page: int = 1) -> Chunk:
    return Chunk(f"c{position}", "g.pdf", position, text, section, page, "h", META)


def test_list_items_that_say_what_to_do_are_actions() -> None:
    assert is_action("check local databases within the local authority")
    assert is_action("Make contact with the parent, relatives and neighbours")
    assert is_action("The registered person must keep a record of each incident")
    assert not is_action("the local authority has explained the plan to the child")
    assert not is_action("Stage One - The Pre-Assessment Process")
    # Circumstances and times are not instructions, though they open in lower case.
    assert not is_action("whenever there is a proposal for a child to leave care before 18")
    assert not is_action("prior to children subject to care orders being discharged")
    assert not is_action("before the child's name is removed from the register")
    assert is_action("in an emergency, call 999")
    assert is_action("within 24 hours, record the concern on the child's file")


def test_a_list_of_things_to_be_satisfied_of_is_not_the_steps() -> None:
    document = [
        chunk(
            0,
            "Before the review the IRO should be satisfied that:\n"
            "- the local authority has done what the care plan says about escalation\n"
            "- the parents know the escalation process for the IRO and the care plan\n"
            "- the child has been given information about advocacy and the care plan",
        ),
        chunk(
            1,
            "The IRO should first seek to resolve the problem informally with the social"
            " worker. If this fails, the IRO should escalate the problem to the team manager."
            " The IRO must record each escalation on the child's file. The IRO should refer"
            " the case to the service director when the escalation is not resolved.",
            section="Guidance" + SECTION_SEPARATOR + "Dispute resolution",
        ),
    ]
    lines = compose_lines(
        "The local authority hasn't done what the care plan says. What is the escalation"
        " process for the IRO?",
        document,
        hit_order=(0, 1),
    )
    assert all(line.startswith(f"{NUMBERED}|") for line in lines), lines
    assert any("escalate the problem to the team manager" in line for line in lines), lines
    assert not any("advocacy" in line for line in lines), lines


def test_steps_come_from_the_section_that_says_best_what_to_do() -> None:
    background = "Guidance" + SECTION_SEPARATOR + "Background"
    procedure = "Guidance" + SECTION_SEPARATOR + "Procedure"
    document = [
        # The best single sentence for the question is background, with no instruction.
        chunk(
            0,
            "A child who keeps going missing from a children's home, and who comes back, is at"
            " risk of harm each time she goes missing.",
            background,
        ),
        chunk(
            1,
            "Background on homes: the home should keep its statement of purpose. Staff should"
            " attend training each year.",
            background,
        ),
        chunk(
            5,
            "When a child goes missing, the home should report the child missing to the police."
            " When a child goes missing, the home should tell the placing authority. When the"
            " child comes back, the home should arrange a return interview. When the child"
            " comes back, the home must record what the child says.",
            procedure,
        ),
    ]
    lines = compose_lines(
        "A child keeps going missing from our children's home. What should the home do when"
        " she goes missing and when she comes back?",
        document,
        hit_order=(0, 2),
    )
    assert any("police" in line for line in lines), lines
    assert any("return interview" in line for line in lines), lines
    assert not any("statement of purpose" in line for line in lines), lines


def test_a_question_about_each_stage_gets_each_stages_detail() -> None:
    parent = "Adoption" + SECTION_SEPARATOR + "Approving adopters"
    document = [
        chunk(
            0,
            "Stage One should take two months from registration.",
            parent + SECTION_SEPARATOR + "Stage One – Pre-assessment",
        ),
        chunk(
            1,
            "Checks and references are taken up in this stage.",
            parent + SECTION_SEPARATOR + "Stage One – Pre-assessment",
        ),
        chunk(
            2,
            "Stage Two should take four months from the start of the assessment.",
            parent + SECTION_SEPARATOR + "Stage Two – Assessment",
        ),
        chunk(
            3,
            "The agency decision maker should make the decision within seven days.",
            parent + SECTION_SEPARATOR + "Stage Three – Decision",
        ),
    ]
    lines = compose_lines(
        "What are the stages for being approved as an adopter, and how long should each take?",
        document,
        hit_order=(0, 2, 3),
    )
    joined = " ".join(lines)
    assert "Stage One – Pre-assessment: Stage One should take two months" in joined, lines
    assert "Stage Two – Assessment: Stage Two should take four months" in joined, lines
    # Without "each", the sub-headings alone are the list.
    bare = compose_lines(
        "What are the stages for being approved as an adopter?", document, hit_order=(0, 2, 3)
    )
    assert not any("two months" in line for line in bare), bare


def test_figures_for_another_year_do_not_answer_a_question_naming_a_year() -> None:
    question = classify("How many referrals did the LADO receive in 2020-21?")
    assert question.years == {"2020"}
    other_year = [Hit(chunk=chunk(0, "The LADO received 465 referrals during 2021-22."), score=1)]
    same_year = [Hit(chunk=chunk(0, "In 2020-21 the LADO received 391 referrals."), score=1)]
    assert not _years_held(question, other_year)
    assert _years_held(question, same_year)
    assert _years_held(classify("How many referrals did the LADO receive?"), other_year)


def test_a_question_asking_for_a_time_needs_a_time() -> None:
    deadline = classify("What's the deadline for requesting an independent review panel?")
    assert deadline.kind is Kind.TIMESCALE and deadline.needs_exact_figure
    assert not deadline.offers_answer("The panel reviews the decision to exclude.")
    assert deadline.offers_answer("A request must be made within 15 school days.")
    days = classify("How many working days does the LADO have to reach an outcome?")
    assert days.unit == "days" and days.needs_exact_figure
    # "When does it apply?" is answered by a condition, not a time.
    assert not classify("When does private fostering apply to a disabled child?").needs_exact_figure


def test_a_time_must_come_with_what_is_timed() -> None:
    question = classify("How soon do I need to refer a bruised baby, and does an explanation help?")
    weights = {t: 1.0 for t in content_terms(question.asked)}
    hit = [Hit(chunk=chunk(0, "The referral must be made on the same day. Record it."), score=1)]
    # "refer" is held by "referral", and "how soon" is the asking, not what is timed.
    assert (
        timed_coverage(
            [Line("The referral must be made on the same day.", 0)], hit, question, weights
        )
        > MIN_TIMED_COVERAGE
    )
    other = [Hit(chunk=chunk(0, "Private fostering lasts more than 28 days."), score=1)]
    assert (
        timed_coverage(
            [Line("Private fostering lasts more than 28 days.", 0)], other, question, weights
        )
        == 0.0
    )


def test_a_count_of_days_must_come_with_what_is_timed_not_only_days() -> None:
    question = classify("Within how many working days must the initial conference be held?")
    weights = {t: 1.0 for t in content_terms(question.asked)}
    assert set(time_asking(question.text)) >= {"work", "day"}
    assert "respit" not in time_asking("How many respite days can a foster carer take?")
    # "45 working days" for an assessment holds the unit asked, nothing of the conference.
    line = "Assessment: completed within 45 working days"
    other = [Hit(chunk=chunk(0, line), score=1)]
    assert timed_coverage([Line(line, 0)], other, question, weights) < MIN_TIMED_COVERAGE


def test_a_number_asked_for_is_named_where_it_is_given() -> None:
    named = reach_asked("What's the phone number for the Early Help Hub? I want to refer")
    assert named is not None and "Early Help Hub" in named and "refer" not in named
    both = reach_asked("whats the mash number for referrals in office hrs") or ""
    assert "mash" in both and "referrals" in both and "office" not in both
    assert reach_asked("who's the adviser and whats their phone no.") is None
    hub = classify("What's the phone number for the Early Help Hub?")
    assert hub.details_asked is not None and hub.wants_figure
    assert hub.offers_answer("Phone 020 7946 0321.") and not hub.offers_answer("Phone us.")
    weights = {"earli": 1.0, "help": 0.5, "hub": 2.0}
    page = [
        Hit(chunk=chunk(0, "Phone the Front Door on 020 7946 0321.", "Making a referral"), score=1),
        Hit(chunk=chunk(1, "We may refer the family to the Early Help Hub."), score=1),
        Hit(chunk=chunk(2, "Early Help Hub: 020 7946 0530", "Contacts"), score=1),
    ]
    # The Front Door's number on a page naming the hub is not the hub's.
    assert not reach_named(
        hub, [Line(page[0].chunk.text, 0), Line(page[1].chunk.text, 1)], page, weights
    )
    assert reach_named(hub, [Line(page[2].chunk.text, 2)], page, weights)
    # A number the question does not name anything for: not judged.
    assert reach_named(classify("a mobile or an email I can use?"), [], page, weights)
    # A name mostly in no passage found is not in the documents: declined.
    warden = {"dog": 3.0, "warden": 3.0, "hub": 2.0}
    assert not reach_named(classify("phone number for the dog warden?"), [], page, warden)
    # Someone's email in the scene is not an email asked for; a number asked in a further part
    # is not what the first line must give.
    assert (
        classify("A parent sent me an email asking if it counts, who do I tell?").details_asked
        is None
    )
    assert classify("What is a LADO and what's their number?").details_asked is None
    # A PDF line breaking inside the name: the sentence it continues names it.
    text = "Contact the MoD Children's Education Advisory\nService (CEAS) on 01980 618244."
    ceas = [Hit(chunk=chunk(0, text), score=1)]
    line = Line("Service (CEAS) on 01980 618244.", 0)
    asked = classify("What's the number for the Children's Education Advisory Service?")
    assert reach_named(asked, [line], ceas, {"advisori": 3.0, "educ": 1.0})


def test_a_number_asked_for_in_a_further_part_is_given_for_what_the_answer_is_about() -> None:
    page = [
        chunk(
            0,
            "Report an allegation to the LADO within one working day. Keep a record of it.",
            "Timescales",
        ),
        chunk(1, "Phone: 020 7946 0733 (Monday to Friday)", "Contact the LADO"),
        chunk(2, "Phone: 020 7946 0999 for the training team", "Training"),
    ]
    question = "How long do we have to report an allegation to the LADO, and what's the number?"
    lines = compose_lines(question, page, (0, 2, 1))
    assert any("within one working day" in line for line in lines), lines
    assert any("020 7946 0733" in line for line in lines), lines
    assert not any("0999" in line for line in lines), lines
    # "What info do I need to put in...?" asks for the list of what to include.
    assert classify("what info do i need to put in the referral form").kind is Kind.LIST


def test_a_number_asked_for_what_is_named_is_taken_from_the_line_naming_it() -> None:
    # The team's email scores best (more of the question's words); the manager's is the answer.
    page = [
        chunk(0, "Partnership team email: team@example.org (general enquiries).", "Contacts"),
        chunk(1, "The Manager can be reached at manager@example.org.", "Partnership Manager"),
    ]
    hits = [Hit(chunk=c, score=1.0) for c in page]
    question = classify("What is the email of the partnership manager?")
    weights = {"partnership": 1.0, "email": 0.9, "manag": 1.2}
    draft = compose(question, hits, weights, no_meaning, neighbours=neighbours_of(page))
    assert draft.lines and "manager@example.org" in draft.lines[0].text, draft.lines
    assert reach_named(question, draft.lines, hits, weights)
    # Only the team's email given: the gate still says the manager's is not.
    assert not reach_named(question, [Line(page[0].text, 0)], hits, weights)


def test_their_mobile_asked_after_who_someone_is_comes_from_the_line_naming_them() -> None:
    for typed in (
        "Who is the manager and what's their mobile?",
        "who is the manager and whats their mobile",
    ):
        question = classify(typed)
        assert question.parts == 2 and question.further_details is not None, typed
    assert classify("what is the mobile phone policy for staff?").further_details is None
    page = [
        chunk(0, "The Partnership Manager is Sam Lee.", "Partnership Manager"),
        chunk(1, "The partnership's mobile line for meetings is 020 7946 0100.", "Meetings"),
        chunk(2, "The Manager can be reached on 07700 900123.", "Partnership Manager"),
    ]
    lines = compose_lines(
        "Who is the partnership manager and what's their mobile?", page, (0, 1, 2)
    )
    # The manager's line, though the partnership's mobile line scores better.
    assert any("07700 900123" in line for line in lines), lines


def test_a_line_sharing_only_one_word_of_the_name_does_not_name_it() -> None:
    # "Registered managers" hold the rarest word of "the RSCP manager", not the name.
    page = [
        chunk(0, "For all RSCP enquiries, email the RSCP team at rscp@example.org.", "RSCP"),
        chunk(1, "Registered managers of homes should email homes@example.org.", "Homes"),
    ]
    hits = [Hit(chunk=c, score=1.0) for c in page]
    question = classify("What is the email of the RSCP manager?")
    weights = {"rscp": 1.1, "email": 0.9, "manag": 1.2}
    draft = compose(question, hits, weights, no_meaning, neighbours=neighbours_of(page))
    assert draft.lines and "homes@" not in draft.lines[0].text, draft.lines
    assert not reach_named(question, [Line(page[1].text, 1)], hits, weights)


def test_a_further_part_s_number_is_given_for_the_weightiest_words_named() -> None:
    page = [
        chunk(0, "The LADO will respond to a referral within one working day.", "LADO"),
        chunk(
            1, "To make a referral, or to have us respond, call the Front Door on 020 7946 0100."
        ),
        chunk(2, "The LADO can be reached on 020 7946 0350.", "Contacts"),
    ]
    hits = [Hit(chunk=c, score=1.0) for c in page]
    question = classify(
        "How long does the LADO take to respond to a referral, and what's their number?"
    )
    weights = {"lado": 3.0, "respond": 1.0, "referr": 1.0}
    draft = compose(question, hits, weights, no_meaning, neighbours=neighbours_of(page))
    texts = " ".join(line.text for line in draft.lines)
    assert "0350" in texts and "0100" not in texts, draft.lines


def test_who_chairs_it_is_answered_by_a_line_saying_who_chairs_it() -> None:
    question = classify("Who chairs the Westmarsh MARAC?")
    weights = {"westmarsh": 1.0, "marac": 2.0}
    said = [
        Hit(chunk=chunk(0, "A MARAC is a meeting about victims at the highest risk."), score=1),
        Hit(chunk=chunk(1, "The Independent Chair reported on the year."), score=1),
        Hit(chunk=chunk(2, "The MARAC is chaired by a detective inspector."), score=1),
    ]
    elsewhere = Draft([Line(said[0].chunk.text, 0), Line(said[1].chunk.text, 1)])
    assert not chair_named(question, elsewhere, said, weights)
    assert chair_named(question, Draft([Line(said[2].chunk.text, 2)]), said, weights)
    assert chair_named(classify("When does the MARAC meet?"), elsewhere, said, weights)
    # What is chaired is named before "of", "in", "and": not the scene's rarest word.
    meetings = classify("Who chairs the review meetings of looked after children in foster care?")
    iro = [Hit(chunk=chunk(0, "IROs chair the review meetings of looked after children."), score=1)]
    rare = {"review": 1.0, "meet": 1.0, "foster": 3.0}
    assert chair_named(meetings, Draft([Line(iro[0].chunk.text, 0)]), iro, rare)
    # A manager asked for: the hub's details are not who manages it.
    manager = classify("Who is the manager of the Eastbridge hub?")
    hub = [Hit(chunk=chunk(0, "Eastbridge hub: 2 Canal Street; Phone: 0117 496 0233"), score=1)]
    row = Draft([Line(hub[0].chunk.text, 0)])
    assert not chair_named(manager, row, hub, {"eastbridg": 2.0, "hub": 1.0})
    # "who manages PP+...?" asks about a duty, said in many ways: not held to the word.
    assert chair_named(classify("Who manages the Eastbridge hub?"), row, hub, {"eastbridg": 2.0})


def test_words_that_stress_or_ask_are_not_what_is_asked_about() -> None:
    stressed = asking_terms("what exactly counts as private fostering, roughly how long?")
    assert {"exact", "count", "rough"} <= stressed
    assert not {"privat", "foster"} & stressed
    assert "count" not in asking_terms("How many children does the LADO count each year?")


def test_the_scene_before_a_question_is_not_counted_as_unknown_words() -> None:
    question = (
        "A parent has shown me Snapchat messages a coach sent late at night. Who outside the"
        " club do I need to contact?"
    )
    weights = {t: 1.0 for t in content_terms(question)}
    known = set(content_terms("Who outside the club do I need to contact?"))
    df = {t: (5 if t in known else 0) for t in weights}
    subject = describe_subject(question, weights, df, 1000)
    assert subject.unknown_share() == 0.0
    # Asked about directly, the same unknown words are the subject.
    direct = "What do Snapchat messages sent late at night show?"
    weights = {t: 1.0 for t in content_terms(direct)}
    assert describe_subject(direct, weights, {}, 1000).unknown_share() == 1.0
    # A question asking only who to reach is about its scene ("...get in touch with" is
    # worded nowhere; becoming a foster carer is).
    reach = (
        "One of our assistants is interested in becoming a foster carer for the council."
        " Who does she get in touch with?"
    )
    weights = {t: 1.0 for t in content_terms(reach)}
    df = {t: 5 for t in content_terms("assistants interested becoming foster carer council")}
    subject = describe_subject(reach, weights, df, 1000)
    assert subject.unknown_share() < 0.5
    assert {"foster", "carer"} <= subject.asked


def test_a_list_of_the_number_asked_for_beats_a_sentence_restating_the_question() -> None:
    document = [
        chunk(
            0,
            "The national review gave safeguarding partners four key messages about the"
            " national review into the murders.",
        ),
        chunk(
            1,
            "The review has four key messages for partners.\n"
            "- Key message 1: strategy discussions must be robust.\n"
            "- Key message 2: agencies must have sufficient resources.\n"
            "- Key message 3: information sharing must be robust.\n"
            "- Key message 4: referrals are not judged malicious without an assessment.",
        ),
    ]
    lines = compose_lines(
        "What were the four key messages for safeguarding partners from the national review"
        " into the murders?",
        document,
        hit_order=(0, 1),
    )
    assert sum(line.startswith("-|Key message") for line in lines) == 4, lines


def test_which_one_of_a_list_applies_asks_for_one_not_the_list() -> None:
    question = "Which of the nine principles applies to a boy arrested for theft?"
    assert classify(question).kind is Kind.FACT
    assert classify("Which of the principles is about offending?").kind is Kind.FACT
    assert classify("What are the nine principles?").kind is Kind.LIST


def test_how_often_is_answered_by_a_frequency_not_a_date() -> None:
    question = classify("How often will the panel meet, and who chairs it?")
    assert question.needs_exact_figure
    assert not question.offers_answer("At the meeting on 4 July 2022 the panel was proposed.")
    assert not question.offers_answer("A health assessment is carried out for every child.")
    assert question.offers_answer("The review must happen at least once every six months.")
    assert question.offers_answer("The adviser must visit at no less than 2 monthly intervals.")
    assert question.offers_answer("The panel will meet twice a year.")
    # A table's "How often" cell, and school years and terms.
    assert question.offers_answer("Check: Test the filter; How often: Every half term")
    assert question.offers_answer("The plan is reviewed each school year.")
    assert not question.offers_answer("Every school should have a filtering policy.")
    assert not question.offers_answer("The partnership offers a half-day course on this.")


def test_a_question_asking_what_is_not_so_is_answered_by_a_sentence_that_says_not() -> None:
    document = [
        chunk(
            0,
            "A family friend, a neighbour or a more distant relative such as a cousin can all be"
            " private foster carers.",
        ),
        chunk(1, "A private foster carer is not a relative such as a step-parent, aunt or uncle."),
    ]
    lines = compose_lines("Which relatives are not private foster carers?", document, (0, 1))
    assert "not a relative such as a step-parent" in lines[0], lines
    # A negation in the scene ("nobody knows...") is not what is asked.
    asked = classify("Nobody knows where she is. Which relatives can be private foster carers?")
    assert asked.asked == "Which relatives can be private foster carers?"


def test_a_line_pointing_elsewhere_is_not_an_answer() -> None:
    document = [
        chunk(
            0,
            "- Knowledge base page: Local Authority Designated Officer (LADO) in Redbridge\n"
            "The LADO gives advice when there is a concern about an adult who works with"
            " children.",
        )
    ]
    lines = compose_lines("What does the Local Authority Designated Officer do?", document, (0,))
    assert not any("Knowledge base page" in line for line in lines), lines
    assert classify("Who do I notify about a private fostering arrangement?").kind is Kind.CONTACT


def test_a_further_part_after_a_dash_or_an_alternative_is_a_part() -> None:
    dash = classify("What was the panel supposed to do - which young people would it look at?")
    assert dash.further_parts == [" - which young people would it look at?"]
    alternative = classify("Can I refer him straight to FIT, or do they only take open cases?")
    assert alternative.parts == 2
    # A yes or no asked after another question is a part of its own; "and" inside one is not.
    checks = classify("What must we check before they start, and can they be left in charge?")
    assert checks.further_parts == [", and can they be left in charge?"]
    assert classify("What should schools and colleges do, and when?").parts == 2
    assert classify("Do the school and the council have to agree?").parts == 1
    assert classify("Who is the LADO? And can they visit a school?").parts == 2
    assert classify("What does the panel do?").further_parts == []


def test_a_sentence_answering_a_further_part_is_added() -> None:
    document = [
        chunk(
            0,
            "Principle vii is about a boy who keeps offending with older lads in the town centre.",
        ),
        chunk(
            1, "For a boy who keeps offending with older lads, assessments should look behind it."
        ),
    ]
    lines = compose_lines(
        "Which principle is about a boy who keeps offending with older lads in the town centre,"
        " and what does it say about assessments?",
        document,
        (0, 1),
    )
    assert any("assessments should look behind it" in line for line in lines), lines


def test_a_rare_name_the_question_is_about_shows_the_passages_are_on_subject() -> None:
    question = "Can I refer a boy I think is being groomed straight to FIT?"
    weights = {t: 1.0 for t in content_terms(question)}
    df = {t: 40 for t in weights} | {"fit": 5, "groom": 2}
    subject = describe_subject(question, weights, df, 1000)
    about_fit = [Hit(chunk=chunk(0, "FIT works with children who have a plan."), score=1)]
    elsewhere = [Hit(chunk=chunk(0, "Children who have a plan are reviewed."), score=1)]
    assert subject.named_in(about_fit, equivalents={})
    assert not subject.named_in(elsewhere, equivalents={})
    # A name in most of the corpus ("Redbridge") says nothing about the subject.
    common = describe_subject("Does Redbridge have a dog warden?", weights, {"redbridg": 900}, 1000)
    assert not common.named_in(about_fit, equivalents={})


def test_a_document_is_named_by_its_titles_initials() -> None:
    # "KCSIE" is how practitioners name "Keeping children safe in education", which never
    # defines it: its passages are about what the question names.
    from ingest.model import DocumentMeta

    question = "Under KCSIE 2025, how often is the DSL's training updated?"
    weights = {t: 1.0 for t in content_terms(question)}
    df = {t: 40 for t in weights} | {"kcsie": 3}
    subject = describe_subject(question, weights, df, 1000)
    kcsie = DocumentMeta(title="Keeping children safe in education 2025")
    text = "Training should be updated at least every two years."
    cited = [Hit(chunk=Chunk("c0", "k.pdf", 0, text, None, 1, "h", kcsie), score=1)]
    assert subject.named_in(cited, equivalents={})
    other = [Hit(chunk=chunk(0, text), score=1)]
    assert not subject.named_in(other, equivalents={})


def test_everyday_ways_of_asking_who_to_tell_and_what_to_do() -> None:
    assert classify("Is that fostering, and if so who do we need to tell?").kind is Kind.CONTACT
    assert classify("Is that the right place, or who should get told?").kind is Kind.CONTACT
    assert classify("She made me promise not to tell. what am i meant to do now??").kind is (
        Kind.STEPS
    )
    assert classify("What do I need to do?").kind is Kind.STEPS


def test_a_yes_no_scenario_is_decided_by_a_limit_in_its_own_measure() -> None:
    question = classify(
        "A young person was in foster care for 10 weeks when she was 15. Does she qualify for"
        " care leaver support?"
    )
    assert question.scene_measures == {"week", "age"}
    assert question.offers_answer("A young person aged 16 looked after for 13 weeks since 14.")
    assert not question.offers_answer("Care leavers are supported by a personal adviser.")
    document = [
        chunk(0, "Care leaver support is set out in the local offer for each young person."),
        chunk(1, "A care leaver qualifies when looked after for 13 weeks since the age of 14."),
    ]
    lines = compose_lines(question.text, document, (0, 1))
    assert "13 weeks since the age of 14" in lines[0], lines
    # A yes/no question with no measures in it prefers nothing in particular.
    assert not classify("Can a new worker start before the references are back?").scene_measures


def test_the_condition_put_on_the_answer_comes_with_it() -> None:
    document = [
        chunk(
            0,
            "You can, exceptionally, allow a new permanent worker to start before all the"
            " references are back. For example, you may need staff quickly. If you do this, the"
            " person must be supervised when working with children. Training is offered yearly.",
        )
    ]
    lines = compose_lines(
        "Can a new permanent worker start before all their references are back?", document, (0,)
    )
    assert any("must be supervised" in line for line in lines), lines
    assert not any("Training" in line for line in lines), lines


def test_who_does_something_is_answered_by_a_sentence_saying_who_does_it() -> None:
    assert classify("Who manages pupil premium plus for an adopted child?").action == "manages"
    assert classify("Who is the designated teacher?").action is None
    document = [
        chunk(0, "Adopted children are eligible for pupil premium plus funding in school."),
        chunk(1, "For adopted children, the funding is managed by the child's school."),
    ]
    lines = compose_lines("Who manages pupil premium plus for an adopted child?", document, (0, 1))
    assert "managed by the child's school" in lines[0], lines


def test_a_year_range_is_not_a_count_of_items() -> None:
    from service.chat.counting import wanted_count

    assert wanted_count("Which 2022-23 priority involves the Youth Council?") is None
    assert wanted_count("rscp priorities for 22/23?") is None
    assert wanted_count("What are the 4 Cs?") == 4


def test_an_everyday_word_written_as_a_name_must_be_that_name_in_the_passages() -> None:
    question = "How do I make a Prevent referral? I'm worried he is being radicalised."
    subject = describe_subject(question, {}, {}, 1000)
    assert subject.cased == {"Prevent"}  # the question comes first, then the worry
    everyday = [Hit(chunk=chunk(0, "Referrals help prevent harm to children."), score=1)]
    named = [Hit(chunk=chunk(0, "Make a referral to the Prevent team for advice."), score=1)]
    assert subject.cased_missing(everyday, equivalents={})
    assert not subject.cased_missing(named, equivalents={})
    # Names written in capitals together are how users write roles, not a test.
    assert not describe_subject("Who is the Designated Safeguarding Lead?", {}, {}, 1000).cased
    # A capitalised word not used before a noun is not taken for a name ("on a Saturday?").
    assert not describe_subject("Can I make a referral on a Saturday?", {}, {}, 1000).cased
    # A word of a long name the corpus abbreviates may stand as the abbreviation.
    london = describe_subject("Which London principle applies?", {}, {}, 1000)
    lscp = [Hit(chunk=chunk(0, "The LSCP principle vii applies to offending."), score=1)]
    assert not london.cased_missing(lscp, equivalents={"lscp": {"london", "safeguard"}})


def test_which_x_is_answered_by_a_sentence_naming_an_x() -> None:
    question = classify("Which Integrated Care System is Redbridge part of?")
    assert question.category == "Integrated Care System"
    assert question.names_one(
        "Redbridge belongs to the North East London (NEL) Integrated Care System."
    )
    assert not question.names_one("The Partnership heard about the Integrated Care System.")
    document = [
        chunk(0, "The Partnership received an update on the Integrated Care System in Redbridge."),
        chunk(1, "Redbridge belongs to the North East London Integrated Care System."),
    ]
    lines = compose_lines(question.text, document, (0, 1))
    assert "North East London" in lines[0], lines


def test_the_next_one_is_not_answered_with_past_dates() -> None:
    from service.chat.drafting import PROSE, Draft, Line
    from service.chat.planning import _only_past

    past = Draft([Line("In April 2022 Ofsted visited the front door.", 0, PROSE)])
    future = Draft([Line("The next inspection is due in March 2027.", 0, PROSE)])
    undated = Draft([Line("Inspections take place every three years.", 0, PROSE)])
    asked = classify("When is the next Ofsted inspection due?")
    assert _only_past(asked, past, 2026)
    assert not _only_past(asked, future, 2026)
    assert not _only_past(asked, undated, 2026)
    assert not _only_past(classify("When did Ofsted visit?"), past, 2026)
    course = Draft(
        [Line("The new course runs in the programme starting September 2022.", 0, PROSE)]
    )
    assert _only_past(classify("When and where is the next session running?"), course, 2026)
    act = Draft([Line("Under the Children Act 1989 the council must assess the child.", 0, PROSE)])
    assert not _only_past(classify("What happens next after a referral?"), act, 2026)


def test_the_question_word_opening_what_is_asked_decides_the_kind() -> None:
    asked = "How quickly should they acknowledge the referral and decide what happens next?"
    assert classify(asked).kind is Kind.TIMESCALE
    assert classify("What happens next after a referral?").kind is Kind.STEPS
    conditions = classify("Can they start before the references are back, and if so on what terms?")
    assert conditions.parts == 2


def test_a_list_whose_lead_in_states_the_count_asked_for_is_found_and_kept_to_it() -> None:
    document = [
        chunk(0, "Use the nine principles when you plan work with an adolescent young person."),
        chunk(1, "The principles were agreed by the partnership for work with adolescents."),
        chunk(2, "Every partnership uses principles for its work with adolescents."),
        chunk(
            3,
            "There are three principles for adolescents:\n"
            "- Principle i: recognise autonomy\n"
            "- Principle ii: look beyond the family",
        ),
        chunk(4, "- Principle iii: never give up\n- 40 Public Health England is now UKHSA"),
    ]
    lines = compose_lines(
        "What are the three principles for working with adolescents?", document, (0, 1, 2, 3)
    )
    items = [line for line in lines if line.startswith("-|")]
    assert [line.split(":")[0] for line in items] == [
        "-|Principle i",
        "-|Principle ii",
        "-|Principle iii",
    ], lines


def test_asking_how_to_take_a_concern_forward_asks_for_steps() -> None:
    assert classify("What's the process for challenging this?").kind is Kind.STEPS
    assert classify("How do I take this forward?").kind is Kind.STEPS
    assert classify("How should we challenge the decision?").kind is Kind.STEPS


def test_what_is_asked_is_the_last_question_of_several_sentences() -> None:
    from service.chat.wording import asked_part

    assert asked_part("A pupil has gone. What enquiries should we make?") == (
        "What enquiries should we make?"
    )
    assert asked_part("How do I make a referral? I'm worried.") == "How do I make a referral?"
    assert asked_part("What is private fostering?") == "What is private fostering?"


def test_a_sentence_about_having_x_does_not_define_x() -> None:
    document = [
        chunk(0, "Having a designated officer is a statutory requirement for every council."),
        chunk(1, "The designated officer is the person who gives advice about staff allegations."),
    ]
    lines = compose_lines("Who is the designated officer?", document, (0, 1))
    assert "gives advice about staff allegations" in lines[0], lines


def test_review_findings_stay_fixed() -> None:
    from service.chat.counting import states_count

    # Counts: "fourth" and "fourteen" are not four.
    assert not states_count("In its fourth year the partnership set these priorities:", 4)
    assert not states_count("The fourteen standards are:", 4)
    assert states_count("The four areas are:", 4)
    # "How much ... and what should I do next?" still asks for steps, not a sum.
    mixed = "How much information should I share with the police and what should I do next?"
    assert classify(mixed).kind is Kind.STEPS
    # "of 2000 referrals" is a number, not a year asked about.
    assert not classify("What percentage of 2000 referrals were about neglect?").years
    # Everyday nouns users capitalise are not names to find as written.
    assert not describe_subject("Should I tell the Police about this?", {}, {}, 100).cased
    assert not describe_subject("Children's Social Care or the School?", {}, {}, 100).cased
    # A one-word term that is a gerund is still defined by "X is when...".
    document = [
        chunk(0, "Exploitation harms children in many ways across the borough."),
        chunk(1, "Cuckooing is when criminals take over the home of a vulnerable person."),
    ]
    assert "Cuckooing is when" in compose_lines("What is cuckooing?", document, (0, 1))[0]


def test_parts_of_a_question_are_read_for_what_each_asks() -> None:
    two = classify(
        "How many referrals did the LADO receive in 2021-22, and what proportion of them went on"
        " to further investigation?"
    )
    assert two.counted_part.strip().startswith("referrals did the LADO receive")
    # "which of the principles deals with...?" asks for one of them, not the list.
    assert classify("Which of the nine principles deals with offending?").kind is Kind.FACT
    assert classify("Which number is the one about not giving up on teenagers?").kind is Kind.FACT
    # "define X + is there a course on it?": two questions.
    assert classify("define professional curiosity + is there a course on it?").parts == 2
    # "in charge of" is not a charge; "how long should the article be?" is not a time.
    assert classify("Which group is in charge of the action plan?").kind is not Kind.AMOUNT
    assert not classify("Roughly how long should the article be?").needs_exact_figure
    assert classify("How long does the assessment take?").needs_exact_figure


def test_a_list_item_without_its_list_is_not_a_further_sentence() -> None:
    # "ask the child if an advocate is wanted" means little without the list it belongs to.
    document = [
        chunk(
            0,
            "Local authorities must publicise their advocacy arrangements for children.\n\n"
            "Where a child wants to complain, the complaints officer should:\n"
            "- ask the child if an advocate is wanted\n"
            "- help find an advocate",
        ),
    ]
    lines = compose_lines(
        "How must local authorities publicise advocacy, and is the child asked if one is wanted?",
        document,
    )
    assert lines[0].endswith("must publicise their advocacy arrangements for children.")
    assert not any("ask the child" in line for line in lines), lines


def test_questions_typed_in_a_hurry_and_key_messages_are_read_for_their_kind() -> None:
    assert classify("what r the partnership's priority areas for 22/23?").kind is Kind.LIST
    assert classify("key messages from the national review for partners?").kind is Kind.LIST
    # Messages a pupil was sent are not a list asked for.
    assert (
        classify("A parent showed me Snapchat messages the coach sent. Who do I contact?").kind
        is not Kind.LIST
    )


def test_a_best_sentence_announcing_a_list_comes_with_it_however_long() -> None:
    # The list is the answer; a lead-in ending ":" alone would say nothing.
    document = [
        chunk(
            0,
            "A child should no longer be the subject of a protection plan if:\n"
            "- it is judged that the child is no longer suffering, or likely to suffer, harm and"
            " no longer needs safeguarding by means of a protection plan\n"
            "- the child and family have moved permanently to another local authority area, where"
            " the receiving authority should convene a conference within fifteen working days\n"
            "- the child has reached the age of eighteen years, has died, or has permanently left"
            " the country",
        ),
    ]
    lines = compose_lines("When can a child stop being the subject of a protection plan?", document)
    assert lines[0].endswith("subject of a protection plan if:"), lines
    assert len(lines) == 4, lines
    assert "eighteen years" in lines[-1]


def test_who_to_speak_to_or_get_in_touch_with_asks_for_a_contact() -> None:
    for question in (
        "Who in Redbridge do I need to speak to about an adult like this, and their details?",
        "She wants to foster. Who does she get in touch with?",
    ):
        assert classify(question).kind is Kind.CONTACT, question


def test_how_long_is_answered_by_a_period_not_by_immediately() -> None:
    question = classify("Me and my foster carer want me to stay after 18. How long can that go on?")
    assert not question.offers_answer("She must have lived there immediately before turning 18.")
    assert question.offers_answer("The arrangement can continue until the young person is 21.")
    assert question.offers_answer("Staying put can continue up to age 21.")
    assert question.offers_answer("Records are kept for 75 years.")
    # "How quickly...?" is still answered by "immediately".
    assert classify("How quickly must we refer?").offers_answer("Refer immediately.")


def test_dos_and_donts_ask_what_to_do() -> None:
    assert classify("What are the main dos and don'ts if a child discloses?").kind is Kind.STEPS


def test_how_much_asks_for_a_sum_only_of_money() -> None:
    assert classify("How much can parents be fined for term-time holidays?").kind is Kind.AMOUNT
    assert classify("How much is the penalty notice?").kind is Kind.AMOUNT
    assert classify("How much post-qualifying experience should an IRO have?").kind is Kind.FACT
    assert classify("How much time off for training should she get?").kind is Kind.TIMESCALE


def test_an_address_is_a_postcode_or_a_numbered_street() -> None:
    from service.chat.figures import ADDRESS

    assert ADDRESS.search("Write to Lynton House, 255-259 High Road, Ilford IG1 1NY.")
    assert ADDRESS.search("The office is at 12 Station Road.")
    assert not ADDRESS.search("Email LADO@redbridge.gov.uk or call 020 8708 5350.")


def test_sub_headings_that_are_not_actions_are_not_steps() -> None:
    # A contents page's headings ("Immediate protection", "Strategy discussion") are not what
    # to do; sub-headings the question names ("Stage One", "Stage Two") would be.
    texts = {
        "Immediate protection": "Where a child is at risk of immediate harm, the police should"
        " act at once to secure the child's safety and see the child.",
        "Strategy discussion": "A strategy discussion should be held when there is reasonable"
        " cause to suspect a child is suffering significant harm.",
        "Section 47 enquiries": "The local authority should start enquiries when a child may be"
        " suffering harm and should see the child within a day.",
        "Conferences": "An initial conference should be held within fifteen working days.",
    }
    document = [
        chunk(i, text, section=f"Guide > Child protection > {heading}")
        for i, (heading, text) in enumerate(texts.items())
    ]
    lines = compose_lines("What should we do when a child needs protection at once?", document)
    assert not any(line.split("|", 1)[1] in texts for line in lines), lines


def test_a_list_asked_for_is_named_after_a_possessive() -> None:
    from service.chat.counting import asked_for

    # "the partnership's priorities" asks for priorities, not for the partnership.
    assert asked_for("what were the partnership's priorities back in 2020-21?") >= {"prioriti"}
    assert "partnership" not in asked_for("what were the partnership's priorities?")


def test_a_count_stated_with_its_own_list_is_answered_by_that_list() -> None:
    # "...organised in three series:" then its three items; three sub-headings further on
    # ("New courses") are another list of three.
    document = [
        chunk(
            0,
            "The training programme is organised in three series:\n"
            "- Understanding Safeguarding Risks\n- Contextual Safeguarding\n"
            "- Creating Safer Settings",
            section="Programme > Series",
        ),
        chunk(1, "Professional curiosity is a new course.", section="Programme > New > Curiosity"),
        chunk(2, "Trauma informed practice is a new course.", section="Programme > New > Trauma"),
        chunk(3, "Children's rights is a new course.", section="Programme > New > Rights"),
    ]
    lines = compose_lines("How is the training organised - what are the series called?", document)
    assert any("Contextual Safeguarding" in line for line in lines), lines
    assert not any("Curiosity" in line for line in lines), lines


def test_a_running_head_is_not_a_lists_lead_in() -> None:
    head = "Statutory guidance for reviewing officers on their {} functions"
    document = [
        chunk(0, f"{head.format(20)}\nThe officer chairs each review meeting.", page=20),
        chunk(
            1,
            f"{head.format(21)}\n- whether the child is visited at the statutory intervals\n"
            "- whether the child's wishes are recorded in the plan\n"
            "- whether the health plan is reviewed in time",
            page=21,
        ),
        chunk(2, f"{head.format(22)}\nReviews are held every six months.", page=22),
    ]
    lines = compose_lines(
        "What should the officer check about the child's plan at the review?", document, (1, 0, 2)
    )
    assert lines and not any("Statutory guidance" in line for line in lines), lines


def test_a_counted_list_of_things_is_not_steps() -> None:
    document = [
        chunk(
            0,
            "Serious cases are those in three circumstances:\n- The child has died\n"
            "- The child has been seriously harmed\n- The child is known to services\n\n"
            "Partners should notify the panel within five working days.",
        ),
    ]
    # The best sentence states the count of what is asked about: its own list is not steps.
    lines = compose_lines("What should we do in these circumstances of serious cases?", document)
    assert not any(line.startswith("1.|The child") for line in lines), lines


def test_measures_asked_for_are_asked_for_and_nothing_else() -> None:
    # A time limit, hours of training or an age-appropriate resource ask for no time or age.
    for question in (
        "What time limit applies to strategy discussions?",
        "What time frame applies to an assessment?",
        "What hours of training must staff do?",
        "When does the consultation close?",
        "What age-appropriate resources are there for teaching consent?",
    ):
        assert classify(question).measure_asked is None, question
    assert classify("What time does the MASH open?").measure_asked == "clock"
    assert classify("What is the MASH address?").measure_asked == "address"
    assert classify("What is the LADO's email address?").measure_asked is None
    # A question reported in the scene is what is asked when the last sentence is generic.
    reported = "A parent asked me what age it's legal to leave a child at home. What's the rule?"
    assert classify(reported).measure_asked == "age"
    # "How much were parents fined?" is a sum; "how much experience" is not.
    assert classify("How much were parents fined?").kind is Kind.AMOUNT
    assert classify("how much per week do foster carers receive?").kind is Kind.AMOUNT
    assert classify("How much experience should an IRO have?").kind is not Kind.AMOUNT
    # Text-speak is read in lower case only, not in a citation.
    assert classify("What does R (G) v Southwark say?").text.startswith("What does R (G)")
    assert "U.K." in classify("Is the U.K. covered?").text


def test_a_list_asked_for_after_whats_and_a_possessive() -> None:
    from service.chat.counting import asked_for

    assert asked_for("What's the partnership's priorities?") == {"prioriti"}


def test_the_best_line_announcing_a_list_keeps_it_when_read_second() -> None:
    # Reading order puts the chair's sentence first; the best line is still the lead-in.
    document = [
        chunk(
            0,
            "The conference chair decides whether a protection plan should continue.\n\n"
            "A child should no longer be the subject of a protection plan if:\n"
            "- it is judged that the child is no longer suffering, or likely to suffer, harm and"
            " no longer needs safeguarding by means of a protection plan\n"
            "- the child and family have moved permanently to another local authority area, where"
            " the receiving authority should convene a conference within fifteen working days\n"
            "- the child has reached the age of eighteen years, has died, or has permanently left"
            " the country",
        ),
    ]
    lines = compose_lines(
        "When should a child no longer be subject to a protection plan, and who decides?", document
    )
    assert lines[0].startswith("|The conference chair"), lines
    assert any("eighteen years" in line for line in lines), lines


def test_a_flowchart_read_across_is_not_a_sentence() -> None:
    document = [
        chunk(
            0,
            "The core group decides whether The lead practitioner convenes a the core group and"
            " their family need second meeting If concerns remain the core group meets.\n\n"
            "The first core group meeting should be held within ten working days.",
        ),
    ]
    lines = compose_lines("What does the core group decide?", document)
    assert not any("whether The lead" in line for line in lines), lines


def test_a_count_is_of_the_words_after_how_many_not_of_many() -> None:
    question = classify("When did the report come out and how many findings did it have?")
    assert question.counts
    assert "many" not in question.counted_part.lower()
    assert "findings" in question.counted_part
    scene = classify(
        "I manage an IRO team and want more posts. Is there a benchmark for how many"
        " children one IRO should carry?"
    )
    assert "posts" not in scene.counted_part and "children one IRO" in scene.counted_part


def test_a_phone_number_asked_for_is_told_from_a_principle_number() -> None:
    from service.chat.wording import PHONE_ASKED

    for asked in (
        "whats their number",
        "have you got a mobile no.?",
        "the MASH team's direct number",
        "is there a direct line",
        "the LADO contact number",
        "whats the direct phone line for the team",
    ):
        assert PHONE_ASKED.search(asked), asked
        if "mobile" not in asked:  # "a mobile for them" leaves the kind to the rest of it
            assert classify(f"Can I ring them? {asked}").kind is Kind.CONTACT, asked
    for other in (
        "which number is it and what does it say?",
        "the number of referrals",
        "phone numbers are dead and nobody knows where they went. What enquiries?",
    ):
        assert not PHONE_ASKED.search(classify(other).asked), other


def test_who_is_the_role_reads_the_role() -> None:
    assert (
        classify("who is the RSCP manager and have you got a mobile?").role_asked == "RSCP manager"
    )
    assert classify("Who's the independent chair?").role_asked == "independent chair"
    assert classify("who is the RSCP manager atm and whats their no.?").role_asked == "RSCP manager"
    assert classify("What is private fostering?").role_asked is None


def test_how_long_something_should_be_is_a_length_not_a_date() -> None:
    question = classify("how long should an article for the newsletter be?")
    assert question.offers_answer("The manager welcomes articles of 200 to 300 words.")
    assert not question.offers_answer("The partnership met on 4 July 2022.")
    gap = classify("How long should the gap between review conferences be?")
    assert gap.offers_answer("Review conferences are held six months apart.")


def test_what_things_did_it_asks_for_a_list() -> None:
    assert classify("What areas did the self-assessment cover?").kind is Kind.LIST
    assert classify("what checks did they make?").kind is Kind.LIST
    assert classify("What progress did the partnership make?").kind is not Kind.LIST


def test_to_whom_asks_who_to_contact() -> None:
    question = classify("Is this something I need to pass on, and if so to whom?")
    assert question.kind is Kind.CONTACT
    assert question.parts == 2


def test_a_count_stands_near_what_it_counts() -> None:
    from service.chat.figures import counted_heads, counts_near

    heads = counted_heads(" private fostering arrangements were notified to CPAT last year?")
    assert heads == set(content_terms("private fostering arrangements"))
    assert counts_near("CPAT was notified of 12 private fostering arrangements.", heads)
    assert not counts_near(
        "An arrangement is private fostering when a child under 16 is cared for by a friend.", heads
    )
    assert not counts_near("Private fostering arrangements: call 020 8708 3885.", heads)
    # What is counted ends at its plural noun, in either number of an irregular plural.
    heads = counted_heads(" people sit on the review panel?")
    assert heads == {"peopl"}
    assert counts_near("A review panel of at least three persons sits.", heads)
    assert counted_heads(" serious case reviews happened?") == set(
        content_terms("serious case reviews")
    )


def test_asking_patterns_leave_ordinary_questions_alone() -> None:
    # Found by review: "no", "their mobile", "the number", "a link to", "name of the tool",
    # "to whom does it apply" are not asks for a phone number, a link, a name or a contact.
    from service.chat.wording import LINK_ASKED, NAME_ASKED, PHONE_ASKED, REPORTER

    for text in (
        "What should I do if there's no response from children's social care?",
        "What if a child's no longer attending school?",
        "What is a no-notice inspection?",
        "What should I do if a child shows me an image on their mobile?",
        "Should a pupil be allowed a mobile in school?",
        "Has the number in care risen since 2020?",
        "the no. of children",
    ):
        assert not PHONE_ASKED.search(text), text
        assert classify(text).kind is not Kind.CONTACT, text
    for text in ("Is there a link to self-harm?", "Is the referral made through an online form?"):
        assert not LINK_ASKED.search(text), text
    for text in (
        "Who is the person responsible for safeguarding in a school?",
        "What's the full name of the LSCP?",
        "Name of the tool used for assessing neglect?",
    ):
        assert not NAME_ASKED.search(text), text
    assert NAME_ASKED.search("What's the actual name of the LADO?")
    assert classify("To whom does the Prevent duty apply?").kind is not Kind.CONTACT
    assert classify("What proportion of referrals did the LADO progress?").kind is Kind.NUMBER
    # Who is asking is a role; a worry or a concern is what is asked about.
    assert "colleague" in REPORTER.sub(" ", "I'm a bit worried about a colleague. Who do I tell?")
    scene = REPORTER.sub(" ", "I'm a youth worker and a foster carer hit a child")
    assert "youth worker" not in scene and "foster carer" in scene


def test_counts_are_not_ages_years_or_the_question_s_own_figures() -> None:
    plan = classify("How many children are on a child protection plan?")
    assert plan.offers_answer("The number of children on a child protection plan rose to 312.")
    assert not plan.offers_answer("Children under 5 are most at risk.")
    section = classify("How many Section 47 enquiries were started?")
    assert not section.offers_answer("Section 47 enquiries are started when a child is at risk.")
    assert not classify("How many referrals were made to MASH?").offers_answer(
        "In 2022, referrals to MASH were audited."
    )


def test_years_in_the_names_of_acts_are_not_dates() -> None:
    from service.chat.planning import _event_years

    assert _event_years("Under Working Together to Safeguard Children 2023, reviews are") == []
    assert _event_years("the Children Act 1989 says") == []
    assert _event_years("In April 2022 Ofsted visited; in 2021 it wrote") == [2022, 2021]


def test_a_numbered_part_is_looked_for_as_the_documents_number_it() -> None:
    from service.chat.wording import with_roman_numerals

    assert with_roman_numerals("lscp principle 3 adolescents").endswith("(principle iii)")
    assert with_roman_numerals("what is priority 2 and standard 4?").endswith(
        "(priority ii; standard iv)"
    )
    assert with_roman_numerals("children aged 3 to 5") == "children aged 3 to 5"
    assert with_roman_numerals("Key Stage 2 pupils") == "Key Stage 2 pupils"


def test_a_grade_link_or_contact_asked_for_is_read_as_such() -> None:
    from service.chat.wording import LINK_ASKED, RATING, RATING_ASKED

    assert RATING_ASKED.search("What judgement did Ofsted give after the visit?")
    assert RATING_ASKED.search("How was the children's home rated?")
    assert not RATING_ASKED.search("What did Ofsted say about the front door?")
    assert not RATING.search("This is good practice.") and not RATING.search("Goodwill matters.")
    assert RATING.search("The service was judged to require improvement.")
    assert not RATING.search("In April 2022 Ofsted visited the front door.")
    assert LINK_ASKED.search("Where do I book onto the seminar? Is there a link?")
    assert not LINK_ASKED.search("Where do I register a concern about a child?")
    assert classify("How do I get hold of a copy of the plan?").kind is not Kind.CONTACT
    contact = "Does this go to the LADO, and how do I get hold of them?"
    assert classify(contact).kind is Kind.CONTACT


def test_a_lead_in_announces_what_is_asked_in_any_form_of_the_word() -> None:
    from service.chat.lists import _announces
    from service.chat.passages import ItemList

    def announces(question: str, lead: str) -> bool:
        return _announces(ItemList(lead, ("a", "b")), classify(question))

    four = "Online safety can be categorised into four areas of risk:"
    assert announces("What are the categories of online risk?", four)
    assert announces("What are the risks of online gaming?", four)  # a short stem, exact
    assert not announces("What are the categories of online risk?", "Schools should do these:")
    # Found by review: first letters shared by other words, a modifier taken for the thing.
    assert not announces("What are the principles?", "The principal social worker must:")
    assert not announces("What safeguarding checks are needed?", "Safeguarding partners must:")


def test_a_lead_in_s_count_cuts_its_list_only_when_it_counts_the_list() -> None:
    from ingest.model import Chunk
    from service.chat.counting import as_many_as_said

    chunk = Chunk("c", "g.pdf", 0, "text", None, None, "h", META)
    five = [(f"item {n}", chunk) for n in range(5)]
    assert len(as_many_as_said("categorised into four areas of risk:", five)) == 4
    for lead in (
        "Within two working days of the referral the social worker should:",
        "Key Stage 2 pupils should be taught about:",
        "These three agencies must do the following five things:",
        "Under section 11 the agencies must:",
    ):
        assert len(as_many_as_said(lead, five)) == 5, lead
    # The item that answered stays.
    assert len(as_many_as_said("four areas of risk:", five, keep="item 4")) == 5


def test_a_time_given_as_a_figure_leads_over_one_about_as_good_that_names_none() -> None:
    cases = [
        (
            "How often must the health plan be reviewed?",
            "The health plan must be reviewed at regular intervals.",
            "Each health plan must be reviewed every six months.",
            "every six months",
        ),
        # An age is a figure when an age is asked ("under 16" is not a length of time).
        (
            "Up to what age can a child be privately fostered?",
            "Private fostering applies to a child under 16, or under 18 if disabled.",
            "A private fostering arrangement lasts more than 28 days.",
            "under 16",
        ),
        # "Immediately" names a time; "under 5 years" is an age, not one.
        (
            "When must the designated officer be informed?",
            "The designated officer must be informed of any allegation immediately.",
            "The designated officer must be informed of the outcome within 10 working days.",
            "immediately",
        ),
        (
            "When must the child be seen after a referral?",
            "After a referral the child must be seen by a social worker straight away.",
            "After a referral a child under 5 years must be seen by a health visitor.",
            "straight away",
        ),
    ]
    for question, first, second, answer in cases:
        lines = compose_lines(question, [chunk(0, first), chunk(1, second)], (0, 1))
        assert answer in lines[0], (question, lines)


def test_the_best_line_being_one_item_of_a_list_brings_its_list() -> None:
    # Reading order puts a sentence of the passage before the best line, a list's item: the
    # item comes as one of its list, after its lead-in, not as a sentence on its own.
    document = [
        chunk(
            0,
            "Arrangements are notified to the assessment team.\n\n"
            "The team can be reached by:\n"
            "- telephone number for arrangements: 020 8708 3885\n"
            "- email: team@example.org",
        )
    ]
    question = "What is the telephone number for notifying arrangements?"
    lines = compose_lines(question, document, (0,))
    assert "-|telephone number for arrangements: 020 8708 3885" in lines, lines
    assert "|The team can be reached by:" in lines, lines


def test_a_sentence_going_on_with_the_answer_comes_with_it() -> None:
    document = [
        chunk(
            0,
            "When a care leaver moves to new accommodation, the adviser must visit the care leaver"
            " within 7 days of the move. Subsequently they must see them after 28 days. Visits"
            " should be at the accommodation.",
        )
    ]
    question = "How soon must the adviser visit a care leaver after a move to new accommodation?"
    lines = compose_lines(question, document, (0,))
    assert any("Subsequently they must see them after 28 days." in line for line in lines), lines
    # Not a sentence that only opens with the same words.
    document = [
        chunk(
            0,
            "When a care leaver moves to new accommodation, the adviser must visit the care leaver"
            " within 7 days of the move. After that age, visits are arranged by another team.",
        )
    ]
    lines = compose_lines(question, document, (0,))
    assert not any("After that age" in line for line in lines), lines


def test_a_list_of_the_conditions_something_holds_under_is_not_the_steps() -> None:
    document = [
        chunk(
            0,
            "A child should no longer be the subject of a protection plan if:\n"
            "- the child has moved away, and the new area should hold a conference\n"
            "- the child has turned 18, and the plan should be reviewed before then\n"
            "- the child is no longer at risk of harm",
        ),
        chunk(
            1,
            "When a plan is discontinued, lead practitioners should:\n"
            "- notify every agency invited to the protection conference\n"
            "- tell the core group members about the decision\n"
            "- consider whether support services are still needed",
        ),
    ]
    lines = compose_lines(
        "What should I do when the protection plan is discontinued?", document, (0, 1)
    )
    assert any("notify every agency" in line for line in lines), lines
    assert not any("turned 18" in line for line in lines), lines


def test_a_name_is_asked_for_however_it_is_typed() -> None:
    assert NAME_ASKED.search("whats the name of the person who is the LADO? want to email them")
    assert NAME_ASKED.search("What's the name of the LADO?")
    assert not NAME_ASKED.search("whats the number for the LADO")
    # So are the other ways of asking, typed without the apostrophe.
    assert classify("whats the process for making a referral?").kind is Kind.STEPS
    assert classify("whos the manager of the partnership?").role_asked is not None


def test_what_is_asked_for_is_read_however_the_question_puts_it() -> None:
    # A time of day asked of something past ("what time was the seminar?") is a clock time.
    assert classify("what time was the seminar on 19 September?").measure_asked == "clock"
    assert classify("what time frame applies?").measure_asked is None
    # "How much notice / time / warning" asks for a time, and only a time answers.
    notice = classify("How much notice does Ofsted give before a full inspection?")
    assert notice.kind is Kind.TIMESCALE and notice.needs_exact_figure
    # A rate paid is a sum ("the Pupil Premium Plus rate per eligible child", "hourly rate"); a
    # rate of something counted is not.
    for paid in ("What is the Pupil Premium Plus rate per eligible child?", "the hourly rate?"):
        assert classify(paid).kind is Kind.AMOUNT, paid
    for counted in (
        "what is the rate of referrals per 10,000 children?",
        "what is the conviction rate per year for child cruelty?",
        "What's the daily rate of attendance?",
    ):
        assert classify(counted).kind is not Kind.AMOUNT, counted


def test_a_step_that_announces_a_list_comes_with_its_items_under_it() -> None:
    document = [
        chunk(
            0,
            "Before the review the designated teacher should talk to the pupil about the PEP."
            " The designated teacher should ask the pupil's carers for their views on the PEP."
            " Before the review the designated teacher is responsible for ensuring that:\n"
            "- the PEP is up to date and says what support is being delivered\n"
            "- the PEP says what resources the pupil needs next\n"
            "The designated teacher should send the PEP to the social worker before the review.",
        ),
    ]
    lines = compose_lines(
        "What should the designated teacher do with the PEP before the review?", document
    )
    announced = next(i for i, line in enumerate(lines) if line.endswith("ensuring that:"))
    assert lines[announced].startswith(f"{NUMBERED}|"), lines
    assert lines[announced + 1 : announced + 3] == [
        f"{SUB}|the PEP is up to date and says what support is being delivered",
        f"{SUB}|the PEP says what resources the pupil needs next",
    ], lines
    assert sum(line.startswith(f"{NUMBERED}|") for line in lines) >= 3, lines


def test_a_step_announcing_a_list_it_does_not_give_is_left_out() -> None:
    document = [
        chunk(
            0,
            "Before the review the designated teacher should talk to the pupil about the PEP."
            " The designated teacher should ask the pupil's carers for their views on the PEP."
            " The designated teacher should send the PEP to the social worker before the review."
            " Before the review the designated teacher should make sure of the following:",
        ),
        chunk(1, "Annex A: forms", section="Annex"),
    ]
    lines = compose_lines(
        "What should the designated teacher do with the PEP before the review?", document
    )
    assert sum(line.startswith(f"{NUMBERED}|") for line in lines) >= 3, lines
    assert not any(line.endswith(":") for line in lines), lines


def test_a_table_row_in_the_answer_is_an_item_of_its_own() -> None:
    document = [
        chunk(
            0,
            "LADO service contacts\n"
            "Name: LADO duty line; Telephone: 020 7946 0340; Email: lado@example.gov.uk\n"
            "Name: Deputy LADO; Telephone: 020 7946 0346\n\n"
            "The LADO duty line is not staffed out of hours.",
        )
    ]
    lines = compose_lines("Which telephone number is the LADO duty line?", document)
    row = "Name: LADO duty line; Telephone: 020 7946 0340; Email: lado@example.gov.uk"
    assert f"{BULLET}|{row}" in lines, lines


def test_what_a_web_page_is_for_is_no_answer() -> None:
    document = [
        chunk(
            0,
            "This page explains the signs of neglect and what to do if you are worried about"
            " neglect. Neglect is the persistent failure to meet a child's basic needs. A child"
            " who is often hungry at school may be neglected.",
        )
    ]
    lines = compose_lines("What is neglect? What are the signs of neglect?", document)
    assert lines and not any("This page explains" in line for line in lines), lines
    # A page saying what it does not hold is not its purpose: it may be the answer.
    document = [chunk(0, "This page does not list a direct number for the outreach team.")]
    lines = compose_lines("What is the direct number for the outreach team?", document)
    assert any("does not list a direct number" in line for line in lines), lines


def test_forms_of_words_the_index_leaves_out_are_not_unknown_words() -> None:
    # "whats" and "getting" stem to "what" and "get", which the word index never holds: the
    # question is about the deadline for a referral, all of which the corpus knows.
    question = "whats the deadline for getting a referral to the panel?"
    weights = {t: 1.0 for t in content_terms(question)}
    df = {t: (0 if t in ("what", "get") else 4) for t in weights}
    assert describe_subject(question, weights, df, 1000).unknown_share() == 0.0


def test_a_table_row_is_compared_with_a_question_by_its_cells_not_its_headers() -> None:
    row = "Type of referral: All other referrals; CASS response: Decision within one working day"
    # The column headers are said in every row: the row is embedded as its cells' values.
    assert unit_embed_text(chunk(0, row), row) == (
        "Guidance: All other referrals; Decision within one working day"
    )
    # A cell holding "; " too: the row is read the same way.
    level = "Level: Level 2; Typical response: Single-agency support; consider an EHA"
    assert unit_embed_text(chunk(0, level), level) == (
        "Guidance: Level 2; Single-agency support; consider an EHA"
    )
    sentence = "A referral is decided on within one working day."
    assert unit_embed_text(chunk(0, sentence), sentence) == f"Guidance: {sentence}"
    # What ingest stores is what the question is compared with.
    assert sentence_texts(chunk(0, row)) == [unit_embed_text(chunk(0, row), row)]
