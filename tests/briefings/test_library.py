from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from briefings.errors import InvalidBriefing, LibraryNotFound
from briefings.library import load_library

# The briefings shipped with the product, seeded into the database at start.
LIBRARY = Path(__file__).resolve().parents[2] / "briefings" / "library"
# The library must offer at least this many published briefings.
MIN_PUBLISHED = 8


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_load_library_returns_briefings_sorted_by_slug(
    tmp_path: Path, make_text: Callable[..., str]
) -> None:
    write(tmp_path, "zebra.md", make_text(slug="zebra"))
    write(tmp_path, "alpha.md", make_text(slug="alpha"))
    write(tmp_path, "notes.txt", "not a briefing")
    assert [b.slug for b in load_library(tmp_path)] == ["alpha", "zebra"]


def test_load_library_rejects_duplicate_slugs(
    tmp_path: Path, make_text: Callable[..., str]
) -> None:
    write(tmp_path, "alpha.md", make_text(slug="alpha"))
    write(tmp_path, "beta.md", make_text(slug="alpha"))
    with pytest.raises(InvalidBriefing, match="beta.md: slug 'alpha' is already used by .*alpha"):
        load_library(tmp_path)


def test_load_library_rejects_file_named_differently_from_its_slug(
    tmp_path: Path, make_text: Callable[..., str]
) -> None:
    write(tmp_path, "alpha.md", make_text(slug="beta"))
    with pytest.raises(InvalidBriefing, match="rename it to beta.md"):
        load_library(tmp_path)


def test_load_library_reports_every_bad_file(tmp_path: Path, make_text: Callable[..., str]) -> None:
    write(tmp_path, "one.md", "no front matter")
    write(tmp_path, "two.md", make_text(slug="two").replace("## Contacts", "## Who"))
    (tmp_path / "three.md").write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(InvalidBriefing) as caught:
        load_library(tmp_path)
    lines = str(caught.value).splitlines()
    assert len(lines) == 3
    assert "one.md: no front matter" in lines[0]
    assert "three.md: not UTF-8 text" in lines[1]
    assert "two.md: missing section(s) '## Contacts'" in lines[2]


def test_load_library_not_found(tmp_path: Path) -> None:
    with pytest.raises(LibraryNotFound, match="is not a folder"):
        load_library(tmp_path / "missing")


@pytest.mark.skipif(not LIBRARY.is_dir(), reason=f"{LIBRARY} does not exist")
def test_every_bundled_briefing_parses_and_enough_are_published() -> None:
    briefings = load_library(LIBRARY)  # raises, naming each bad file, if any file is invalid
    assert len(briefings) == len(list(LIBRARY.glob("*.md")))
    published = [b for b in briefings if b.status == "published"]
    assert len({b.slug for b in published}) >= MIN_PUBLISHED, (
        f"{LIBRARY} has {len(published)} published briefings; the library promises "
        f"{MIN_PUBLISHED}: add more or set status: published"
    )
    for briefing in published:
        assert briefing.questions, f"{briefing.slug}: add questions to reflect on"
        assert briefing.contacts, f"{briefing.slug}: name at least one route contact id"


@pytest.mark.skipif(not LIBRARY.is_dir(), reason=f"{LIBRARY} does not exist")
def test_every_bundled_briefing_names_known_route_contacts() -> None:
    routes_file = LIBRARY.parents[1] / "kb" / "data" / "referral_routes.yaml"
    if not routes_file.exists():
        pytest.skip(f"{routes_file} not found")
    known = {c["id"] for c in yaml.safe_load(routes_file.read_text(encoding="utf-8"))["contacts"]}
    for briefing in load_library(LIBRARY):
        unknown = sorted(set(briefing.contacts) - known)
        assert not unknown, f"{briefing.slug}: contacts {unknown} are not in {routes_file}"
