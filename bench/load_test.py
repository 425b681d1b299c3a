"""Bounded load test: `safeguide serve --workers 2` on loopback, POST /api/chat for a fixed time.

    .venv/bin/python bench/load_test.py [--index var/bench-uk] [--clients 4] [--seconds 60]
    .venv/bin/python bench/load_test.py --stack both [--pdfs 5]

Default: the ~8.7k-chunk index that bench/chat_latency.py --uk builds, SQLite + embedded Chroma.
``--stack engines`` runs the stateless set-up instead: a real PostgreSQL (chunk store, BM25,
sessions, jobs), a Chroma server (vectors) and Redis (the shared rate limit), started here as
the tests start them, with the bundled corpus and the ``--pdfs`` smallest UK PDFs ingested into
them first; the two workers get an empty data folder. ``--stack both`` runs the same documents on
the single-machine default first, then on the engines, for a like-for-like comparison.

Reports sustained requests a second, p50/p95/p99 latency, errors, and the server processes' RSS
sampled every 5 s. The per-client chat rate limit is raised for the run (every request comes
from 127.0.0.1).
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
PORT = 8791
SAFEGUIDE = Path(sys.executable).parent / "safeguide"
UK_PDFS = ROOT.parent / "shared" / "corpus-uk" / "pdf"


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children (the uvicorn workers), in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=str(ROOT / "var" / "bench-uk"))
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--stack", choices=["index", "local", "engines", "both"], default="index")
    parser.add_argument("--pdfs", type=int, default=5, help="smallest UK PDFs ingested (stacks)")
    args = parser.parse_args()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("SAFEGUIDE_")}
    base_env["SAFEGUIDE_SECURITY__CHAT_RATE_PER_MINUTE"] = "1000000"
    if args.stack == "index":
        return load({**base_env, "SAFEGUIDE_DATA_DIR": args.index}, args.clients, args.seconds)
    documents = [
        ROOT / "kb" / "corpus",
        *sorted(UK_PDFS.glob("*.pdf"), key=lambda p: p.stat().st_size)[: args.pdfs],
    ]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        if args.stack in ("local", "both"):
            env = {**base_env, "SAFEGUIDE_DATA_DIR": f"{tmp}/local"}
            print(f"single machine (SQLite + embedded Chroma): {ingest(env, documents)}")
            failed |= load(env, args.clients, args.seconds)
        if args.stack in ("engines", "both"):
            failed |= load_on_engines(base_env, Path(tmp), documents, args.clients, args.seconds)
    return failed


def ingest(env: dict[str, str], documents: list[Path]) -> str:
    started = time.perf_counter()
    done = subprocess.run(
        [str(SAFEGUIDE), "ingest", *map(str, documents)], env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"ingest failed:\n{done.stderr[-2000:]}")
    return f"{len(documents)} sources ingested in {time.perf_counter() - started:.0f} s"


def load_on_engines(
    base_env: dict[str, str], tmp: Path, documents: list[Path], clients: int, seconds: float
) -> int:
    """The stateless set-up: PostgreSQL, a Chroma server and Redis; workers hold no data."""
    sys.path.insert(0, str(ROOT))
    from tests.servers import chroma_server, postgres_database, postgres_server, redis_server

    with (
        postgres_server() as server_url,
        redis_server() as redis_uri,
        chroma_server(tmp / "chroma") as chroma_port,
    ):
        env = {
            **base_env,
            "SAFEGUIDE_DATABASE_URL": postgres_database(server_url),
            "SAFEGUIDE_INDEX__CHROMA_HOST": "127.0.0.1",
            "SAFEGUIDE_INDEX__CHROMA_PORT": str(chroma_port),
            "SAFEGUIDE_SECURITY__RATE_LIMIT_STORAGE": redis_uri,
            "SAFEGUIDE_SECURITY__SESSION_SECRET": "one secret every worker shares " * 2,
        }
        print(f"engines: {ingest({**env, 'SAFEGUIDE_DATA_DIR': str(tmp / 'ingest')}, documents)}")
        print("engines (PostgreSQL + Chroma server + Redis, workers with an empty data folder):")
        return load({**env, "SAFEGUIDE_DATA_DIR": str(tmp / "worker")}, clients, seconds)


def load(env: dict[str, str], clients: int, seconds: float) -> int:
    """Serve with 2 workers under ``env`` and drive ``clients`` chat clients for ``seconds``."""
    env = {**env, "SAFEGUIDE_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [str(SAFEGUIDE), "serve", "--workers", "2", "--port", str(PORT)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(240):
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        questions = [
            q["question"] for q in yaml.safe_load((ROOT / "eval" / "gold.yaml").read_text())
        ]
        cycle = itertools.cycle(questions)
        lock = threading.Lock()
        latencies: list[float] = []
        errors: list[str] = []
        memory: list[float] = []
        stop_at = time.monotonic() + seconds

        def client() -> None:
            with httpx.Client(base_url=base, timeout=30) as http:
                while time.monotonic() < stop_at:
                    with lock:
                        question = next(cycle)
                    started = time.perf_counter()
                    try:
                        status = http.post("/api/chat", json={"question": question}).status_code
                    except httpx.HTTPError as e:
                        status, question = -1, type(e).__name__
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        latencies.append(elapsed)
                        if status != 200:
                            errors.append(f"{status}")

        threads = [threading.Thread(target=client) for _ in range(clients)]
        began = time.monotonic()
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            memory.append(rss_mb(server.pid))
            time.sleep(5)
        duration = time.monotonic() - began
        print(
            f"clients={clients} duration={duration:.0f}s requests={len(latencies)} "
            f"errors={len(errors)} rate={len(latencies) / duration:.1f} req/s"
        )
        print(
            f"latency p50={statistics.median(latencies):.1f} ms "
            f"p95={percentile(latencies, 95):.1f} ms p99={percentile(latencies, 99):.1f} ms"
        )
        print("server RSS MB (every 5 s): " + ", ".join(f"{m:.0f}" for m in memory))
        return 1 if errors else 0
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    raise SystemExit(main())
