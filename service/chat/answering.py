"""Answering a question: screen it, retrieve, draft, check, and stream the result.

``stream_answer`` is the one code path; ``answer_question`` joins its events. Events, in order:
``meta`` (conversation id, urgent, warnings) -> ``contacts`` first when urgent -> ``token``s
(one sentence each) -> ``citations`` -> ``contacts`` (when not urgent) -> ``done`` (the whole
``ChatResponse``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kb.hit import Hit
from kb.index import KnowledgeBase
from service.chat.conversations import ConversationMemory, new_conversation_id, resolve_question
from service.chat.drafting import Answerer, AnswererUnavailable, Draft
from service.chat.extractive import asks_for_contact, is_list_question, select_sentences
from service.chat.safety import Refusal, screen
from service.chat.schemas import ChatRequest, ChatResponse, Citation
from service.chat.similarity import SentenceVectors
from service.config import RetrievalSettings
from service.referrals.cards import contact_card
from service.referrals.route_book import (
    DEFAULT_ROUTE,
    PARTNERSHIP_CONTACT,
    URGENT_ROUTE,
    Contact,
    RouteBook,
)

logger = logging.getLogger(__name__)

PERSONAL_DATA_WARNING = (
    "Please don't enter personal details such as a child's name, date of birth, address or "
    "phone number. They were removed before your question was used."
)
NOT_FOUND = "I can't find this in the partnership's documents."
OFF_TOPIC = "I can only help with safeguarding questions, using the partnership's documents."
INJECTION = "I can't do that. I answer safeguarding questions from the partnership's documents."


@dataclass(frozen=True)
class ChatEvent:
    type: str
    data: Any


@dataclass
class ChatDeps:
    kb: KnowledgeBase
    routes: RouteBook
    retrieval: RetrievalSettings
    memory: ConversationMemory = field(default_factory=ConversationMemory)
    llm: Answerer | None = None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    on_unanswered: Callable[[str, str, float | None], None] | None = None
    sentences: SentenceVectors | None = None


def answer_question(request: ChatRequest, deps: ChatDeps) -> ChatResponse:
    """The whole answer at once: the stream, joined."""
    for event in stream_answer(request, deps):
        if event.type == "done":
            response: ChatResponse = event.data
            return response
    raise RuntimeError("answer stream ended without a done event")  # pragma: no cover


def stream_answer(request: ChatRequest, deps: ChatDeps) -> Iterator[ChatEvent]:
    started = time.perf_counter()
    conversation_id = request.conversation_id or new_conversation_id()
    screening = screen(request.question, allowed_numbers=deps.routes.known_numbers())
    warnings = [PERSONAL_DATA_WARNING] if screening.personal_data else []
    logger.debug("question conversation=%s text=%r", conversation_id, screening.question)
    yield ChatEvent(
        "meta",
        {"conversation_id": conversation_id, "urgent": screening.urgent, "warnings": warnings},
    )

    now = deps.clock()
    urgent_contacts = deps.routes.contacts_for(URGENT_ROUTE, now) if screening.urgent else []
    if urgent_contacts:
        yield ChatEvent("contacts", [contact_card(c) for c in urgent_contacts])

    opening = _urgent_opening(urgent_contacts) if screening.urgent else []
    citations: list[Citation] = []
    grounded = False
    answerer = "extractive"
    if screening.refusal is not None:
        body = [INJECTION if screening.refusal is Refusal.INJECTION else OFF_TOPIC]
        _note_unanswered(deps, screening.question, "refused", None)
    else:
        previous = deps.memory.previous(conversation_id)
        query, context = resolve_question(screening.question, previous)
        k = deps.retrieval.k * (2 if is_list_question(screening.question) else 1)
        hits = deps.kb.search(query, k=k)
        best = max((h.dense for h in hits if h.dense is not None), default=None)
        draft = None
        if best is not None and best >= deps.retrieval.min_dense_similarity:
            draft = _draft(screening.question, context, hits, deps)
        if draft and draft.sentences:
            body, citations = _cite(draft, hits)
            grounded = True
            answerer = draft.answerer
        else:
            body = [NOT_FOUND]
            _note_unanswered(
                deps, screening.question, "no_sources" if not hits else "low_confidence", best
            )
        deps.memory.remember(conversation_id, query if context else screening.question)

    topics = [f"{c.title} {c.section or ''}" for c in citations[:1]]
    contacts = urgent_contacts or _contacts_for(
        screening.question, grounded, deps.routes, now, topics=topics
    )
    if not grounded:
        body.append(_contact_sentence(deps.routes))
    elif contacts and not screening.urgent and asks_for_contact(screening.question):
        body.append(_who_to_contact(contacts))
    for sentence in opening + body:
        yield ChatEvent("token", sentence)
    yield ChatEvent("citations", citations)
    if not urgent_contacts:
        yield ChatEvent("contacts", [contact_card(c) for c in contacts])

    response = ChatResponse(
        answer=" ".join(opening + body),
        citations=citations,
        urgent=screening.urgent,
        grounded=grounded,
        contacts=[contact_card(c) for c in contacts],
        conversation_id=conversation_id,
        warnings=warnings,
        answerer=answerer,
    )
    logger.info(
        "answered conversation=%s urgent=%s grounded=%s citations=%d answerer=%s ms=%.1f",
        conversation_id,
        screening.urgent,
        grounded,
        len(citations),
        answerer,
        (time.perf_counter() - started) * 1000,
    )
    yield ChatEvent("done", response)


def _draft(question: str, context: str | None, hits: list[Hit], deps: ChatDeps) -> Draft | None:
    fallback = "extractive"
    if deps.llm is not None:
        try:
            drafted = deps.llm.draft(question if not context else f"{context} {question}", hits)
        except AnswererUnavailable as e:
            logger.warning("llm unavailable, using the extractive answer: %s", e)
            drafted, fallback = None, "extractive-fallback"
        if drafted is not None and drafted.sentences:
            return drafted
    similarity = deps.sentences.similarity_to(question) if deps.sentences else None
    selected = select_sentences(
        question,
        hits,
        context=context,
        similarity=similarity,
        max_sentences=deps.retrieval.max_answer_sentences,
    )
    return Draft([(s.text, s.hit_index) for s in selected], answerer=fallback)


def _cite(draft: Draft, hits: list[Hit]) -> tuple[list[str], list[Citation]]:
    """Number passages in order of first use; each sentence ends with its ``[n]``."""
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    body = []
    for text, index in draft.sentences:
        n = numbers.setdefault(index, len(numbers) + 1)
        quotes.setdefault(index, []).append(text)
        stripped = text.rstrip()
        body.append(
            f"{stripped} [{n}]"
            if stripped[-1:] not in ".!?"
            else f"{stripped[:-1]} [{n}]{stripped[-1]}"
        )
    citations = []
    for index, n in numbers.items():
        chunk = hits[index].chunk
        citations.append(
            Citation(
                n=n,
                **chunk.reference(),
                quote=" ".join(quotes[index]),
                passage=chunk.text,
            )
        )
    return body, citations


def _urgent_opening(contacts: list[Contact]) -> list[str]:
    """Emergency routes first, worded from the curated data."""
    lines = ["If a child is in immediate danger, call 999 now."]
    for contact in contacts:
        if contact.phone and contact.phone != "999":
            lines.append(f"Then contact {contact.name} on {contact.phone}.")
            break
    return lines


def _who_to_contact(contacts: list[Contact]) -> str:
    """One line naming the first curated contact, for questions that ask who to tell."""
    contact = next((c for c in contacts if c.phone != "999"), contacts[0])
    ways = " or ".join(x for x in (contact.phone, contact.email) if x)
    return f"Who to contact: {contact.name} ({ways})."


def _contact_sentence(routes: RouteBook) -> str:
    team = routes.contact(PARTNERSHIP_CONTACT)
    ways = " or ".join(x for x in (team.phone, team.email) if x)
    return f"For advice, contact {team.name} ({ways})."


def _contacts_for(
    question: str, grounded: bool, routes: RouteBook, now: datetime, *, topics: list[str]
) -> list[Contact]:
    """Contacts of the route the question names, else of the route its main source is about."""
    matched = routes.match_routes(question) or routes.match_routes(" ".join(topics))
    if not matched and grounded:
        return []
    route_id = matched[0].id if matched else DEFAULT_ROUTE
    contacts = routes.contacts_for(route_id, now)
    if not grounded and all(c.id != PARTNERSHIP_CONTACT for c in contacts):
        contacts.append(routes.contact(PARTNERSHIP_CONTACT))
    return contacts


def _note_unanswered(deps: ChatDeps, question: str, reason: str, score: float | None) -> None:
    if deps.on_unanswered is not None:
        deps.on_unanswered(question, reason, score)
