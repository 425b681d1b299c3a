"""Feedback on answers: ``POST /api/feedback`` (JSON) and ``POST /feedback`` (the page's form)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from service.curation.feedback import FeedbackCreate, FeedbackPublic, submit_feedback
from service.http.auth import check_same_origin
from service.http.deps import ServicesDep
from service.http.ratelimit import limit_feedback
from service.http.templating import render_page

router = APIRouter(tags=["feedback"], dependencies=[Depends(limit_feedback)])


def _submit(services: ServicesDep, body: FeedbackCreate) -> FeedbackPublic:
    return submit_feedback(
        services.stores.feedback, body, allowed_numbers=services.routes.known_numbers()
    )


@router.post("/api/feedback", response_model=FeedbackPublic, status_code=201)
def create_feedback(services: ServicesDep, body: FeedbackCreate) -> FeedbackPublic:
    """Rate an answer up or down, with an optional reason (personal data is removed)."""
    return _submit(services, body)


@router.post(
    "/feedback",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[Depends(check_same_origin)],
)
def create_feedback_page(
    request: Request,
    services: ServicesDep,
    body: Annotated[FeedbackCreate, Form()],
) -> HTMLResponse:
    saved = _submit(services, body)
    return render_page(request, "feedback_thanks.html", {"feedback": saved}, status_code=201)
