"""A turn of the conversation thread: the answer, presented and recorded.

``stream_turn`` wraps the one answer path (``stream_answer``): it adds the redacted question and
the rendered answer to the answer, and records the finished turn in the thread store, so
``/?c=<conversation id>`` shows the whole thread after Back or reload, with or without
JavaScript. Only the redacted question is kept.
"""

from __future__ import annotations

from collections.abc import Iterator

from service.chat.answering import ChatEvent, stream_answer
from service.chat.deps import ChatDeps
from service.chat.rendering import render_answer_html
from service.chat.safety import redact
from service.chat.schemas import ChatRequest, ChatResponse
from service.chat.thread_store import ConversationThreads


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
