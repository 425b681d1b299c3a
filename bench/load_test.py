"""Bounded load test: `safeguide serve --workers 2` on loopback, POST /api/chat for a fixed time.

    .venv/bin/python bench/load_test.py [--index var/bench-uk] [--clients 4] [--seconds 60]

Uses the ~8.7k-chunk index that bench/chat_latency.py --uk builds. Reports sustained requests a
second, p50/p95/p99 latency, errors, and the server processes' RSS sampled every 5 s. The per-client
chat rate limit is raised for the run (every request comes from 127.0.0.1).
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
PORT = 8791


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
    args = parser.parse_args()
    env = {
        **os.environ,
        "SAFEGUIDE_DATA_DIR": args.index,
        "SAFEGUIDE_LOG_LEVEL": "WARNING",
        "SAFEGUIDE_SECURITY__CHAT_RATE_PER_MINUTE": "1000000",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "safeguide"),
            "serve",
            "--workers",
            "2",
            "--port",
            str(PORT),
        ],
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
        stop_at = time.monotonic() + args.seconds

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

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        began = time.monotonic()
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            memory.append(rss_mb(server.pid))
            time.sleep(5)
        duration = time.monotonic() - began
        print(
            f"clients={args.clients} duration={duration:.0f}s requests={len(latencies)} "
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
