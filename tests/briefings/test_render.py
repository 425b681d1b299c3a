from __future__ import annotations

from html.parser import HTMLParser

import pytest

from briefings.render import render_markdown, sanitize_html


class _Tags(HTMLParser):
    """Every start tag in a fragment with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_in(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_render_markdown_keeps_briefing_structure() -> None:
    html = render_markdown("### Who\n\n- **CPAT** *now*\n\n> quote\n\n`code`")
    assert [tag for tag, _ in tags_in(html)] == [
        "h3",
        "ul",
        "li",
        "strong",
        "em",
        "blockquote",
        "p",
        "p",
        "code",
    ]


def test_render_markdown_renders_tables() -> None:
    html = render_markdown("| Team | Phone |\n|---|---|\n| CPAT | 020 8708 3885 |")
    assert {"table", "thead", "tbody", "tr", "th", "td"} <= {tag for tag, _ in tags_in(html)}


def test_render_markdown_strips_script() -> None:
    html = render_markdown("Hello <script>alert('x')</script>\n\n<script>\nalert(1)\n</script>")
    assert "<script" not in html.lower()
    assert all(tag != "script" for tag, _ in tags_in(html))


def test_render_markdown_drops_javascript_links() -> None:
    for link in ("[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "<javascript:alert(1)>"):
        html = render_markdown(link)
        assert "href" not in {name for _, attrs in tags_in(html) for name in attrs}, link


def test_render_markdown_never_emits_event_handler_attributes() -> None:
    html = render_markdown('<img src=x onerror="alert(1)"> [a](https://x.org "t\\" onclick=\\"y")')
    attributes = {name for _, attrs in tags_in(html) for name in attrs}
    assert not any(name.startswith("on") for name in attributes)
    assert "img" not in {tag for tag, _ in tags_in(html)}


def test_render_markdown_adds_rel_to_links() -> None:
    html = render_markdown('[RSCP](https://www.redbridgescp.org.uk "Partnership")')
    assert tags_in(html) == [
        ("p", {}),
        (
            "a",
            {
                "href": "https://www.redbridgescp.org.uk",
                "title": "Partnership",
                "rel": "noopener noreferrer",
            },
        ),
    ]


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<img src=x onerror="alert(1)">',
        '<p onclick="alert(1)" style="color:red">x</p>',
        '<iframe src="https://evil.example"></iframe>',
        '<a href="https://x.org" rel="opener" target="_blank">x</a>',
    ],
)
def test_sanitize_html_removes_anything_not_allow_listed(dirty: str) -> None:
    clean = sanitize_html(dirty)
    for _, attrs in tags_in(clean):
        assert set(attrs) <= {"href", "title", "rel"}
        assert attrs.get("rel", "noopener noreferrer") == "noopener noreferrer"
        assert not (attrs.get("href") or "").startswith("javascript:")
    assert {tag for tag, _ in tags_in(clean)} <= {"a", "p"}
