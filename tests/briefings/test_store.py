from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import Engine

from briefings.errors import BriefingConflict, BriefingNotFound, InvalidBriefing
from briefings.model import Briefing, BriefingUpdate, briefing_to_markdown, parse_briefing
from briefings.store import BriefingStore


@pytest.fixture()
def make(make_text: Callable[..., str]) -> Callable[..., Briefing]:
    """A parsed sample briefing with some front-matter fields replaced."""
    return lambda **front: parse_briefing(make_text(**front), origin="test")


@pytest.fixture()
def store(engine: Engine, clock: Callable[[], datetime]) -> BriefingStore:
    return BriefingStore(engine, clock=clock)


def test_save_briefing_creates_version_one(
    store: BriefingStore, make: Callable[..., Briefing]
) -> None:
    briefing = make()
    assert store.save_briefing(briefing, author="amira") == 1
    assert store.get_briefing("private-fostering") == briefing


def test_save_briefing_keeps_every_version(
    store: BriefingStore, make: Callable[..., Briefing]
) -> None:
    first = make()
    second = BriefingUpdate(title="Private fostering (revised)").apply_to(first)
    assert store.save_briefing(first, author="amira") == 1
    assert store.save_briefing(second, author="ben") == 2
    assert store.get_briefing("private-fostering").title == "Private fostering (revised)"
    assert store.get_briefing("private-fostering", version=1) == first
    versions = store.list_versions("private-fostering")
    assert [(v.version, v.author, v.is_current) for v in versions] == [
        (1, "amira", False),
        (2, "ben", True),
    ]
    assert versions[0].created_at < versions[1].created_at
    assert versions[0].created_at.tzinfo is not None


def test_get_briefing_not_found(store: BriefingStore, make: Callable[..., Briefing]) -> None:
    with pytest.raises(BriefingNotFound, match="no briefing 'nope'"):
        store.get_briefing("nope")
    store.save_briefing(make(), author="amira")
    with pytest.raises(BriefingNotFound, match="version 9"):
        store.get_briefing("private-fostering", version=9)
    with pytest.raises(BriefingNotFound):
        store.list_versions("nope")


def test_seed_from_library_keeps_curator_edits(
    store: BriefingStore, make: Callable[..., Briefing]
) -> None:
    edited = make(title="Edited by a curator")
    store.save_briefing(edited, author="amira")
    added = store.seed_from_library([make(), make(slug="lado")])
    assert added == ["lado"]
    assert store.get_briefing("private-fostering").title == "Edited by a curator"
    assert store.list_versions("lado")[0].author == "library"
    assert store.seed_from_library([make(), make(slug="lado")]) == []


def test_publish_and_unpublish_add_versions(
    store: BriefingStore, make: Callable[..., Briefing]
) -> None:
    store.save_briefing(make(status="draft"), author="amira")
    assert store.list_briefings(status="published") == []
    assert store.publish("private-fostering", author="ben") == 2
    assert [b.slug for b in store.list_briefings(status="published")] == ["private-fostering"]
    assert store.unpublish("private-fostering", author="cat") == 3
    assert store.list_briefings(status="published") == []
    assert [v.status for v in store.list_versions("private-fostering")] == [
        "draft",
        "published",
        "draft",
    ]
    assert "status: draft" in briefing_to_markdown(store.get_briefing("private-fostering"))


def test_publish_rejects_incomplete_draft(store: BriefingStore, briefing_md: str) -> None:
    draft = parse_briefing(
        briefing_md.replace("status: published", "status: draft").replace(
            "- CPAT: 020 8708 3885\n", ""
        ),
        origin="test",
    )
    store.save_briefing(draft, author="amira")
    with pytest.raises(InvalidBriefing, match="needs text under: Contacts"):
        store.publish("private-fostering", author="ben")
    assert len(store.list_versions("private-fostering")) == 1


def test_list_briefings_filters_by_tag_and_query(
    store: BriefingStore, make: Callable[..., Briefing]
) -> None:
    store.save_briefing(make(), author="a")
    store.save_briefing(make(slug="lado", title="LADO", tags="[LADO, allegations]"), author="a")
    store.save_briefing(make(slug="draft-one", status="draft", tags="[LADO]"), author="a")
    assert [b.slug for b in store.list_briefings()] == ["draft-one", "lado", "private-fostering"]
    assert [b.slug for b in store.list_briefings(tag="lado", status="published")] == ["lado"]
    assert len(store.list_briefings(query="  HOST   family ")) == 3  # spans a line break
    assert store.list_briefings(query="county lines") == []
    assert [b.slug for b in store.list_briefings(query="allegations")] == ["lado"]
    assert [b.slug for b in store.list_briefings(query="lado", status="draft")] == ["draft-one"]
    assert len(store.list_briefings(query="   ")) == 3


def test_list_briefings_shows_only_the_current_version(
    store: BriefingStore, make: Callable[..., Briefing]
) -> None:
    store.save_briefing(make(title="Old title"), author="a")
    store.save_briefing(make(title="New title"), author="a")
    assert [b.title for b in store.list_briefings()] == ["New title"]
    assert store.list_briefings(query="old title") == []


def test_all_tags_are_distinct_and_sorted(
    store: BriefingStore, make: Callable[..., Briefing]
) -> None:
    store.save_briefing(make(tags="[Zebra, alpha]"), author="a")
    store.save_briefing(make(slug="b", tags="[ALPHA, beta]"), author="a")
    store.save_briefing(make(slug="c", tags="[hidden]", status="draft"), author="a")
    assert store.all_tags() == ["ALPHA", "beta", "hidden", "Zebra"]  # spelling of slug "b"
    assert store.all_tags(status="published") == ["ALPHA", "beta", "Zebra"]


def test_store_sees_versions_saved_by_another_store(
    engine: Engine, make: Callable[..., Briefing]
) -> None:
    first, second = BriefingStore(engine), BriefingStore(engine)
    first.save_briefing(make(), author="a")
    assert second.get_briefing("private-fostering").title.startswith("Private fostering")
    second.save_briefing(make(title="Changed"), author="b")
    assert first.get_briefing("private-fostering").title == "Changed"


def test_save_briefing_refuses_to_overwrite_a_newer_edit(
    store: BriefingStore, make: Callable[..., Briefing]
) -> None:
    assert store.save_briefing(make(), author="amira", base_version=0) == 1
    assert store.save_briefing(make(title="Ben's edit"), author="ben", base_version=1) == 2
    with pytest.raises(BriefingConflict, match="now version 2, you started from 1"):
        store.save_briefing(make(title="Amira's stale edit"), author="amira", base_version=1)
    assert store.get_briefing("private-fostering").title == "Ben's edit"
    with pytest.raises(BriefingConflict):
        store.save_briefing(make(), author="cat", base_version=0)


def test_concurrent_saves_never_share_or_skip_a_version(
    engine: Engine, make: Callable[..., Briefing]
) -> None:
    store = BriefingStore(engine)
    saved: list[int] = []

    def save_five() -> None:
        for _ in range(5):
            with contextlib.suppress(BriefingConflict):
                saved.append(store.save_briefing(make(), author="t"))

    threads = [threading.Thread(target=save_five) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(saved) == list(range(1, len(saved) + 1))
    assert [v.version for v in store.list_versions("private-fostering")] == sorted(saved)
