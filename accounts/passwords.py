"""Password hashing: Argon2id through pwdlib, with old scrypt hashes still accepted.

New hashes are Argon2id at pwdlib's defaults (64 MiB, 3 passes, 4 lanes: above the OWASP
minimum). Hashes from before this change are "scrypt$n$r$p$salt_b64$hash_b64"; they still verify,
and ``verify_and_update`` returns an Argon2id replacement so the store re-hashes on sign-in.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

# Upper bound on the work a stored scrypt hash may ask for, so a tampered row cannot exhaust memory.
MAX_SCRYPT_MEMORY = 64 * 1024 * 1024
_SCRYPT_PREFIX = "scrypt$"


class LegacyScryptHasher:
    """Verifies the scrypt hashes written before Argon2id; never makes new ones."""

    @classmethod
    def identify(cls, hash: str | bytes) -> bool:
        text = hash.decode() if isinstance(hash, bytes) else hash
        return text.startswith(_SCRYPT_PREFIX)

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        raise NotImplementedError("scrypt hashes are only verified; new hashes are Argon2id")

    def verify(self, password: str | bytes, hash: str | bytes) -> bool:
        text = hash.decode() if isinstance(hash, bytes) else hash
        secret = password.encode() if isinstance(password, str) else password
        try:
            _, n, r, p, salt_b64, key_b64 = text.split("$")
            salt, expected = base64.b64decode(salt_b64), base64.b64decode(key_b64)
            if 128 * int(n) * int(r) * int(p) > MAX_SCRYPT_MEMORY // 2:
                return False
            key = hashlib.scrypt(
                secret,
                salt=salt,
                n=int(n),
                r=int(r),
                p=int(p),
                dklen=len(expected),
                maxmem=MAX_SCRYPT_MEMORY,
            )
        except ValueError:  # wrong field count, bad base64 or numbers, or parameters scrypt rejects
            return False
        return hmac.compare_digest(key, expected)

    def check_needs_rehash(self, hash: str | bytes) -> bool:
        return True


_HASHER = PasswordHash((Argon2Hasher(), LegacyScryptHasher()))


def hash_password(password: str) -> str:
    """A salted Argon2id hash of ``password`` (self-describing PHC string)."""
    return _HASHER.hash(password)


def verify_and_update(password: str, stored: str) -> tuple[bool, str | None]:
    """Whether ``password`` matches ``stored``, and a new hash to store if ``stored`` is outdated.

    Malformed or unknown hashes never match.
    """
    try:
        return _HASHER.verify_and_update(password, stored)
    except Exception:  # pwdlib raises UnknownHashError; argon2 raises on malformed strings
        return False, None


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``."""
    return verify_and_update(password, stored)[0]


@functools.cache
def dummy_hash() -> str:
    """A hash to check against when a user name is unknown, so every failed sign-in costs one
    Argon2id and response times do not reveal which user names exist."""
    return hash_password(secrets.token_urlsafe(16))
