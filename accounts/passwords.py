"""Password hashing with stdlib scrypt: "scrypt$n$r$p$salt_b64$hash_b64"."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

# scrypt cost parameters (RFC 7914 interactive-login level): about 16 MiB and tens of ms a hash.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
# Random salt per password, so equal passwords never share a hash.
SALT_BYTES = 16
# Length of the derived key stored in the hash string.
KEY_BYTES = 32
# Upper bound on the work a stored hash may ask for, so a tampered row cannot exhaust memory.
MAX_SCRYPT_MEMORY = 64 * 1024 * 1024


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password`` in the self-describing stored format."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return "$".join(("scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)))


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``; malformed hashes never match."""
    try:
        scheme, n, r, p, salt_b64, key_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(key_b64)
        key = _scrypt(password, salt, n=int(n), r=int(r), p=int(p), length=len(expected))
    except ValueError:  # wrong field count, bad base64 or numbers, or parameters scrypt rejects
        return False
    return hmac.compare_digest(key, expected)


def _scrypt(
    password: str, salt: bytes, *, n: int, r: int, p: int, length: int = KEY_BYTES
) -> bytes:
    if 128 * n * r * p > MAX_SCRYPT_MEMORY // 2:
        raise ValueError("scrypt parameters ask for too much memory")
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=MAX_SCRYPT_MEMORY
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@functools.cache
def dummy_hash() -> str:
    """A hash to check against when a user name is unknown, so every failed sign-in costs one
    scrypt and response times do not reveal which user names exist."""
    return hash_password(secrets.token_urlsafe(16))
