"""load_document for Markdown, HTML and text; errors, sidecars and iter_paths."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ingest.errors import (
    DocumentNotFound,
    EmptyDocument,
    IngestError,
    UnreadableDocument,
    UnsupportedDocument,
)
from ingest.loaders import iter_paths, load_document, load_documents

MARKDOWN = """---
title: Private fostering
date: 2022-07-04
owner: RSCP
url: https://example.org/pf
kind: briefing
tags: [fostering, notification]
publisher: ignored provenance
---
Intro before any heading.

# Private fostering

Are you looking after a child who is not your own?

## Who to tell

Contact the Child Protection and Assessment Team.

### Out of hours

Call the emergency duty team.

## When

Within 28 days.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_load_markdown_reads_front_matter_into_meta(tmp_path: Path) -> None:
    meta = load_document(write(tmp_path, "pf.md", MARKDOWN)).meta
    assert meta.title == "Private fostering"
    assert meta.date == "2022-07-04"  # YAML parses it as a date; stored as an ISO string
    assert (meta.owner, meta.url, meta.kind) == ("RSCP", "https://example.org/pf", "briefing")
    assert meta.tags == ("fostering", "notification")


def test_load_markdown_builds_heading_paths_without_heading_lines_in_text(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "pf.md", MARKDOWN))
    assert [(s.path, s.text, s.page) for s in document.sections] == [
        (None, "Intro before any heading.", None),
        ("Private fostering", "Are you looking after a child who is not your own?", None),
        (
            "Private fostering > Who to tell",
            "Contact the Child Protection and Assessment Team.",
            None,
        ),
        ("Private fostering > Who to tell > Out of hours", "Call the emergency duty team.", None),
        ("Private fostering > When", "Within 28 days.", None),
    ]


def test_load_markdown_cleans_each_section(tmp_path: Path) -> None:
    document = load_document(
        write(tmp_path, "n.md", "# News\n\nThe <u>CSPR</u> panel met in\nJuly.")
    )
    assert document.sections[0].text == "The CSPR panel met in July."


def test_load_markdown_title_falls_back_to_first_h1_then_file_name(tmp_path: Path) -> None:
    assert load_document(write(tmp_path, "a.md", "intro\n## Sub\n# Top\ntext")).meta.title == "Top"
    untitled = write(tmp_path, "lado_annual-report.md", "## Only a subheading\n\ntext")
    assert load_document(untitled).meta.title == "Lado annual report"


def test_load_markdown_ignores_hash_lines_in_code_fences(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "c.md", "# Top\n```\n# not a heading\n```\nafter"))
    assert {s.path for s in document.sections} == {"Top"}


def test_load_document_source_is_posix_path_relative_to_root(tmp_path: Path) -> None:
    path = write(tmp_path, "corpus/policies/pf.md", MARKDOWN)
    assert load_document(path, root=tmp_path / "corpus").source == "policies/pf.md"
    assert load_document(path).source == "pf.md"


def test_load_document_hashes_the_raw_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "pf.md", MARKDOWN)
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    assert load_document(path).content_hash == expected


HTML = """<!doctype html><html><head><title>LADO | Redbridge</title>
<style>p { color: red }</style><script>var x = "secret";</script></head>
<body><nav><a href="/">Home</a> Menu</nav>
<h1>LADO</h1><p>The LADO co-ordinates the response to
concerns about adults.</p>
<h2>Contact</h2><ul><li>Tel: 020 8708 5350</li><li>LADO@redbridge.gov.uk</li></ul>
<table><tr><td>Mobile</td><td>07584 127461</td></tr></table>
<h2>Figures</h2><p>465 referrals in 2021&ndash;22.</p>
<footer>Copyright council</footer></body></html>"""


def test_load_html_skips_head_scripts_navigation_and_footer(tmp_path: Path) -> None:
    text = load_document(write(tmp_path, "lado.html", HTML)).text
    for furniture in ("color", "secret", "Menu", "Copyright"):
        assert furniture not in text


SITE_PAGE = """<html><head><title>Missing children | Northwood SCP</title></head><body>
<div id="cookie-banner" class="cookie-banner"><p>We use cookies.</p><div>Accept</div></div>
<header class="site-header"><p>Northwood Safeguarding Partnership</p>
<div role="search"><p>Search this site</p></div></header>
<div class="alert"><p>If a child is in danger call 999.</p></div>
<main id="main-content"><h1>Children missing from care</h1>
<div class="notice cookie-reminder"><p>Cookies help us.</p></div>
<p>Report a missing child to the police straight away.</p>
<div class="box"><p>Tell the missing children coordinator within 24 hours.</p></div>
<form class="feedback"><h2>Was this page helpful?</h2><button>Yes</button><button>No</button>
</form><p>Last updated: 12 June 2025</p></main>
<div class="site-footer-links"><p>Accessibility statement</p></div></body></html>"""


def test_a_page_with_a_main_element_is_read_from_it_alone(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "missing.html", SITE_PAGE))
    assert [(s.path, s.text) for s in document.sections] == [
        (
            "Children missing from care",
            "Report a missing child to the police straight away.\n\n"
            "Tell the missing children coordinator within 24 hours.\n\n"
            "Last updated: 12 June 2025",
        )
    ]


def test_a_page_whose_main_element_holds_no_text_is_read_whole(tmp_path: Path) -> None:
    for page in (
        "<html><body><main-menu><p>Menu</p></main-menu><p>Call the duty team.</p></body></html>",
        "<html><body><main></main><article><p>Call the duty team.</p></article></body></html>",
    ):
        assert "Call the duty team." in load_document(write(tmp_path, "p.html", page)).text


def test_a_page_without_a_main_element_skips_forms_banners_and_cookie_notices(
    tmp_path: Path,
) -> None:
    page = SITE_PAGE.replace('<main id="main-content">', "<div>").replace("</main>", "</div>")
    text = load_document(write(tmp_path, "missing.html", page)).text
    for furniture in ("We use cookies", "Cookies help", "Search this site", "helpful", "Yes"):
        assert furniture not in text
    # Without a main element the rest of the page is kept: it may be the guidance.
    assert "call 999" in text and "within 24 hours" in text and "Accessibility" in text


def test_an_html_table_becomes_one_self_describing_line_per_row(tmp_path: Path) -> None:
    page = """<html><body><h1>Contacts</h1><table><caption>LADO service contacts</caption>
    <thead><tr><th>Name</th><th>Telephone</th><th>Email</th></tr></thead>
    <tbody><tr><td>LADO duty line</td><td>020 7946 0340</td><td>lado@example.gov.uk</td></tr>
    <tr><td>Deputy LADO</td><td><p>020 7946</p><p>0346</p></td><td></td></tr></tbody>
    </table><p>Not staffed out of hours.</p></body></html>"""
    text = load_document(write(tmp_path, "lado.html", page)).text
    assert text == (
        "LADO service contacts\n"
        "Name: LADO duty line; Telephone: 020 7946 0340; Email: lado@example.gov.uk\n"
        "Name: Deputy LADO; Telephone: 020 7946 0346\n\n"
        "Not staffed out of hours."
    )


def test_a_markdown_pipe_table_becomes_one_self_describing_line_per_row(tmp_path: Path) -> None:
    page = (
        "# Training\n\nCourses this term:\n\n| Course | Date | Venue |\n|---|:---:|---|\n"
        "| Neglect and GCP2 | 8 October 2025 | Town Hall |\n| Exploitation | 14 October | |\n"
        "\nBook online."
    )
    text = load_document(write(tmp_path, "training.md", page)).text
    assert text == (
        "Courses this term:\n\n"
        "Course: Neglect and GCP2; Date: 8 October 2025; Venue: Town Hall\n"
        "Course: Exploitation; Date: 14 October\n\nBook online."
    )


def test_inline_markdown_is_read_as_the_words_it_marks_up(tmp_path: Path) -> None:
    page = (
        "# Private fostering\n\nA child is privately fostered **for 28 days or more**, _by private"
        " arrangement_.\nSee [the council's page](https://example.gov.uk/pf) and `form PF1`.\n\n"
        "Priorities:\n\n1. **Early help.** Offer help early.\n2) Use one tool.\n\n"
        "A close relative* is not a private foster carer; 2 * 3 is 6."
    )
    text = load_document(write(tmp_path, "pf.md", page)).text
    assert text == (
        "A child is privately fostered for 28 days or more, by private arrangement.\nSee the"
        " council's page (https://example.gov.uk/pf) and form PF1.\n\nPriorities:\n\n"
        "- Early help. Offer help early.\n- Use one tool.\n\n"
        "A close relative* is not a private foster carer; 2 * 3 is 6."
    )


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # A form wrapping the whole page (ASP.NET) and page-level classes naming cookies.
        (
            '<form id="aspnetForm"><main><h1>T</h1><p>Real text.</p></main></form>',
            [("T", "Real text.")],
        ),
        (
            '<div class="cookies-on"><main class="cookie-consent"><p>Real text.</p></main></div>',
            [(None, "Real text.")],
        ),
        # A void element named as a cookie icon hides nothing after it.
        ('<img class="cookie-icon"><p>Real text after it.</p>', [(None, "Real text after it.")]),
        # Optional end tags; a table left open; a table inside a cell; row headers.
        (
            "<table><tr><th>Team<th>Phone<tr><td>LADO<td>020 7946 0340</table><p>After.</p>",
            [(None, "Team: LADO; Phone: 020 7946 0340\n\nAfter.")],
        ),
        (
            "<table><tr><td>A<td>B</tr><h2>Next</h2><p>After the table.</p>",
            [(None, "A; B"), ("Next", "After the table.")],
        ),
        (
            "<table><tr><th>Team</th><th>Contact</th></tr><tr><td>LADO</td><td><table><tr>"
            "<td>Phone</td><td>020 7946 0340</td></tr></table></td></tr></table>",
            [(None, "Team: LADO; Contact: Phone; 020 7946 0340")],
        ),
        (
            "<table><tr><th>Telephone</th><td>020 7946 0340</td></tr>"
            "<tr><th>Email</th><td>lado@example.gov.uk</td></tr></table>",
            [(None, "Telephone: 020 7946 0340\nEmail: lado@example.gov.uk")],
        ),
        (
            "<table><tr><td>Police (emergency)</td><td>999</td></tr>"
            "<tr><td>MASH</td><td>020 7946 0100</td></tr></table>",
            [(None, "Police (emergency); 999\nMASH; 020 7946 0100")],
        ),
        # A list in a cell is that cell's value; a table laying out the page is read as the page.
        (
            "<table><tr><th>Level</th><th>Examples</th></tr><tr><td>Early help</td>"
            "<td><ul><li>poor hygiene</li><li>missed appointments</li></ul></td></tr></table>",
            [(None, "Level: Early help; Examples: poor hygiene; missed appointments")],
        ),
        (
            "<table><tr><td><h1>Guide</h1><p>Intro.</p></td><td><h2>Out of hours</h2>"
            "<ul><li>Call EDT</li></ul></td></tr></table>",
            [("Guide", "Intro."), ("Guide > Out of hours", "- Call EDT")],
        ),
        # An accordion's heading is its button.
        (
            "<main><h2><button>What is neglect?</button></h2><p>Failing to meet needs.</p></main>",
            [("What is neglect?", "Failing to meet needs.")],
        ),
    ],
)
def test_html_pages_as_sites_write_them(
    tmp_path: Path, page: str, expected: list[tuple[str | None, str]]
) -> None:
    document = load_document(write(tmp_path, "p.html", f"<html><body>{page}</body></html>"))
    assert [(s.path, s.text) for s in document.sections] == expected


def test_markdown_numbers_and_tables_as_commonmark_reads_them(tmp_path: Path) -> None:
    page = (
        "# **Leaving** care\n\nThey can stay with their foster carers until they are\n"
        "21. They can ask for help.\n\nSteps:\n\n1. Ask\n2. Record\n\n"
        "Team | Phone\n--- | ---\nLADO | 020 7946 0340\n\n"
        "```\n| A | B |\n|---|---|\n```\n"
        "Write to _team_@example.org or see https://example.org/_draft_/page."
    )
    document = load_document(write(tmp_path, "care.md", page))
    assert document.meta.title == "Leaving care"
    assert document.text.startswith(
        "They can stay with their foster carers until they are\n21. They can ask for help.\n\n"
        "Steps:\n\n- Ask\n- Record\n\nTeam: LADO; Phone: 020 7946 0340"
    )
    assert "| A | B |" in document.text  # a table in a code block is code
    assert "_team_@example.org" in document.text and "/_draft_/page" in document.text


def test_load_html_builds_heading_paths_and_bullets(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "lado.html", HTML))
    assert [(s.path, s.text) for s in document.sections] == [
        ("LADO", "The LADO co-ordinates the response to concerns about adults."),
        ("LADO > Contact", "- Tel: 020 8708 5350\n- LADO@redbridge.gov.uk\n\nMobile; 07584 127461"),
        ("LADO > Figures", "465 referrals in 2021–22."),
    ]


def test_load_html_title_comes_from_title_tag_else_first_h1(tmp_path: Path) -> None:
    assert load_document(write(tmp_path, "a.htm", HTML)).meta.title == "LADO | Redbridge"
    no_title = "<html><body><h2>Sub</h2><h1>Main heading</h1><p>x</p></body></html>"
    assert load_document(write(tmp_path, "b.html", no_title)).meta.title == "Main heading"


def test_load_text_cleans_and_turns_hash_lines_into_headings(tmp_path: Path) -> None:
    text = "# Newsletter\n\nA warm\nwelcome.\n\n## Contacts\n\nTel:\u00a0020 8708 5282"
    document = load_document(write(tmp_path, "news.txt", text))
    assert document.meta.title == "Newsletter"
    assert [(s.path, s.text) for s in document.sections] == [
        ("Newsletter", "A warm welcome."),
        ("Newsletter > Contacts", "Tel: 020 8708 5282"),
    ]


def test_load_text_accepts_utf8_with_bom_and_windows_1252(tmp_path: Path) -> None:
    assert load_document(write(tmp_path, "a.txt", "\ufeffcafé".encode())).text == "café"
    assert load_document(write(tmp_path, "b.txt", "café – 2022".encode("cp1252"))).text == (
        "café – 2022"
    )


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\xff\xfe\x00\x00H\x00i\x00", id="utf16-with-nuls"),
        pytest.param("Hi there".encode("utf-16"), id="utf16"),
        pytest.param(b"caf\x81\x8d\x8f", id="undecodable"),
    ],
)
def test_load_text_rejects_bytes_that_would_decode_as_mojibake(
    tmp_path: Path, content: bytes
) -> None:
    with pytest.raises(UnreadableDocument, match=r"^notes\.txt: .*UTF-8"):
        load_document(write(tmp_path, "notes.txt", content))


def test_load_text_rejects_pdf_content(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedDocument, match="is a PDF"):
        load_document(write(tmp_path, "notes.txt", b"%PDF-1.4\n%%EOF\n"))


@pytest.mark.parametrize("name", ["empty.pdf", "empty.md", "empty.html", "empty.txt"])
def test_load_document_rejects_zero_byte_files(tmp_path: Path, name: str) -> None:
    with pytest.raises(EmptyDocument, match=rf"^{name}: the file is empty"):
        load_document(write(tmp_path, name, b""))


def test_load_document_rejects_files_with_no_text(tmp_path: Path) -> None:
    with pytest.raises(EmptyDocument):
        load_document(write(tmp_path, "fm.md", "---\ntitle: Only metadata\n---\n\n# Heading\n"))


def test_load_document_rejects_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedDocument, match=r"^report\.xlsx: .*convert it to one of"):
        load_document(write(tmp_path, "report.xlsx", b"PK\x03\x04 not really"))


def test_load_document_raises_document_not_found_for_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFound) as caught:
        load_document(tmp_path / "missing.md")
    assert isinstance(caught.value, FileNotFoundError)


def test_sidecar_overrides_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "pf.md", MARKDOWN)
    write(tmp_path, "pf.md.meta.yaml", "title: Private fostering guide\ndate: 2023-01-02\n")
    meta = load_document(path).meta
    assert (meta.title, meta.date, meta.owner) == ("Private fostering guide", "2023-01-02", "RSCP")


def test_sidecar_may_be_named_after_the_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "news.txt", "Some news.")
    write(tmp_path, "news.meta.yaml", "owner: RSCP\ntags: news, 2022\n")
    meta = load_document(path).meta
    assert (meta.owner, meta.tags) == ("RSCP", ("news", "2022"))


def test_sidecar_with_unknown_field_is_rejected_with_the_allowed_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "news.txt", "Some news.")
    write(tmp_path, "news.txt.meta.yaml", "titel: typo\n")
    with pytest.raises(UnsupportedDocument, match=r"^news\.txt\.meta\.yaml: .*titel.*use only"):
        load_document(path)


def test_sidecar_with_bad_yaml_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, "news.txt", "Some news.")
    write(tmp_path, "news.txt.meta.yaml", "title: [unclosed\n")
    with pytest.raises(UnreadableDocument, match=r"^news\.txt\.meta\.yaml: .*fix the syntax"):
        load_document(path)


def test_iter_paths_expands_folders_sorted_skipping_hidden_readme_and_unsupported(
    tmp_path: Path,
) -> None:
    for name in [
        "b.md",
        "a/z.pdf",
        "a/y.HTML",
        "README.md",
        ".hidden.md",
        ".git/x.md",
        "c.doc",
        "b.md.meta.yaml",
        "d.txt",
    ]:
        write(tmp_path, name, "x")
    single = write(tmp_path / "elsewhere", "README.md", "x")
    found = iter_paths([tmp_path / "elsewhere" / "README.md", tmp_path, single])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "elsewhere/README.md",
        "a/y.HTML",
        "a/z.pdf",
        "b.md",
        "d.txt",
    ]


def test_iter_paths_raises_document_not_found_for_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFound, match="no such file or folder"):
        iter_paths([tmp_path / "nope"])


def test_load_documents_loads_in_order(tmp_path: Path) -> None:
    paths = [write(tmp_path, "b.txt", "B."), write(tmp_path, "a.txt", "A.")]
    assert [d.source for d in load_documents(paths, root=tmp_path)] == ["b.txt", "a.txt"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.txt", b""),
        ("x.txt", b"\xff\xfe\x00\x00"),
        ("x.docx", b"PK"),
        ("x.pdf", b"<html><body>Not a PDF</body></html>"),
        ("x.md", b"---\ntitle: [\n---\ntext"),
    ],
)
def test_error_messages_are_one_line_naming_the_file(
    tmp_path: Path, name: str, content: bytes
) -> None:
    with pytest.raises(IngestError) as caught:
        load_document(write(tmp_path, name, content))
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert "\n" not in message
