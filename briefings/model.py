"""The 7-minute briefing: its fields, its seven sections, and its Markdown file format.

A briefing file is YAML front matter followed by the seven H2 sections, in order, with exactly the
headings in ``SECTION_TITLES``. ``parse_briefing`` and ``briefing_to_markdown`` convert both ways.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

import yaml
from markdown_it import MarkdownIt
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from briefings.errors import InvalidBriefing

SectionKey = Literal[
    "background",
    "why_it_matters",
    "key_information",
    "what_to_do",
    "questions",
    "contacts",
    "further_information",
]
Status = Literal["draft", "published"]

# The seven sections every briefing has, in reading order: (stable key, exact H2 heading).
SECTION_TITLES: tuple[tuple[SectionKey, str], ...] = (
    ("background", "Background"),
    ("why_it_matters", "Why it matters"),
    ("key_information", "Key information"),
    ("what_to_do", "What to do"),
    ("questions", "Questions to reflect on"),
    ("contacts", "Contacts"),
    ("further_information", "Further information"),
)
# Slugs name files and URLs, contact ids name curated routes: lower-case words joined by hyphens.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# Front matter between two "---" lines at the very top of the file.
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n(.*))?\Z", re.DOTALL)

ContactId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ID_PATTERN)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ID_PATTERN, max_length=100)]

_markdown = MarkdownIt("commonmark")


class _Fields(BaseModel):
    """What a curator writes; shared by ``Briefing`` and the input models."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=1000)
    tags: list[str] = Field(default_factory=list)
    owner: str = ""
    published: date | None = None
    review: date | None = None
    contacts: list[ContactId] = Field(default_factory=list)  # ids of curated referral routes
    sections: dict[SectionKey, str] = Field(default_factory=dict)

    @field_validator("title", "summary", "owner")
    @classmethod
    def _one_line(cls, text: str, info: ValidationInfo) -> str:
        text = " ".join(text.split())
        if not text and info.field_name != "owner":
            raise ValueError(f"{info.field_name} is blank: write one")
        return text

    @field_validator("tags")
    @classmethod
    def _tags_are_words(cls, tags: list[str]) -> list[str]:
        cleaned = [" ".join(t.split()) for t in tags]
        if any(not t for t in cleaned):
            raise ValueError("tags must not be empty: remove the blank tag")
        return cleaned

    @field_validator("sections")
    @classmethod
    def _all_seven_sections(cls, sections: dict[SectionKey, str]) -> dict[SectionKey, str]:
        cleaned = {key: _trim_blank_lines(sections.get(key, "")) for key, _ in SECTION_TITLES}
        for key, heading in SECTION_TITLES:
            if any(
                t.type == "heading_open" and t.tag in ("h1", "h2")
                for t in _markdown.parse(cleaned[key])
            ):
                raise ValueError(
                    f"'{heading}' contains a top-level heading: use '###' for sub-headings, "
                    "as '#' is the page title and '##' starts the next section"
                )
        return cleaned


class Briefing(_Fields):
    """A 7-minute briefing. Published briefings must fill every section and ask questions."""

    slug: Slug
    status: Status = "draft"

    @model_validator(mode="after")
    def _check_consistency(self) -> Briefing:
        if self.published and self.review and self.review < self.published:
            raise ValueError(f"review date {self.review} is before published date {self.published}")
        if self.status == "published":
            empty = [heading for key, heading in SECTION_TITLES if not self.sections[key]]
            if empty:
                raise ValueError(f"a published briefing needs text under: {', '.join(empty)}")
            if not self.questions:
                raise ValueError("'Questions to reflect on' must be a bullet list of questions")
        return self

    @property
    def questions(self) -> list[str]:
        """The reflection questions: the top-level items of the 'Questions to reflect on' list."""
        items: list[str] = []
        depth = 0
        for token in _markdown.parse(self.sections.get("questions", "")):
            if token.type == "list_item_open":
                depth += 1
                if depth == 1:
                    items.append("")
            elif token.type == "list_item_close":
                depth -= 1
            elif token.type == "inline" and depth == 1:
                items[-1] = f"{items[-1]} {token.content}".strip()
        return [item for item in items if item]


class BriefingCreate(_Fields):
    """A new briefing from the curation form: always starts as a draft."""

    slug: Slug

    def to_briefing(self) -> Briefing:
        return validate_briefing(self.model_dump(), origin=f"new briefing {self.slug!r}")


class BriefingUpdate(BaseModel):
    """A partial edit: fields left as ``None`` keep their value; ``sections`` merges by key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = None
    summary: str | None = None
    tags: list[str] | None = None
    owner: str | None = None
    published: date | None = None
    review: date | None = None
    contacts: list[str] | None = None
    sections: dict[SectionKey, str] | None = None

    def apply_to(self, briefing: Briefing) -> Briefing:
        data = briefing.model_dump()
        changes = self.model_dump(exclude_none=True)
        data["sections"] = {**data["sections"], **changes.pop("sections", {})}
        data.update(changes)
        return validate_briefing(data, origin=f"edit of {briefing.slug!r}")


def briefing_to_markdown(briefing: Briefing) -> str:
    """The briefing as a library file: front matter then the seven sections."""
    fields: dict[str, Any] = briefing.model_dump(exclude={"sections"})
    order = ("slug", "title", "summary", "tags", "owner", "published", "review", "status")
    lines = ["---", *(f"{name}: {_yaml_value(fields[name])}" for name in (*order, "contacts"))]
    lines.append("---")
    for key, heading in SECTION_TITLES:
        text = briefing.sections[key]
        lines += [f"## {heading}", "", text, ""] if text else [f"## {heading}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def parse_briefing(text: str, *, origin: str) -> Briefing:
    """Parse a briefing file; ``origin`` (a path or label) starts every error message."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    if match is None:
        raise InvalidBriefing(
            f"{origin}: no front matter: start the file with a '---' line, the fields "
            "(slug, title, summary, ...), then another '---' line"
        )
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as e:
        raise InvalidBriefing(
            f"{origin}: front matter is not valid YAML ({e}): quote values that contain ': '"
        ) from e
    if not isinstance(meta, dict):
        raise InvalidBriefing(f"{origin}: front matter must be 'name: value' lines")
    meta["sections"] = _split_sections(match.group(2) or "", origin=origin)
    return validate_briefing(meta, origin=origin)


def _split_sections(body: str, *, origin: str) -> dict[str, str]:
    """Body text under each H2 heading; the headings must be exactly the seven, in order."""
    lines = body.split("\n")
    tokens = _markdown.parse(body)
    found: list[tuple[str, int, int]] = []  # (heading, first line, line after the heading)
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.map:
            found.append((tokens[i + 1].content.strip(), token.map[0], token.map[1]))
    headings = [h for h, _, _ in found]
    expected = [h for _, h in SECTION_TITLES]
    if headings != expected:
        raise InvalidBriefing(f"{origin}: {_describe_heading_problem(headings, expected)}")
    if "\n".join(lines[: found[0][1]]).strip():
        raise InvalidBriefing(
            f"{origin}: text before '## {expected[0]}': move it into a section or delete it"
        )
    ends = [start for _, start, _ in found[1:]] + [len(lines)]
    return {
        key: "\n".join(lines[after:end])
        for (key, _), (_, _, after), end in zip(SECTION_TITLES, found, ends, strict=True)
    }


def _describe_heading_problem(headings: list[str], expected: list[str]) -> str:
    missing = [h for h in expected if h not in headings]
    unknown = [h for h in headings if h not in expected]
    repeated = sorted({h for h in headings if headings.count(h) > 1})
    problems = []
    if missing:
        problems.append("missing section(s) " + ", ".join(f"'## {h}'" for h in missing))
    if unknown:
        problems.append("unknown heading(s) " + ", ".join(f"'## {h}'" for h in unknown))
    if repeated:
        problems.append("repeated heading(s) " + ", ".join(f"'## {h}'" for h in repeated))
    if not problems:
        problems.append("sections out of order (found: " + ", ".join(headings) + ")")
    return "; ".join(problems) + ". Use exactly these H2 headings, in order: " + ", ".join(expected)


def validate_briefing(data: dict[str, Any], *, origin: str) -> Briefing:
    """A ``Briefing`` from plain data, or ``InvalidBriefing`` naming ``origin`` and each problem."""
    try:
        return Briefing.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'briefing'}: {err['msg']}"
            for err in e.errors(include_url=False)
        )
        raise InvalidBriefing(f"{origin}: {problems}") from e


def _trim_blank_lines(text: str) -> str:
    """Drop blank lines at either end and trailing spaces; keep the first line's indentation."""
    return re.sub(r"\A(?:[ \t]*\n)+", "", text).rstrip()


def _yaml_value(value: object) -> str:
    """One front-matter value as YAML flow text: lists as [a, b], dates bare, None empty."""
    if value is None:
        return ""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()
