"""Docs as tests: the README stays true to the code."""

from __future__ import annotations

from pathlib import Path

from service.config import iter_settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_setting_is_in_the_readme_table() -> None:
    missing = [var for var, _, _ in iter_settings() if f"| `{var}` |" not in README]
    assert not missing, f"add these to the README (safeguide config-table): {missing}"


def test_every_setting_has_a_description() -> None:
    assert all(text for _, _, text in iter_settings())


def test_readme_quick_start_names_the_two_commands() -> None:
    assert "make run" in README and "make test" in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "make test" in ci
