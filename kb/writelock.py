"""One index writer at a time, across threads, processes and (with a shared lock) hosts.

Every write to the knowledge base (an ingest run, a removal, a BM25 rebuild) runs inside
``WriteLock.hold()``. The default is a file lock beside the index, which serialises writers on
one machine; whoever wires the knowledge base may pass another cross-process lock (for example a
PostgreSQL advisory lock when the chunk store lives in PostgreSQL). The lock is re-entrant within
a thread, so ``add_documents`` may call ``sync_lexical`` while holding it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from filelock import FileLock

_F = TypeVar("_F", bound=Callable[..., Any])


class _HasWriteLock(Protocol):
    write_lock: WriteLock


# A writer waits this long for another before giving up (a 500-page PDF takes under a minute).
WRITE_LOCK_TIMEOUT_S = 600.0


class WriteLock:
    """Wraps a cross-process lock (a context manager factory) with a re-entrant thread lock."""

    def __init__(self, acquire: Callable[[], AbstractContextManager[object]]) -> None:
        self._acquire = acquire
        self._thread_lock = threading.RLock()
        self._depth = threading.local()

    @classmethod
    def file(cls, path: Path, *, timeout: float = WRITE_LOCK_TIMEOUT_S) -> WriteLock:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path), timeout=timeout, thread_local=False)
        return cls(lambda: lock)

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._thread_lock:
            depth = getattr(self._depth, "value", 0)
            if depth:
                self._depth.value = depth + 1
                try:
                    yield
                finally:
                    self._depth.value = depth
                return
            with self._acquire():
                self._depth.value = 1
                try:
                    yield
                finally:
                    self._depth.value = 0


def exclusive(method: _F) -> _F:
    """Run a method of an object with a ``write_lock`` while holding that lock."""

    @functools.wraps(method)
    def wrapper(self: _HasWriteLock, *args: Any, **kwargs: Any) -> Any:
        with self.write_lock.hold():
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
