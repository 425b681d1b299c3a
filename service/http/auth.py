"""Curator login state and CSRF protection, on top of the signed session.

Exception
 └── PermissionError
      ├── LoginRequired   -- no curator in the session (HTML: redirect to /login; API: 401)
      └── CsrfRejected    -- a POST without the session's CSRF token (403)
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from accounts.users import UserStore
from service.http.ratelimit import limit_login

# Form field and header that carry the CSRF token (header for the JSON twins and fetch()).
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Session key holding the user's session version; scope key caching the checked curator.
_VERSION_KEY = "sv"
_CURATOR_KEY = "safeguide.curator"


class LoginRequired(PermissionError):
    """Raised when a curator page or API is used without logging in first."""


class CsrfRejected(PermissionError):
    """Raised when a POST lacks the session's CSRF token or sends the wrong one."""


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Dependency for state-changing routes: the token must match the session's."""
    if request.method in _SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    # Compared as UTF-8 bytes: compare_digest refuses str with non-ASCII characters (a forged
    # token may hold any), which would otherwise be a server error instead of a refusal.
    if not expected or not sent or not hmac.compare_digest(str(expected).encode(), sent.encode()):
        raise CsrfRejected("missing or wrong CSRF token: reload the page and try again")


def check_same_origin(request: Request) -> None:
    """Dependency for forms anyone may post (no session, so no token): refuse other origins.

    Browsers send ``Origin`` (or at least ``Referer``) with a cross-site form POST; a request
    carrying neither comes from a script, which a token would not stop either.
    """
    sent = request.headers.get("origin") or request.headers.get("referer")
    if sent is None:
        return
    origin = urlsplit(sent)
    host = request.headers.get("host", "")
    if sent == "null" or origin.netloc != host or origin.scheme not in ("http", "https"):
        raise CsrfRejected("this form can only be sent from this site's own pages")


def current_curator(request: Request) -> str | None:
    """The signed-in curator, checked against the database once per request.

    A session counts only while its user is active and its version matches the user's: log-out,
    disabling the user and a new password bump the version and so end every copy of the cookie.
    """
    if _CURATOR_KEY in request.scope:
        cached: str | None = request.scope[_CURATOR_KEY]
        return cached
    user = request.session.get("user")
    version = request.session.get(_VERSION_KEY)
    curator: str | None = None
    if isinstance(user, str):
        if isinstance(version, int) and _users(request).session_version(user) == version:
            curator = user
        else:
            request.session.clear()  # ended elsewhere: forget the stale login and its token
    request.scope[_CURATOR_KEY] = curator
    return curator


def require_curator(request: Request) -> str:
    """Dependency: the logged-in curator's user name, or ``LoginRequired``."""
    user = current_curator(request)
    if user is None:
        raise LoginRequired("log in as a curator to use this page")
    return user


def log_in(request: Request, username: str) -> None:
    """Start a fresh session (new CSRF token) for ``username`` at the user's session version."""
    version = _users(request).session_version(username)
    request.session.clear()
    if version is None:
        raise LoginFailed(WRONG_LOGIN)
    request.session["user"] = username
    request.session[_VERSION_KEY] = version
    request.scope[_CURATOR_KEY] = username
    csrf_token(request)


def log_out(request: Request) -> None:
    """End this curator's sessions everywhere (every browser, worker and host), then this one."""
    user = current_curator(request)
    if user is not None:
        _users(request).end_sessions(user)
    request.session.clear()
    request.scope[_CURATOR_KEY] = None


def _users(request: Request) -> UserStore:
    users: UserStore = request.app.state.services.stores.users
    return users


CuratorDep = Annotated[str, Depends(require_curator)]
CsrfDep = Depends(check_csrf)


# The one message for any failed sign-in: it never says whether the user name exists.
WRONG_LOGIN = "The user name or password is wrong"


class LoginFailed(PermissionError):
    """Raised when the user name or password is wrong (the message never says which)."""


def sign_in(request: Request, username: str, password: str) -> str:
    """Check the password (rate-limited per client) and start the curator's session."""
    limit_login(request)
    if not _users(request).verify_user(username, password):
        raise LoginFailed(WRONG_LOGIN)
    log_in(request, username.strip().lower())
    return username.strip().lower()
