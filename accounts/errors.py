"""Exceptions raised by the accounts package.

    AccountError(Exception)
    ├── UserExists(AccountError, ValueError)     a user name that is already taken
    └── WeakPassword(AccountError, ValueError)   a password too short to accept

Every message names the thing at fault and says how to fix the problem.
"""

from __future__ import annotations


class AccountError(Exception):
    """Base class for errors from ``accounts/``."""


class UserExists(AccountError, ValueError):
    """Raised when creating a user whose name is already taken."""


class WeakPassword(AccountError, ValueError):
    """Raised when a new password is shorter than the minimum length."""
