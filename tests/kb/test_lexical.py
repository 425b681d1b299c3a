from __future__ import annotations

import os
import time
from pathlib import Path

from kb.lexical import LexicalIndex, load_current

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


def test_old_generations_are_pruned_once_they_are_old(tmp_path: Path) -> None:
    for generation in range(1, 6):
        LexicalIndex.build(ITEMS, generation=generation).save(tmp_path)
    assert len(list(tmp_path.glob("gen-*"))) == 5  # young ones are kept for slow readers
    long_ago = time.time() - 3600
    for folder in tmp_path.glob("gen-*"):
        os.utime(folder, (long_ago, long_ago))
    LexicalIndex.build(ITEMS, generation=6).save(tmp_path)
    kept = sorted(int(p.name.split("-")[1]) for p in tmp_path.glob("gen-*"))
    assert kept == [4, 5, 6]
    assert LexicalIndex.current_generation(tmp_path) == 6


def test_current_never_moves_backwards(tmp_path: Path) -> None:
    assert LexicalIndex.build(ITEMS, generation=5).save(tmp_path) is True
    assert LexicalIndex.build(ITEMS[:1], generation=4).save(tmp_path) is False
    assert LexicalIndex.current_generation(tmp_path) == 5


def test_saving_a_generation_again_never_deletes_the_folder_readers_use(tmp_path: Path) -> None:
    LexicalIndex.build(ITEMS, generation=3).save(tmp_path)
    folders = sorted(tmp_path.glob("gen-*"))
    assert LexicalIndex.build(ITEMS, generation=3).save(tmp_path) is False
    assert sorted(tmp_path.glob("gen-*")) == folders


def test_reader_keeps_its_index_when_the_current_folder_is_gone(tmp_path: Path) -> None:
    LexicalIndex.build(ITEMS, generation=7).save(tmp_path)
    held = load_current(tmp_path, held=None)
    assert held is not None
    (tmp_path / "CURRENT").write_text("gen-00000009-gone")
    assert load_current(tmp_path, held=held) is held
    assert held.search("LADO referrals", k=1)[0][0] == "lado"


def test_reader_never_goes_back_to_an_older_generation(tmp_path: Path) -> None:
    newer = LexicalIndex.build(ITEMS, generation=9)
    LexicalIndex.build(ITEMS, generation=2).save(tmp_path)
    assert load_current(tmp_path, held=newer) is newer


def test_empty_index_saves_and_searches(tmp_path: Path) -> None:
    LexicalIndex.build([], generation=1).save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded is not None
    assert loaded.search("anything", k=3) == []
