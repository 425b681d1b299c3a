from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import get_args

import pytest
from pydantic import ValidationError

from briefings.errors import InvalidBriefing
from briefings.model import (
    SECTION_TITLES,
    BriefingCreate,
    BriefingUpdate,
    SectionKey,
    briefing_to_markdown,
    parse_briefing,
)


def test_section_titles_are_the_seven_in_order_with_stable_keys() -> None:
    assert [key for key, _ in SECTION_TITLES] == list(get_args(SectionKey))
    assert [heading for _, heading in SECTION_TITLES] == [
        "Background",
        "Why it matters",
        "Key information",
        "What to do",
        "Questions to reflect on",
        "Contacts",
        "Further information",
    ]


def test_parse_briefing_reads_front_matter_and_sections(briefing_md: str) -> None:
    briefing = parse_briefing(briefing_md, origin="test.md")
    assert briefing.slug == "private-fostering"
    assert briefing.title == "Private fostering — 7-minute briefing"
    assert briefing.summary.endswith("tell CPAT.")
    assert briefing.tags == ["private fostering", "children looked after by others"]
    assert briefing.published == date(2022, 9, 1)
    assert briefing.review == date(2023, 9, 1)
    assert briefing.status == "published"
    assert briefing.contacts == ["cpat-office-hours", "out-of-hours-emergency"]
    assert list(briefing.sections) == [key for key, _ in SECTION_TITLES]
    assert briefing.sections["what_to_do"] == (
        "Make sure CPAT is notified.\n\n### If you are unsure\n\nAsk CPAT for advice."
    )


def test_questions_are_the_top_level_bullets(briefing_md: str) -> None:
    briefing = parse_briefing(briefing_md, origin="test.md")
    assert briefing.questions == [
        "Do you ask who a child lives with?",
        "Would you recognise a host family\nas private fostering?",
        "How would you check CPAT was told?",
    ]


def test_briefing_to_markdown_round_trips(briefing_md: str) -> None:
    briefing = parse_briefing(briefing_md, origin="test.md")
    text = briefing_to_markdown(briefing)
    assert parse_briefing(text, origin="again") == briefing
    assert text.startswith("---\nslug: private-fostering\ntitle: Private fostering — 7-minute")
    assert "\ntags: [private fostering, children looked after by others]\n" in text


def test_briefing_to_markdown_quotes_values_yaml_would_misread(
    make_text: Callable[..., str],
) -> None:
    briefing = parse_briefing(make_text(title='"Note: #1 — yes: no"'), origin="test.md")
    assert parse_briefing(briefing_to_markdown(briefing), origin="again").title == (
        "Note: #1 — yes: no"
    )


def test_parse_briefing_accepts_windows_line_endings_and_a_bom(briefing_md: str) -> None:
    text = "\ufeff" + briefing_md.replace("\n", "\r\n")
    assert parse_briefing(text, origin="t") == parse_briefing(briefing_md, origin="t")


def test_parse_briefing_rejects_missing_section(briefing_md: str) -> None:
    text = briefing_md.replace("## Contacts\n", "")
    with pytest.raises(InvalidBriefing, match=r"^a\.md: missing section\(s\) '## Contacts'"):
        parse_briefing(text, origin="a.md")


def test_parse_briefing_rejects_sections_out_of_order(briefing_md: str) -> None:
    text = briefing_md.replace("## Background", "## TEMP").replace(
        "## Why it matters", "## Background"
    )
    text = text.replace("## TEMP", "## Why it matters")
    with pytest.raises(InvalidBriefing, match="out of order .*found: Why it matters, Background"):
        parse_briefing(text, origin="a.md")


def test_parse_briefing_rejects_heading_with_wrong_wording(briefing_md: str) -> None:
    text = briefing_md.replace("## Questions to reflect on", "## Questions")
    with pytest.raises(InvalidBriefing) as caught:
        parse_briefing(text, origin="a.md")
    message = str(caught.value)
    assert "missing section(s) '## Questions to reflect on'" in message
    assert "unknown heading(s) '## Questions'" in message
    assert "Use exactly these H2 headings, in order: Background, Why it matters" in message


def test_parse_briefing_ignores_headings_inside_code_blocks(briefing_md: str) -> None:
    text = briefing_md.replace("Ask CPAT for advice.", "```\n## Contacts\n```")
    assert "## Contacts" in parse_briefing(text, origin="a.md").sections["what_to_do"]


def test_parse_briefing_rejects_text_before_the_first_section(briefing_md: str) -> None:
    text = briefing_md.replace("---\n## Background", "---\nStray intro.\n\n## Background")
    with pytest.raises(InvalidBriefing, match="text before '## Background'"):
        parse_briefing(text, origin="a.md")


def test_parse_briefing_rejects_missing_front_matter(briefing_md: str) -> None:
    with pytest.raises(InvalidBriefing, match="^a.md: no front matter"):
        parse_briefing(briefing_md.split("---\n", 2)[2], origin="a.md")


def test_parse_briefing_rejects_invalid_yaml_with_a_hint(make_text: Callable[..., str]) -> None:
    with pytest.raises(InvalidBriefing, match="quote values that contain ': '"):
        parse_briefing(make_text(summary="Note: this breaks YAML"), origin="a.md")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("slug", "Private Fostering", "slug: String should match pattern"),
        ("status", "live", "status: Input should be 'draft' or 'published'"),
        ("published", "September 2022", "published: Input should be a valid date"),
        ("review", "2020-01-01", "review date 2020-01-01 is before published date 2022-09-01"),
        ("contacts", "[CPAT office]", "contacts.0: String should match pattern"),
        ("tags", "[ok, '']", "tags: Value error, tags must not be empty"),
    ],
)
def test_parse_briefing_rejects_bad_fields(
    field: str, value: str, message: str, make_text: Callable[..., str]
) -> None:
    with pytest.raises(InvalidBriefing, match=f"^a.md: .*{message}"):
        parse_briefing(make_text(**{field: value}), origin="a.md")


def test_parse_briefing_rejects_unknown_front_matter_field(briefing_md: str) -> None:
    text = briefing_md.replace("owner:", "owners: typo\nowner:")
    with pytest.raises(InvalidBriefing, match="^a.md: owners: Extra inputs are not permitted"):
        parse_briefing(text, origin="a.md")


def test_parse_briefing_requires_slug_title_and_summary(briefing_md: str) -> None:
    text = "\n".join(
        line for line in briefing_md.split("\n") if not line.startswith(("slug:", "title:"))
    )
    with pytest.raises(InvalidBriefing, match="title: Field required; slug: Field required"):
        parse_briefing(text, origin="a.md")


def test_published_briefing_needs_every_section_filled(briefing_md: str) -> None:
    text = briefing_md.replace("- CPAT: 020 8708 3885\n", "")
    with pytest.raises(InvalidBriefing, match="a published briefing needs text under: Contacts"):
        parse_briefing(text, origin="a.md")
    assert parse_briefing(text.replace("status: published", "status: draft"), origin="a.md")


def test_published_briefing_needs_reflection_questions_as_a_list(briefing_md: str) -> None:
    text = briefing_md.replace("- Do you ask who a child lives with?", "Do you ask?\n\nx")
    text = text.replace("- Would you recognise a host family\n  as private fostering?\n", "")
    text = text.replace("  - (a nested note, not a question)\n", "")
    text = text.replace("- How would you check CPAT was told?\n", "")
    with pytest.raises(InvalidBriefing, match="must be a bullet list of questions"):
        parse_briefing(text, origin="a.md")


def test_briefing_create_starts_as_a_draft_with_all_sections() -> None:
    created = BriefingCreate(
        slug="new-one", title="New", summary="S", sections={"background": "B"}
    ).to_briefing()
    assert created.status == "draft"
    assert created.sections["background"] == "B"
    assert created.sections["contacts"] == ""
    assert created.questions == []


def test_briefing_update_changes_only_given_fields_and_sections(briefing_md: str) -> None:
    briefing = parse_briefing(briefing_md, origin="a.md")
    updated = BriefingUpdate(title="Renamed", sections={"contacts": "- 999"}).apply_to(briefing)
    assert updated.title == "Renamed"
    assert updated.sections["contacts"] == "- 999"
    assert updated.sections["background"] == briefing.sections["background"]
    assert updated.summary == briefing.summary


def test_briefing_update_rejects_emptying_a_published_section(briefing_md: str) -> None:
    briefing = parse_briefing(briefing_md, origin="a.md")
    with pytest.raises(InvalidBriefing, match="^edit of 'private-fostering': .*Background"):
        BriefingUpdate(sections={"background": "  "}).apply_to(briefing)


def test_briefing_rejects_section_text_that_would_start_a_new_section(briefing_md: str) -> None:
    briefing = parse_briefing(briefing_md, origin="a.md")
    for text in ("## Sneaky", "Sneaky\n------", "# Title"):
        with pytest.raises(InvalidBriefing, match="'What to do' contains a top-level heading"):
            BriefingUpdate(sections={"what_to_do": text}).apply_to(briefing)


def test_every_valid_briefing_survives_a_save_and_reload(briefing_md: str) -> None:
    briefing = parse_briefing(briefing_md, origin="a.md")
    awkward = BriefingUpdate(
        title="  Two\nlines: #1 — 'quoted' ",
        summary='Summary with "quotes"\n\nand --- dashes: yes',
        tags=["a: b", "[x]", "#hash"],
        sections={"background": "\n\n    indented code\n\n---\n\ntext  ", "contacts": "- 999"},
    ).apply_to(briefing)
    assert awkward.title == "Two lines: #1 — 'quoted'"
    assert awkward.sections["background"] == "    indented code\n\n---\n\ntext"
    assert parse_briefing(briefing_to_markdown(awkward), origin="again") == awkward


def test_briefing_create_rejects_blank_title() -> None:
    with pytest.raises(ValidationError, match="title is blank"):
        BriefingCreate(slug="x", title=" \n ", summary="s")
