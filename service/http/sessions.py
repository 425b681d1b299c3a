"""Signed-cookie sessions for curators: a small HMAC-SHA256 stand-in for itsdangerous.

The cookie holds ``base64(json).issued_at.signature``; it is HttpOnly, SameSite=Lax and Secure
when ``settings.security.secure_cookies`` is on. Nothing secret is stored in it: only the user
name and the CSRF token, which an attacker cannot read across origins.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.locks import supports_advisory_locks
from service.config import Settings

logger = logging.getLogger(__name__)

SESSION_COOKIE = "safeguide_session"
# Name of the file under data_dir holding a generated secret when none is configured.
SECRET_FILE = "session_secret"


def load_session_secret(settings: Settings) -> bytes:
    """The configured secret, or one generated once into ``data_dir/session_secret`` (0600).

    The file appears whole or not at all: the secret is written to a private temporary file,
    which is then hard-linked into place (fails if another worker got there first, whose secret
    is then read instead). N workers starting together all read one non-empty secret.
    """
    configured = settings.security.session_secret
    if configured is not None:
        return configured.get_secret_value().encode()
    path = Path(settings.data_dir) / SECRET_FILE
    if supports_advisory_locks(settings.resolved_database_url):  # PostgreSQL: likely many hosts
        logger.warning(
            "SAFEGUIDE_SECURITY__SESSION_SECRET is unset: sessions are signed with %s, which "
            "other hosts do not have, so they refuse this host's cookies; set one secret on all",
            path,
        )
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            tmp.unlink()
    secret = path.read_text().strip()
    if not secret:
        raise RuntimeError(f"{path} is empty: delete it and start again (a new one is made)")
    return secret.encode()


def sign_session(data: dict[str, Any], *, secret: bytes, issued_at: int | None = None) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()
    stamp = str(int(time.time()) if issued_at is None else issued_at)
    signature = _signature(f"{payload}.{stamp}", secret)
    return f"{payload}.{stamp}.{signature}"


def unsign_session(value: str, *, secret: bytes, max_age: int) -> dict[str, Any] | None:
    """The session data, or ``None`` if the cookie is forged, malformed or expired."""
    try:
        payload, stamp, signature = value.split(".")
        issued_at = int(stamp)
    except ValueError:
        return None
    if not hmac.compare_digest(signature, _signature(f"{payload}.{stamp}", secret)):
        return None
    if time.time() - issued_at > max_age:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except (ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def _signature(message: str, secret: bytes) -> str:
    digest = hmac.new(secret, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class SignedSessionMiddleware:
    """Puts ``scope["session"]`` (so ``request.session`` works) and writes it back if changed."""

    def __init__(self, app: ASGIApp, *, secret: bytes, max_age: int, secure: bool) -> None:
        self.app = app
        self.secret = secret
        self.max_age = max_age
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        cookie = _read_cookie(scope)
        data = unsign_session(cookie, secret=self.secret, max_age=self.max_age) if cookie else None
        scope["session"] = dict(data or {})
        initial = dict(scope["session"])

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                session: dict[str, Any] = scope["session"]
                if session != initial or (session and cookie and data is None):
                    headers = MutableHeaders(scope=message)
                    headers.append("Set-Cookie", self._cookie(session))
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def _cookie(self, session: dict[str, Any]) -> str:
        attributes = "; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if self.secure else "")
        if not session:
            return f"{SESSION_COOKIE}=; Max-Age=0{attributes}"
        value = sign_session(session, secret=self.secret)
        return f"{SESSION_COOKIE}={value}; Max-Age={self.max_age}{attributes}"


def _read_cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            jar.load(value.decode("latin-1"))
            if SESSION_COOKIE in jar:
                return jar[SESSION_COOKIE].value
    return None
