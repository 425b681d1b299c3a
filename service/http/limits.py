"""Limits before work: a body-size cap and a curator check that run before any body is read.

FastAPI parses a request's form or JSON body before it runs the route's dependencies, so without
this an anonymous client could make the server spool a 200 MiB upload (or hold an 80 MiB JSON
body in memory) only to be told 401. This middleware answers first:

1. a body whose ``Content-Length`` is over the cap is refused with 413 at once;
2. a write to a curator path (``/curate...``, ``/api/curate...``) without a live curator session
   gets 401 (API) or a redirect to the login page, its body unread;
3. a body that streams past the cap (chunked, or a lying ``Content-Length``) is cut off with 413.

Uploads get ``max_upload_bytes`` plus room for the multipart framing; everything else
``max_body_bytes``. It sits inside the session middleware (it needs the session to check the
curator) and is pure ASGI, so streamed answers stream unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.auth import current_curator

# Multipart boundaries, part headers and the CSRF field around an uploaded file.
UPLOAD_OVERHEAD_BYTES = 64 * 1024
UPLOAD_PATHS = frozenset({"/curate/documents", "/api/curate/documents"})
CURATOR_PREFIXES = ("/curate", "/api/curate")
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class BodyTooLarge(Exception):
    """Raised inside ``receive`` when a streamed body passes the cap."""


class RequestLimitsMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    def limit_for(self, path: str) -> int:
        if path in UPLOAD_PATHS:
            return self.max_upload_bytes + UPLOAD_OVERHEAD_BYTES
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.limit_for(path)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(send, limit)
            return
        if scope["method"] in _UNSAFE_METHODS and path.startswith(CURATOR_PREFIXES):
            curator = await run_in_threadpool(current_curator, Request(scope))
            if curator is None:
                await _login_required(send, path)
                return

        received = 0
        exceeded = False
        started = False

        async def capped_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge(f"request body over {limit} bytes")
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:  # the app turned the cut-off into its own error: answer 413 instead
                if not started and message["type"] == "http.response.start":
                    started = True
                    await _too_large(send, limit)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, capped_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await _too_large(send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Send, limit: int) -> None:
    message = (
        f"the request body is over {limit:,} bytes: send a smaller one "
        "(uploads: raise SAFEGUIDE_SECURITY__MAX_UPLOAD_BYTES)"
    )
    await _send_json(send, 413, {"error": {"error": "too_large", "message": message}})


async def _login_required(send: Send, path: str) -> None:
    if path.startswith("/api/"):
        body = {"error": {"error": "unauthorised", "message": "log in as a curator first"}}
        await _send_json(send, 401, body)
        return
    location = f"/login?next={quote(path)}".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


async def _send_json(send: Send, status: int, body: Mapping[str, object]) -> None:
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
