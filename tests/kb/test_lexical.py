from __future__ import annotations

from pathlib import Path

from kb.lexical import LexicalIndex

ITEMS = [
    ("pf", "Private fostering lasts more than 28 days and must be notified."),
    ("lado", "The LADO received 465 referrals during 2021-22."),
    ("fit", "The Family Intervention Team works on criminal exploitation."),
]


def test_search_finds_stemmed_words() -> None:
    index = LexicalIndex.build(ITEMS, generation=1)
    assert index.search("privately fostered children notification", k=2)[0][0] == "pf"


def test_search_with_unknown_words_returns_nothing() -> None:
    assert LexicalIndex.build(ITEMS, generation=1).search("zebra xylophone", k=3) == []


def test_saved_index_loads_with_its_generation(tmp_path: Path) -> None:
    LexicalIndex.build(ITEMS, generation=7).save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded is not None
    assert loaded.generation == 7
    assert loaded.search("LADO referrals", k=1)[0][0] == "lado"


def test_saving_a_new_generation_keeps_one_previous(tmp_path: Path) -> None:
    for generation in range(1, 5):
        LexicalIndex.build(ITEMS, generation=generation).save(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("gen-*")) == ["gen-00000003", "gen-00000004"]
    assert LexicalIndex.current_generation(tmp_path) == 4


def test_empty_index_saves_and_searches(tmp_path: Path) -> None:
    LexicalIndex.build([], generation=1).save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded is not None
    assert loaded.search("anything", k=3) == []
