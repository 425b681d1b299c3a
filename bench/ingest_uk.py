"""Wall time and CPU of ingesting ../shared/corpus-uk/pdf: an older commit, then this tree.

Both run in one invocation, one after the other, each in a fresh process on an empty index, the
same way ``safeguide ingest`` does it (``load_paths`` then ``KnowledgeBase.add_documents``, with
the service's sentence vectors). The older code is checked out with ``git worktree`` into a
temporary folder. CPU is user+system time of the process and its worker processes, split into
the parse phase and the index (chunk + embed + write) phase; 100% is one core busy.

    python bench/ingest_uk.py                      # before = 6c0e86a, all 15 PDFs
    python bench/ingest_uk.py --before 6c0e86a --limit 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT.parent / "shared" / "corpus-uk" / "pdf"

# Runs inside the measured process, with the version under test first on sys.path.
DRIVER = r"""
import json, resource, sys, time
from pathlib import Path
from service.config import Settings
from service.app import open_knowledge_base
try:  # the layout moved it in 2026-11
    from service.curation.ingestion import load_paths
except ImportError:
    from service.ingestion import load_paths

def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime

folder, data_dir = Path(sys.argv[1]), Path(sys.argv[2])
kb = open_knowledge_base(Settings(data_dir=data_dir))
kb.embedder.embed_documents(["warm up"])
c0, t0 = cpu(), time.perf_counter()
loaded = load_paths([folder], known_hash=kb.store.document_hash)
try:  # reap the page-extraction workers so their CPU time is counted
    from ingest.pdf_pages import shutdown_pool
    shutdown_pool()
except ImportError:
    pass
c1, t1 = cpu(), time.perf_counter()
report = kb.add_documents(loaded.documents)
c2, t2 = cpu(), time.perf_counter()
assert not loaded.errors, loaded.errors
print(json.dumps({
    "documents": len(loaded.documents), "chunks": report.chunks_written,
    "pages": sum(len({s.page for s in d.sections}) for d in loaded.documents),
    "parse_wall": t1 - t0, "parse_cpu": c1 - c0, "index_wall": t2 - t1, "index_cpu": c2 - c1,
}))
"""


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_version(tree: Path, folder: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as data_dir:
        env = {**os.environ, "PYTHONPATH": str(tree), "TOKENIZERS_PARALLELISM": "true"}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", DRIVER, str(folder), data_dir],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(f"{tree}: the ingest failed:\n{done.stderr[-3000:]}")
        wall = time.perf_counter() - started
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall"] = wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="6c0e86a", help="commit to compare with")
    parser.add_argument("--pdfs", type=Path, default=PDFS)
    parser.add_argument("--limit", type=int, default=0, help="first N PDFs only (0: all)")
    args = parser.parse_args()

    files = sorted(args.pdfs.glob("*.pdf"))[: args.limit or None]
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as scratch:
        folder = Path(scratch) / "pdf"
        folder.mkdir()
        for file in files:
            shutil.copyfile(file, folder / file.name)
        before = Path(scratch) / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(before), args.before],
            check=True,
        )
        try:
            results = {}
            for label, tree in (("before", before), ("after", ROOT)):
                load = load_average()
                print(f"{label}: {len(files)} PDFs, load average {load} ...", file=sys.stderr)
                results[label] = {**run_version(tree, folder), "load_before": load}
                results[label]["load_after"] = load_average()
                print(json.dumps(results[label]), file=sys.stderr)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], check=False
            )
    report(results, files, args.before)


def report(results: dict[str, dict[str, float]], files: list[Path], commit: str) -> None:
    print(f"| {len(files)} PDFs | before ({commit}) | after | after / before |")
    print("|---|---|---|---|")
    rows = [
        ("wall, parse + index (s)", lambda r: r["parse_wall"] + r["index_wall"]),
        ("  parse (s)", lambda r: r["parse_wall"]),
        ("  index: chunk, embed, write (s)", lambda r: r["index_wall"]),
        ("CPU, parse (% of one core)", lambda r: 100 * r["parse_cpu"] / r["parse_wall"]),
        ("CPU, index (% of one core)", lambda r: 100 * r["index_cpu"] / r["index_wall"]),
        ("chunks", lambda r: r["chunks"]),
        ("chunks/s", lambda r: r["chunks"] / (r["parse_wall"] + r["index_wall"])),
    ]
    b, a = results["before"], results["after"]
    for name, value in rows:
        ratio = value(a) / value(b) if value(b) else float("nan")
        print(f"| {name} | {value(b):.1f} | {value(a):.1f} | {ratio:.2f} |")
    print(
        f"\nload average: before {b['load_before']}→{b['load_after']}, "
        f"after {a['load_before']}→{a['load_after']}"
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
