"""The layout the README describes: imports flow one way, modules stay small, service/ is wiring."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "kb", "briefings", "accounts", "db", "service")
# Past this many lines a module does more than one thing: split it (house style).
MAX_MODULE_LINES = 300
# What service/ may hold at its top level: the wiring, nothing that does a job of its own.
SERVICE_TOP_LEVEL = {"__init__.py", "app.py", "asgi.py", "cli.py", "config.py", "errors.py"}


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_is_over_300_lines() -> None:
    long = {
        str(path.relative_to(REPO)): n
        for package in PACKAGES
        for path in (REPO / package).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules: {long}"


def test_service_top_level_holds_only_the_wiring() -> None:
    modules = {p.name for p in (REPO / "service").glob("*.py")}
    assert modules == SERVICE_TOP_LEVEL, modules ^ SERVICE_TOP_LEVEL


def test_every_package_folder_says_what_it_owns() -> None:
    folders = [REPO / p for p in PACKAGES] + [
        p for p in (REPO / "service").iterdir() if (p / "__init__.py").exists()
    ]
    silent = [
        str(f.relative_to(REPO)) for f in folders if '"""' not in (f / "__init__.py").read_text()
    ]
    assert not silent, f"add a docstring saying what it owns and may import: {silent}"
