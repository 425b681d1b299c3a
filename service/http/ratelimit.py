"""A small in-process sliding-window rate limiter (per client address)."""

from __future__ import annotations

import threading
import time
from collections import deque

from starlette.requests import Request


class RateLimited(RuntimeError):
    """Raised when a client makes more requests than allowed in the window."""


class RateLimiter:
    def __init__(self, limit: int, *, window_seconds: float = 60.0) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Count one request from ``key``; ``RateLimited`` if it is over the limit."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                raise RateLimited(
                    f"too many requests: wait {int(self.window)} seconds and try again"
                )
            hits.append(now)


def limit_chat(request: Request) -> None:
    """FastAPI dependency: count a question against its client's per-minute allowance."""
    limiter: RateLimiter = request.app.state.chat_limiter
    limiter.check(request.client.host if request.client else "unknown")
