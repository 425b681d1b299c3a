"""Answering a question: screen it, retrieve, draft, check, and stream the result.

``stream_answer`` is the one code path; ``answer_question`` joins its events. Events, in order:
``meta`` (conversation id, urgent, warnings) -> ``contacts`` first when urgent -> ``token``s
(one sentence each) -> ``citations`` -> ``contacts`` (when not urgent) -> ``done`` (the whole
``ChatResponse``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from ingest.language import PHONE, content_terms
from kb.hit import Hit
from service.chat.citing import cite, join_blocks
from service.chat.contacting import (
    already_given,
    contacts_for,
    documents_emergency_line,
    documents_team_line,
)
from service.chat.conversations import new_conversation_id, resolve_question
from service.chat.deps import ChatDeps
from service.chat.drafting import NUMBERED, Line
from service.chat.planning import find_answer
from service.chat.question import Kind, Question, classify
from service.chat.safety import Refusal
from service.chat.schemas import ChatRequest, ChatResponse
from service.chat.scoring import jaccard
from service.chat.wording import (
    LINK_ASKED,
    NAME_ASKED,
    PHONE_ASKED,
    WEB_ADDRESS,
    asked_part,
)
from service.referrals.cards import contact_card, contact_sentence, who_to_contact
from service.referrals.route_book import (
    URGENT_ROUTE,
    Contact,
    RouteBook,
)

logger = logging.getLogger(__name__)

PERSONAL_DATA_WARNING = (
    "Please don't enter personal details such as a child's name, date of birth, address or "
    "phone number. They were removed before your question was used."
)
# A line sharing this much vocabulary with the urgent opening says it again ("call 999").
REPEATS_OPENING = 0.5
NOT_FOUND = "I can't find this in the partnership's documents."
# Keywords of a route a situation must name for the route's advice to lead a steps answer.
CLEAR_ROUTE_KEYWORDS = 2
OFF_TOPIC = "I can only help with safeguarding questions, using the partnership's documents."
INJECTION = "I can't do that. I answer safeguarding questions from the partnership's documents."


@dataclass(frozen=True)
class ChatEvent:
    type: str
    data: Any


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
    screening = deps.screen(request.question)
    warnings = [PERSONAL_DATA_WARNING] if screening.personal_data else []
    logger.debug("question conversation=%s text=%r", conversation_id, screening.question)
    yield ChatEvent(
        "meta",
        {"conversation_id": conversation_id, "urgent": screening.urgent, "warnings": warnings},
    )

    # The time the question gives ("it's Saturday evening..."), else now: it picks out-of-hours.
    now, routes = deps.clock(), deps.routes_here()  # another partnership's documents: 999 only
    asked_at = routes.moment_asked(screening.question, now)
    stated_at = routes.moment_asked(screening.question, now, stated=True)
    urgent_contacts = routes.contacts_for(URGENT_ROUTE, stated_at) if screening.urgent else []
    if urgent_contacts:
        yield ChatEvent("contacts", [contact_card(c) for c in urgent_contacts])

    opening = _urgent_opening(urgent_contacts) if screening.urgent else []
    lines: list[Line] = []
    hits: list[Hit] = []
    grounded, answerer = False, "extractive"
    body: list[str] = []
    asked = deps.acronyms.spell_out(screening.question) if deps.acronyms else screening.question
    question = classify(asked)
    if screening.refusal is not None:
        body = [INJECTION if screening.refusal is Refusal.INJECTION else OFF_TOPIC]
        _note_unanswered(deps, screening.question, "refused", None)
    else:
        previous = deps.memory.previous(conversation_id)
        query, context = resolve_question(asked, previous)
        found = find_answer(question, query, deps)
        hits = found.hits
        steps_lines = _curated_steps(
            screening.question, screening.urgent, question, deps, hits, routes
        )
        emergency: list[Line] = []
        # Another partnership's documents (the route book gives 999 alone): their own team.
        foreign = all(c.phone in (None, "999") for c in routes.contacts_for(URGENT_ROUTE, now))
        if screening.urgent and foreign:
            # After 999, their own team to ring now, cited.
            office = routes.is_office_hours(stated_at)
            emergency = documents_emergency_line(
                deps.kb, hits, out_of_hours=not office, found=deps.emergency_lines
            )
        elif foreign and question.kind is Kind.CONTACT:
            # "Out of hours number for children's social care?": their own line for it.
            office = routes.is_office_hours(asked_at)
            emergency = documents_team_line(
                deps.kb,
                hits,
                screening.question,
                office=office,
                said_out_of_hours=asked_at != now,
                found=deps.emergency_lines,
            )
        given = emergency + steps_lines
        if found.draft is not None and found.draft.lines:
            # No fact twice.
            lines = given + _not_repeating(found.draft.lines, opening, given)
            grounded = True
            answerer = found.draft.answerer
            if not steps_lines and not screening.urgent:
                body = _route_advice(question, screening.question, routes)
        elif steps_lines or (emergency and question.kind is Kind.CONTACT):
            lines = given  # curated steps; or "who do I ring?" asked, and who to ring now said
            grounded = True
        elif _curated_route_answers(question, found.foreign, screening.question, routes):
            grounded = True  # "what number do I ring?": the curated contact answers, below
        else:
            lines, body = emergency, [NOT_FOUND]  # who to ring now is no answer to the question
            _note_unanswered(deps, screening.question, found.reason, found.best_similarity)
        deps.memory.remember(conversation_id, query if context else screening.question)

    blocks, citations = cite(lines, hits)
    topics = [f"{c.title} {c.section or ''}" for c in citations[:1]]
    contacts = urgent_contacts or contacts_for(
        screening.question, grounded, routes, asked_at, topics=topics
    )
    if grounded and not screening.urgent and _number_missing(question, lines, contacts):
        # "What's MASH's direct number?": a line about MASH without one is not an answer.
        lines, blocks, citations, grounded, body = [], [], [], False, [NOT_FOUND]
        contacts = contacts_for(screening.question, False, routes, asked_at, topics=[])
        _note_unanswered(deps, screening.question, "low_confidence", None)  # near, not it
    if not grounded:
        body.append(contact_sentence(routes))
        blocks = [*blocks, " ".join(body)]  # a cited line of who to ring now stays before it
    elif body:
        blocks = [" ".join(body), *blocks]
    reachable = [c for c in contacts if c.phone not in (None, "999") or c.email]
    asks_contact = grounded and not screening.urgent and question.kind is Kind.CONTACT
    if asks_contact and reachable and not already_given(reachable[0], blocks):  # no fact twice
        blocks.append(who_to_contact(reachable))
    if opening:
        blocks = [" ".join(opening), *blocks]
    for block in blocks:
        yield ChatEvent("token", block)
    yield ChatEvent("citations", citations)
    if not urgent_contacts:
        yield ChatEvent("contacts", [contact_card(c) for c in contacts])

    response = ChatResponse(
        answer=join_blocks(blocks),
        citations=citations,
        urgent=screening.urgent,
        grounded=grounded,
        contacts=[contact_card(c) for c in contacts],
        conversation_id=conversation_id,
        warnings=warnings,
        answerer=answerer,
    )
    logger.info(
        "answered conversation=%s urgent=%s grounded=%s kind=%s citations=%d answerer=%s ms=%.1f",
        conversation_id,
        screening.urgent,
        grounded,
        question.kind,
        len(citations),
        answerer,
        (time.perf_counter() - started) * 1000,
    )
    yield ChatEvent("done", response)


def _curated_steps(
    text: str, urgent: bool, question: Question, deps: ChatDeps, hits: list[Hit], routes: RouteBook
) -> list[Line]:
    """The route book's steps for the concern, when the question is urgent or asks what to do.

    Each step is cited to the passage of the document the steps were curated from (appended
    to ``hits`` when retrieval did not find it).
    """
    if not urgent and question.kind is not Kind.STEPS:
        return []
    # The concern the question matches best; its steps or none (a volunteer coach messaging a
    # child is an allegation against staff, not a disclosure, though "told me" is said).
    route = next(iter(routes.match_routes(text)), None)
    if route is None or not route.steps or route.steps_source is None:
        return []
    # The index names files by where they were ingested from ("corpus/x.md"): match the name.
    wanted = PurePath(route.steps_source).name
    found = deps.kb.search(" ".join(route.steps), k=8)
    passages = [h for h in found if PurePath(h.chunk.source).name == wanted]
    if not passages:
        return []
    known = {h.chunk.id: i for i, h in enumerate(hits)}
    index = known.get(passages[0].chunk.id)
    if index is None:
        hits.append(passages[0])
        index = len(hits) - 1
    return [Line(step, index, NUMBERED) for step in route.steps]


def _not_repeating(lines: list[Line], opening: list[str], steps: list[Line]) -> list[Line]:
    """The answer's lines less any that say again what the urgent opening or the curated
    steps have said: if every line only repeats the opening, the opening is the answer."""
    said = [frozenset(content_terms(text)) for text in opening + [s.text for s in steps]]
    return [
        line
        for line in lines
        if not any(jaccard(frozenset(content_terms(line.text)), s) >= REPEATS_OPENING for s in said)
    ]


def _urgent_opening(contacts: list[Contact]) -> list[str]:
    """Emergency routes first, worded from the curated data."""
    lines = ["If a child is in immediate danger, call 999 now."]
    for contact in contacts:
        if contact.phone and contact.phone != "999":
            lines.append(f"Then contact {contact.name} on {contact.phone}.")
            break
    return lines


def _route_advice(question: Question, text: str, routes: RouteBook) -> list[str]:
    """For "what should I do?" about a situation the route book clearly names (two of its
    keywords: "volunteer coach"), the route's own curated advice comes first."""
    if question.kind is not Kind.STEPS:
        return []
    route = next(iter(routes.match_routes(text, min_keywords=CLEAR_ROUTE_KEYWORDS)), None)
    return [route.description] if route is not None and not route.steps else []


def _curated_route_answers(question: Question, foreign: bool, text: str, routes: RouteBook) -> bool:
    """A question asking who to contact, about a concern the route book covers, is answered by
    the curated contact even when no passage says it (not when it names somewhere else)."""
    if question.kind is not Kind.CONTACT or foreign or NAME_ASKED.search(question.asked):
        return False  # "what's the LADO's name? I'd like to email them": a name, not a route
    # Two of a route's keywords, or one in what is asked ("...what number do I ring for a
    # referral?"), not one word said in passing while setting the scene.
    asked = asked_part(text)
    return bool(
        routes.match_routes(text, min_keywords=CLEAR_ROUTE_KEYWORDS)
        or routes.match_routes(asked, min_keywords=1)
    )


def _number_missing(question: Question, lines: list[Line], contacts: list[Contact]) -> bool:
    """A phone number or a link is asked for; neither a line nor the curated contact gives one."""
    if LINK_ASKED.search(question.asked):  # from the passage answering, not another event's
        first = lines[0].hit_index if lines else None
        curated = question.kind is Kind.CONTACT and any(c.url for c in contacts)
        return not curated and not any(
            WEB_ADDRESS.search(x.text) and x.hit_index == first for x in lines
        )
    if not PHONE_ASKED.search(question.asked) or any(PHONE.search(x.text) for x in lines):
        return False
    curated = question.kind is Kind.CONTACT and any(c.phone not in (None, "999") for c in contacts)
    return not curated


def _note_unanswered(deps: ChatDeps, question: str, reason: str, score: float | None) -> None:
    if deps.on_unanswered is not None:
        deps.on_unanswered(question, reason, score)
