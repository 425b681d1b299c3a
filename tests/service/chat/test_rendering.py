"""Answers as HTML: Markdown lists and steps, citation links, tel:/mailto: links, nothing unsafe."""

from __future__ import annotations

from service.chat.rendering import render_answer_html
from service.chat.schemas import Citation

CITATION = Citation(
    n=1,
    title="Private fostering",
    source="corpus/private-fostering.md",
    section=None,
    page=None,
    url=None,
    quote='The "28 days" rule <b>',
    chunk_id="abc123",
    passage="The whole passage.",
)


def test_render_answer_html_renders_numbered_steps_and_bullets() -> None:
    html = render_answer_html(
        "Do this:\n\n1. Tell the designated safeguarding lead the same day [1]\n"
        "2. Refer to CPAT [1]\n\n- Keep notes [1]",
        [CITATION],
    )
    assert "<ol>" in html and html.count("<li>") == 3 and "<ul>" in html
    assert html.count('class="citation-link"') == 3


def test_render_answer_html_links_citations_to_their_passage() -> None:
    html = render_answer_html("It lasts 28 days [1]. Unknown [7].", [CITATION])
    assert 'href="/sources/abc123?quote=The%20%2228%20days%22%20rule%20%3Cb%3E"' in html
    assert 'aria-label="Source 1: Private fostering"' in html
    assert "[7]" in html and html.count("<a ") == 1


def test_render_answer_html_links_phone_numbers_and_emails() -> None:
    html = render_answer_html(
        "Call CPAT on 020 8708 3885 or email CPAT.Referrals@redbridge.gov.uk.", []
    )
    assert '<a href="tel:02087083885"' in html
    assert '<a href="mailto:CPAT.Referrals@redbridge.gov.uk"' in html


def test_render_answer_html_escapes_raw_html() -> None:
    html = render_answer_html("<script>alert(1)</script> <img src=x onerror=alert(1)> [1]", [])
    assert (
        "<script" not in html
        and "<img" not in html
        and "onerror=" not in html.replace("&lt;", "").split("&gt;")[-1]
    )
