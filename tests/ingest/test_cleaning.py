"""clean_text repairs each artefact seen in the partnership's PDF extractions (shared/seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cleaning import clean_text


def test_clean_text_removes_underline_tags() -> None:
    text = "working with the <u>Redbridge</u> <u>Safeguarding Adults Board (RSAB)</u> to develop"
    assert (
        clean_text(text) == "working with the Redbridge Safeguarding Adults Board (RSAB) to develop"
    )


def test_clean_text_turns_list_fragments_into_bullet_lines() -> None:
    text = "Priorities: <ul> <li>Completing the work.</li> <li>Continuing to monitor.</li> </ul>"
    assert clean_text(text) == "Priorities:\n- Completing the work.\n- Continuing to monitor."


def test_clean_text_strips_other_html_tags_but_keeps_placeholders_and_comparisons() -> None:
    text = '<span class="x">Call <b>020 8708 3885</b></span> for <child\'s name> if age < 18'
    assert clean_text(text) == "Call 020 8708 3885 for <child's name> if age < 18"


def test_clean_text_joins_lines_broken_mid_sentence() -> None:
    text = (
        "The Joint Targeted Area Inspection report on the\nmulti-agency response, published in\n"
        "February 2020, identifies a\nnumber of findings."
    )
    assert clean_text(text) == (
        "The Joint Targeted Area Inspection report on the multi-agency response, published in "
        "February 2020, identifies a number of findings."
    )


def test_clean_text_keeps_breaks_after_sentences_headings_and_before_bullets() -> None:
    text = "Priority 3\n\nThe Partnership met.\nIt agreed a plan:\n- first item\n- second item"
    assert clean_text(text) == text


def test_clean_text_joins_continuation_lines_of_a_bullet() -> None:
    text = "- NSPCC Learning: the importance of considering why\n <u>a child was not brought</u>"
    assert (
        clean_text(text)
        == "- NSPCC Learning: the importance of considering why a child was not brought"
    )


def test_clean_text_undoes_end_of_line_hyphenation() -> None:
    assert clean_text("the organis-\nation of services") == "the organisation of services"


def test_clean_text_keeps_real_hyphens_across_line_breaks() -> None:
    text = "a multi-\nagency panel for Arthur Labinjo-\nHughes and a well-\nbeing review"
    assert clean_text(text) == (
        "a multi-agency panel for Arthur Labinjo-Hughes and a well-being review"
    )


def test_a_compound_broken_after_its_second_hyphen_keeps_it() -> None:
    # "up-to-\ndate": the break comes after a hyphen the compound already has.
    assert clean_text("the PEP is up-to-\ndate and a face-to-\nface meeting") == (
        "the PEP is up-to-date and a face-to-face meeting"
    )
    # Spelled hyphenated elsewhere in the document: "to-date" is one of its pairs.
    assert clean_text("an up-to-date plan; kept to-\ndate") == "an up-to-date plan; kept to-date"
    assert clean_text("the organis-\nation") == "the organisation"
    # A word of a compound hyphenated mid-word is joined.
    assert clean_text("semi-indepen-\ndent and anti-discrimi-\nnatory") == (
        "semi-independent and anti-discriminatory"
    )


def test_clean_text_prefers_the_documents_own_spelling_of_a_broken_word() -> None:
    text = "child-centred work.\nA child-\ncentred plan and a sub-\ngroup; the subgroup met."
    assert "child-centred plan" in clean_text(text)
    assert "subgroup;" in clean_text(text)


def test_clean_text_expands_ligatures() -> None:
    assert clean_text("ﬁndings of the ﬂagged ofﬁce") == "findings of the flagged office"


def test_clean_text_replaces_non_breaking_and_repeated_spaces() -> None:
    assert clean_text("Tel:\u00a0020   8708\u202f5282\t now") == "Tel: 020 8708 5282 now"


def test_clean_text_collapses_three_or_more_blank_lines() -> None:
    assert clean_text("Foreword\n\n\n\nA warm welcome.\n\n\n") == "Foreword\n\nA warm welcome."


def test_clean_text_flattens_tab_separated_table_into_one_line_per_row() -> None:
    text = (
        "No.\tPriority\tDescription\n"
        "1\tAdolescents\t<ul> <li>Completing the work.</li> <li>Monitoring MASCE.</li> </ul>\n"
        "2\tCOVID-19\tContinuing to monitor."
    )
    assert clean_text(text).split("\n") == [
        "No.: 1; Priority: Adolescents; Description: Completing the work. Monitoring MASCE.",
        "No.: 2; Priority: COVID-19; Description: Continuing to monitor.",
    ]


def test_clean_text_treats_a_lone_tabbed_line_as_text() -> None:
    assert clean_text("Tel:\t020 8708 5350") == "Tel: 020 8708 5350"


def test_clean_text_keeps_markdown_headings_and_bullets() -> None:
    text = "## Nine principles\n\n- *i.* As children get older.\n  - nested point\n### Next"
    assert clean_text(text) == text


def test_clean_text_turns_bullet_glyphs_into_markdown_bullets() -> None:
    assert clean_text("•\tIs the child under 16?\n● Are you a relative?") == (
        "- Is the child under 16?\n- Are you a relative?"
    )


def test_clean_text_is_idempotent() -> None:
    text = "The <u>CSPR\nPanel</u> met in\nJuly.\n\n\n<ul><li>a point</li></ul>\tx"
    assert clean_text(clean_text(text)) == clean_text(text)


@pytest.mark.parametrize("name", ["000_2255d264f35bbe82.txt", "001_2efcb18a03c5d630.txt"])
def test_clean_text_leaves_no_tags_in_the_seed_documents(shared: Path, name: str) -> None:
    cleaned = clean_text((shared / "seeds" / name).read_text(encoding="utf-8"))
    for artefact in ("<u>", "</u>", "<li>", "<ul>", "\t", "\n\n\n", "  "):
        assert artefact not in cleaned
    assert clean_text(cleaned) == cleaned
