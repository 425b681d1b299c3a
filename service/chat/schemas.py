"""API bodies: the chat answer contract of ``POST /api/chat`` and ``safeguide ask --json``."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from service.referrals.cards import ContactCard

# Long enough for a detailed practice question; longer text is usually a pasted case record.
MAX_QUESTION_CHARS = 2000

Question = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUESTION_CHARS)
]


class ChatRequest(BaseModel):
    """A practitioner's question, optionally continuing a conversation."""

    model_config = ConfigDict(extra="forbid")

    question: Question = Field(description="The question, 1 to 2,000 characters.")
    conversation_id: str | None = Field(
        None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Continue this conversation (follow-up questions use the previous turn).",
    )


class Citation(BaseModel):
    """A numbered source: ``[n]`` in the answer refers to it."""

    n: int
    title: str
    source: str
    section: str | None
    page: int | None
    url: str | None
    quote: str = Field(description="The exact passage text the answer drew on.")
    date: str | None = None
    chunk_id: str
    passage: str = Field(description="The whole retrieved passage the quote comes from.")


class ChatResponse(BaseModel):
    """The answer contract."""

    answer: str
    citations: list[Citation]
    urgent: bool
    grounded: bool
    contacts: list[ContactCard]
    conversation_id: str
    warnings: list[str] = Field(default_factory=list)
    answerer: str = Field("extractive", description="extractive, llm or extractive-fallback")
    question: str = Field(
        "", description="The question as used: personal data replaced by placeholders."
    )
    answer_html: str = Field(
        "",
        description="The Markdown answer rendered and sanitised: lists, [n] links to passages, "
        "tel: and mailto: links.",
    )
