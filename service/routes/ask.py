"""The chat page ``/`` (JavaScript streams from ``/api/chat/stream``; without it the form posts
here and the same ``answer_question`` renders the whole page) and the cited passages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from service.chat.answering import answer_question
from service.chat.schemas import MAX_QUESTION_CHARS, ChatRequest
from service.chat.sources import MAX_QUOTE_CHARS, SourcePassage, read_source
from service.http.deps import ChatDep, KnowledgeBaseDep, SettingsDep
from service.http.ratelimit import limit_chat
from service.http.templating import render_page

router = APIRouter(tags=["pages"])

QuoteParam = Annotated[
    str | None, Query(max_length=MAX_QUOTE_CHARS, description="Quoted text to mark in the passage")
]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def read_chat_page(request: Request) -> HTMLResponse:
    return render_page(request, "chat.html")


@router.post(
    "/", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(limit_chat)]
)
def create_chat_page_answer(
    request: Request,
    deps: ChatDep,
    question: Annotated[str, Form()] = "",
    conversation_id: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """The no-JavaScript path: the same answer as ``POST /api/chat``, as a page."""
    try:
        body = ChatRequest(question=question, conversation_id=conversation_id or None)
    except ValidationError:
        error = (
            f"Enter a question of up to {MAX_QUESTION_CHARS:,} characters"
            if question.strip()
            else "Enter your question"
        )
        return render_page(
            request, "chat.html", {"question": question, "error": error}, status_code=422
        )
    answer = answer_question(body, deps)
    return render_page(request, "chat.html", {"question": body.question, "answer": answer})


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
