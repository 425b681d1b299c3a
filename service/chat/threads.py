"""The conversation thread: every turn of a conversation, kept so the chat page can show it again.

``stream_turn`` wraps the one answer path (``stream_answer``): it adds the redacted question and
the rendered answer to the answer, and records the finished turn, so ``/?c=<conversation id>``
shows the whole thread after Back or reload, with or without JavaScript. Only redacted questions
are kept, in this process, for ``THREAD_TTL_SECONDS``; nothing is written to disk.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator

from service.chat.answering import ChatDeps, ChatEvent, stream_answer
from service.chat.rendering import render_answer_html
from service.chat.safety import redact
from service.chat.schemas import ChatRequest, ChatResponse

# A working day: a practitioner may come back to the answer after a meeting.
THREAD_TTL_SECONDS = 8 * 3600
# Bounded memory whatever the traffic.
MAX_THREADS = 10_000
# A thread longer than this is a new topic; the oldest turns drop off.
MAX_TURNS = 50


class ConversationNotFound(LookupError):
    """Raised when a conversation id names no thread (never started, or expired)."""


class ConversationThreads:
    """The turns of each conversation, oldest first."""

    def __init__(self, *, ttl_seconds: float = THREAD_TTL_SECONDS) -> None:
        self._threads: OrderedDict[str, tuple[float, list[ChatResponse]]] = OrderedDict()
        self._ttl = ttl_seconds
        self._lock = threading.Lock()

    def add(self, response: ChatResponse) -> int:
        """Record a finished turn; returns its number in the thread (1 for the first)."""
        with self._lock:
            _, turns = self._threads.pop(response.conversation_id, (0.0, []))
            turns = [*turns, response][-MAX_TURNS:]
            self._threads[response.conversation_id] = (time.monotonic(), turns)
            while len(self._threads) > MAX_THREADS:
                self._threads.popitem(last=False)
            return len(turns)

    def turns(self, conversation_id: str) -> list[ChatResponse]:
        with self._lock:
            entry = self._threads.get(conversation_id)
            if entry is None or time.monotonic() - entry[0] > self._ttl:
                return []
            return list(entry[1])

    def read_thread(self, conversation_id: str) -> list[ChatResponse]:
        turns = self.turns(conversation_id)
        if not turns:
            raise ConversationNotFound(
                f"no conversation {conversation_id!r}: it may have expired; start a new one at /"
            )
        return turns


def stream_turn(
    request: ChatRequest, deps: ChatDeps, threads: ConversationThreads
) -> Iterator[ChatEvent]:
    """The answer's events, with the redacted question in ``meta`` and ``done``, and the answer
    rendered as ``answer_html``; the finished turn is added to its thread."""
    question, _ = redact(request.question, allowed_numbers=deps.routes.known_numbers())
    for event in stream_answer(request, deps):
        if event.type == "meta":
            turn = len(threads.turns(event.data["conversation_id"])) + 1
            yield ChatEvent("meta", {**event.data, "question": question, "turn": turn})
        elif event.type == "done":
            response: ChatResponse = event.data
            html = render_answer_html(response.answer, response.citations)
            done = response.model_copy(update={"question": question, "answer_html": html})
            threads.add(done)
            yield ChatEvent("done", done)
        else:
            yield event


def answer_turn(request: ChatRequest, deps: ChatDeps, threads: ConversationThreads) -> ChatResponse:
    """The whole turn at once: the stream, joined."""
    for event in stream_turn(request, deps, threads):
        if event.type == "done":
            response: ChatResponse = event.data
            return response
    raise RuntimeError("answer stream ended without a done event")  # pragma: no cover
