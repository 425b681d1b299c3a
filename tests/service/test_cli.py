"""The ``safeguide`` command end to end on a temporary data folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from service.cli import EVAL_MOMENT, build_parser, main
from service.config import BUNDLED_CORPUS


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAFEGUIDE_DATA_DIR", str(tmp_path / "var"))
    return tmp_path


def test_ingest_then_search_ranks_private_fostering_first(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest"]) == 0
    first = capsys.readouterr().out
    assert main(["ingest"]) == 0
    second = capsys.readouterr().out
    count = first.split("; ")[1].split()[0]
    assert f"; {count} chunks" in second and "unchanged 13" in second
    assert main(["search", "private fostering 28 days", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits[0]["source"] == "corpus/private-fostering.md"


def test_ask_json_prints_the_answer_contract(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "How many LADO referrals were there in 2021-22?", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert "465" in body["answer"] and body["citations"] and body["grounded"]


def test_ingest_of_a_bad_file_writes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = data_dir / "docs"
    shutil.copytree(BUNDLED_CORPUS, docs)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    assert main(["ingest", str(docs)]) == 2
    err = capsys.readouterr().err
    assert "broken.pdf" in err and "nothing was written" in err
    assert main(["search", "private fostering", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"] == []
    assert main(["ingest", str(docs), "--skip-bad"]) == 1
    assert "added 13" in capsys.readouterr().out


def test_ingest_of_a_missing_path_names_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(data_dir / "nope.pdf")]) == 2
    assert "nope.pdf" in capsys.readouterr().err


def test_unchanged_files_are_not_parsed_again(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.loaders

    assert main(["ingest"]) == 0

    def fail(data: bytes, name: str) -> None:
        raise AssertionError(f"{name} was parsed again")

    monkeypatch.setitem(ingest.loaders.READERS, ".md", fail)
    capsys.readouterr()
    assert main(["ingest"]) == 0
    assert "unchanged 13" in capsys.readouterr().out


def test_db_upgrade_migrates_a_new_database_to_the_newest_revision(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from db.migrate import head_revision

    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.strip() == f"database at revision {head_revision()}"
    assert (data_dir / "var" / "safeguide.db").exists()
    assert main(["db", "upgrade"]) == 0  # already there: nothing to do


def test_eval_asks_at_a_fixed_moment_in_office_hours() -> None:
    # Out of hours the curated contacts differ: eval's figures must not depend on when it runs.
    args = build_parser().parse_args(["eval"])
    assert args.at == EVAL_MOMENT and args.at.weekday() < 5 and 9 <= args.at.hour < 17
    evening = build_parser().parse_args(["eval", "--at", "2026-11-28T20:00:00+00:00"]).at
    assert (evening.weekday(), evening.hour) == (5, 20)
