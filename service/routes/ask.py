"""The chat page ``/`` and its thread ``/?c=<conversation id>``, and the cited passages.

JavaScript streams from ``/api/chat/stream``; without it the form posts here, the same answer path
runs, and the reply is a redirect to the thread (post-redirect-get), so Back and reload work.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from service.chat.safety import redact
from service.chat.schemas import MAX_QUESTION_CHARS, ChatRequest, ChatResponse
from service.chat.sources import MAX_QUOTE_CHARS, SourcePassage, read_source
from service.chat.thread_store import ConversationThreads
from service.chat.threads import answer_turn
from service.curation.briefing_views import list_starter_questions
from service.http.deps import ChatDep, KnowledgeBaseDep, SettingsDep, StoresDep, ThreadsDep
from service.http.ratelimit import limit_chat
from service.http.templating import render_page

router = APIRouter(tags=["pages"])

# A conversation id as ``ChatRequest`` accepts it.
_CONVERSATION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

QuoteParam = Annotated[
    str | None, Query(max_length=MAX_QUOTE_CHARS, description="Quoted text to mark in the passage")
]


ConversationParam = Annotated[
    str | None,
    Query(max_length=64, pattern=r"^[A-Za-z0-9_-]*$", description="The conversation to show"),
]


class ConversationThread(BaseModel):
    """A conversation's turns, oldest first (questions redacted)."""

    conversation_id: str
    turns: list[ChatResponse]


def _thread_context(
    threads: ConversationThreads, stores: StoresDep, conversation_id: str | None
) -> dict[str, object]:
    turns = threads.turns(conversation_id) if conversation_id else []
    return {
        "turns": turns,
        "conversation_id": conversation_id if turns else "",
        "expired": bool(conversation_id) and not turns,
        "starters": [] if turns else list_starter_questions(stores.briefings),
    }


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def read_chat_page(
    request: Request, threads: ThreadsDep, stores: StoresDep, c: ConversationParam = None
) -> HTMLResponse:
    """The chat page; with ``c``, the conversation's thread so far."""
    return render_page(request, "chat.html", _thread_context(threads, stores, c))


@router.get("/api/conversations/{conversation_id}", response_model=ConversationThread)
def read_conversation(threads: ThreadsDep, conversation_id: str) -> ConversationThread:
    """A conversation's questions (redacted) and answers, oldest first."""
    turns = threads.read_thread(conversation_id)
    return ConversationThread(conversation_id=conversation_id, turns=turns)


@router.post(
    "/", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(limit_chat)]
)
def create_chat_page_answer(
    request: Request,
    deps: ChatDep,
    threads: ThreadsDep,
    stores: StoresDep,
    question: Annotated[str, Form()] = "",
    conversation_id: Annotated[str, Form()] = "",
) -> Response:
    """The no-JavaScript path: the same answer as ``POST /api/chat``, then a redirect to the
    thread with the new answer's permalink (``/?c=<id>#turn-<n>``)."""
    try:
        body = ChatRequest(question=question, conversation_id=conversation_id or None)
    except ValidationError:
        error = (
            f"Enter a question of up to {MAX_QUESTION_CHARS:,} characters"
            if question.strip()
            else "Enter your question"
        )
        context = _thread_context(threads, stores, _safe_id(conversation_id))
        # Never echo personal data: the box gets the question back only as redacted.
        context |= {"question": redact(question)[0], "error": error}
        return render_page(request, "chat.html", context, status_code=422)
    answer = answer_turn(body, deps, threads)
    turn = len(threads.turns(answer.conversation_id))
    return RedirectResponse(f"/?c={answer.conversation_id}#turn-{turn}", status_code=303)


def _safe_id(conversation_id: str) -> str | None:
    return conversation_id if _CONVERSATION_ID.fullmatch(conversation_id) else None


@router.get("/sources/{chunk_id}", response_class=HTMLResponse, include_in_schema=False)
def read_source_page(
    request: Request, kb: KnowledgeBaseDep, chunk_id: str, quote: QuoteParam = None
) -> HTMLResponse:
    source = read_source(kb, chunk_id, quote=quote)
    return render_page(request, "source.html", {"source": source})


@router.get("/api/sources/{chunk_id}", response_model=SourcePassage, tags=["sources"])
def read_source_passage(
    kb: KnowledgeBaseDep, chunk_id: str, quote: QuoteParam = None
) -> SourcePassage:
    """A cited passage in full, with the quoted sentences marked."""
    return read_source(kb, chunk_id, quote=quote)


@router.get("/brand.css", include_in_schema=False)
def read_brand_css(settings: SettingsDep) -> Response:
    """The partnership's colour from settings, as CSS custom properties."""
    colour = settings.branding.primary_colour
    return Response(
        f":root {{ --brand: {colour}; }}\n",
        media_type="text/css",
        headers={"Cache-Control": "public, max-age=300"},
    )
