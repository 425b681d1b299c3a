"""Chat API: one answer, or the same answer as server-sent events."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Response
from fastapi.responses import StreamingResponse

from service.chat.answering import ChatEvent
from service.chat.schemas import ChatRequest, ChatResponse
from service.chat.threads import answer_turn, stream_turn
from service.errors import ErrorResponse
from service.http.deps import ChatDep, ThreadsDep
from service.http.ratelimit import limit_chat

router = APIRouter(prefix="/api", tags=["chat"])

ANSWERER_HEADER = "X-Safeguide-Answerer"


_ERRORS: dict[int | str, dict[str, object]] = {
    422: {"model": ErrorResponse},
    429: {"model": ErrorResponse},
}


@router.post(
    "/chat", response_model=ChatResponse, responses=_ERRORS, dependencies=[Depends(limit_chat)]
)
def create_chat_answer(
    body: ChatRequest, deps: ChatDep, threads: ThreadsDep, response: Response
) -> ChatResponse:
    """Answer a question with numbered citations, contacts and safety flags."""
    answer = answer_turn(body, deps, threads)
    response.headers[ANSWERER_HEADER] = answer.answerer
    return answer


@router.post(
    "/chat/stream",
    responses={200: {"content": {"text/event-stream": {}}}, **_ERRORS},
    dependencies=[Depends(limit_chat)],
    response_class=StreamingResponse,
)
def stream_chat_answer(body: ChatRequest, deps: ChatDep, threads: ThreadsDep) -> StreamingResponse:
    """The same answer as server-sent events: meta, tokens, citations, contacts, done."""
    return StreamingResponse(
        _sse(stream_turn(body, deps, threads)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _sse(events: Iterator[ChatEvent]) -> Iterator[str]:
    for event in events:
        data = event.data
        if hasattr(data, "model_dump"):
            data = data.model_dump(mode="json")
        elif isinstance(data, list):
            data = [d.model_dump(mode="json") if hasattr(d, "model_dump") else d for d in data]
        yield f"event: {event.type}\ndata: {json.dumps(data)}\n\n"
