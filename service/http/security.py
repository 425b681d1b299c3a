"""Security headers on every response (pure ASGI, so streamed answers stream unchanged).

The CSP allows no inline script or style: every script and stylesheet is a file under /static
(or /brand.css), which is what keeps a ``<script>`` inside a document from ever running.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Responses that depend on who is signed in (curator pages and JSON, the session, CSRF tokens):
# never stored by a browser or a shared cache.
PRIVATE_PATHS = ("/curate", "/api/curate", "/api/session", "/api/csrf", "/login", "/api/login")
NO_STORE = (b"cache-control", b"no-store")
# The optional interactive API docs (settings: api_docs.interactive) load Swagger UI's inline
# bootstrap script from a CDN; they get a looser policy. ``/docs`` itself is our own page.
DOCS_PATHS = ("/docs/swagger", "/redoc")
DOCS_CSP = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline' cdn.jsdelivr.net; "
    b"style-src 'self' 'unsafe-inline' cdn.jsdelivr.net; "
    b"img-src 'self' data: fastapi.tiangolo.com; "
    b"frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        docs = path.startswith(DOCS_PATHS)
        private = path.startswith(PRIVATE_PATHS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (name, DOCS_CSP if docs and name == b"content-security-policy" else value)
                    for name, value in SECURITY_HEADERS
                    if name not in present
                ]
                if private and b"cache-control" not in present:
                    extra.append(NO_STORE)
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
