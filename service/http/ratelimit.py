"""Rate limits per client address, on the ``limits`` library (moving window: exact counts).

Storage is in-process memory by default (clients with no hits left in the window are evicted);
set ``SAFEGUIDE_SECURITY__RATE_LIMIT_STORAGE`` to ``redis://host:6379/0`` (or another ``limits``
storage URI, e.g. ``memcached://``) and every worker on every host counts against one budget.

The client address is the connection's peer. ``X-Forwarded-For`` is believed only from the
addresses in ``SAFEGUIDE_SECURITY__TRUSTED_PROXIES`` (``service.cli.serve_options``), so a client
cannot reset its allowance by sending a new header.
"""

from __future__ import annotations

import logging
import time

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.requests import Request

logger = logging.getLogger(__name__)

# Storage used when none is configured: one process's memory.
MEMORY_STORAGE = "memory://"
# How often (seconds) the memory storage is swept for clients whose hits have all expired.
EVICT_EVERY_S = 60.0
# Limits that refuse requests when the shared storage cannot be reached (the rest let them in).
FAIL_CLOSED = frozenset({"login"})


class RateLimited(RuntimeError):
    """Raised when a client makes more requests than allowed in the window."""


class RateLimits:
    """Named allowances per window (login, chat, search, feedback), counted in one storage."""

    def __init__(
        self,
        per_minute: dict[str, int],
        *,
        storage_uri: str | None = None,
        window_seconds: int = 60,
    ) -> None:
        self.window = window_seconds
        storage = storage_from_string(storage_uri or MEMORY_STORAGE)
        if not isinstance(storage, Storage):
            raise ValueError(
                f"rate-limit storage {storage_uri!r} is asynchronous: use redis://, "
                "memcached:// or memory:// in SAFEGUIDE_SECURITY__RATE_LIMIT_STORAGE"
            )
        self.storage = storage
        self._limiter = MovingWindowRateLimiter(self.storage)
        self._swept = time.monotonic()
        self._items: dict[str, RateLimitItem] = {
            name: RateLimitItemPerSecond(amount, window_seconds, namespace="SAFEGUIDE")
            for name, amount in per_minute.items()
        }

    def check(self, name: str, key: str) -> None:
        """Count one ``name`` request from ``key``; ``RateLimited`` if it is over the limit."""
        try:
            allowed = self._limiter.hit(self._items[name], name, key)
        except Exception as e:  # storage unreachable (Redis down): decided per limit, logged
            logger.warning("rate limit storage failed limit=%s error=%s", name, type(e).__name__)
            if name in FAIL_CLOSED:
                raise RateLimited("sign-in is paused for a moment: try again shortly") from e
            return
        if time.monotonic() - self._swept >= EVICT_EVERY_S:
            self.evict_expired()
        if not allowed:
            raise RateLimited(f"too many requests: wait {self.window} seconds and try again")

    def evict_expired(self) -> int:
        """Forget clients whose hits have all expired (the library trims their hits but keeps
        the key in memory); Redis and memcached expire keys themselves. Returns how many."""
        self._swept = time.monotonic()
        storage = self.storage
        if not isinstance(storage, MemoryStorage):
            return 0
        now = time.time()
        evicted = 0
        for key in list(storage.events):
            with storage.locks[key]:
                hits = storage.events.get(key)
                if hits and hits[0].expiry > now:  # newest first: still in the window
                    continue
                storage.events.pop(key, None)
            storage.locks.pop(key, None)
            evicted += 1
        return evicted

    def reset(self) -> None:
        self.storage.reset()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limit(name: str, request: Request) -> None:
    limits: RateLimits = request.app.state.rate_limits
    limits.check(name, client_address(request))


def limit_chat(request: Request) -> None:
    """FastAPI dependency: count a question against its client's per-minute allowance."""
    _limit("chat", request)


def limit_search(request: Request) -> None:
    """FastAPI dependency: count a search against its client's per-minute allowance."""
    _limit("search", request)


def limit_feedback(request: Request) -> None:
    """FastAPI dependency: count a feedback post against its client's per-minute allowance."""
    _limit("feedback", request)


def limit_login(request: Request) -> None:
    """Count a sign-in attempt against its client's per-minute allowance."""
    _limit("login", request)
