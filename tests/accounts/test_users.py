from __future__ import annotations

import base64
import hashlib

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from accounts.passwords import check_password
from accounts.tables import UserRow
from accounts.users import UserExists, UserStore, WeakPassword

PASSWORD = "correct horse battery staple"


@pytest.fixture()
def users(engine: Engine) -> UserStore:
    store = UserStore(engine)
    store.create_user("Amira", PASSWORD)
    return store


def test_verify_user_accepts_right_password(users: UserStore) -> None:
    assert users.verify_user("amira", PASSWORD)
    assert users.verify_user("  AMIRA ", PASSWORD)


def test_verify_user_rejects_wrong_password(users: UserStore) -> None:
    assert not users.verify_user("amira", PASSWORD.upper())
    assert not users.verify_user("amira", "")


def test_verify_user_rejects_unknown_user(users: UserStore) -> None:
    assert not users.verify_user("nobody", PASSWORD)


def test_verify_user_rejects_inactive_user(users: UserStore) -> None:
    assert users.set_active("amira", active=False)
    assert not users.verify_user("amira", PASSWORD)
    assert users.set_active("amira", active=True)
    assert users.verify_user("amira", PASSWORD)
    assert not users.set_active("nobody", active=True)


def test_create_user_rejects_duplicate_name(users: UserStore) -> None:
    with pytest.raises(UserExists, match="'amira' already exists"):
        users.create_user("AMIRA", "another long password")


def test_create_user_rejects_short_password(users: UserStore) -> None:
    with pytest.raises(WeakPassword, match="at least 12 characters"):
        users.create_user("ben", "short")


def test_create_user_stores_only_a_salted_argon2id_hash(users: UserStore, engine: Engine) -> None:
    users.create_user("ben", PASSWORD)
    with Session(engine) as session:
        hashes = list(session.scalars(select(UserRow.password_hash)))
    assert all(PASSWORD not in h for h in hashes)
    assert hashes[0] != hashes[1]  # same password, different salt
    assert all(h.startswith("$argon2id$") for h in hashes)


def _legacy_scrypt_hash(password: str, *, n: int = 2**14) -> str:
    """A hash in the format written before Argon2id: scrypt$n$r$p$salt$key."""
    salt = b"0123456789abcdef"
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${n}$8$1${b64(salt).decode()}${b64(key).decode()}"


def test_verify_user_rehashes_an_old_scrypt_hash(users: UserStore, engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        row = session.scalars(select(UserRow).where(UserRow.username == "amira")).one()
        row.password_hash = _legacy_scrypt_hash(PASSWORD)
    assert not users.verify_user("amira", "wrong password!")
    with Session(engine) as session:
        assert session.scalar(select(UserRow.password_hash)).startswith("scrypt$")  # type: ignore[union-attr]
    assert users.verify_user("amira", PASSWORD)
    with Session(engine) as session:
        assert session.scalar(select(UserRow.password_hash)).startswith("$argon2id$")  # type: ignore[union-attr]
    assert users.verify_user("amira", PASSWORD)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "bcrypt$1$2$3$c2FsdA==$a2V5",
        "scrypt$x$8$1$c2FsdA==$a2V5",
        "scrypt$16$8$1$!$!",
        "$argon2id$v=19$m=65536,t=3,p=4$broken",
    ],
)
def test_check_password_rejects_malformed_hashes(stored: str) -> None:
    assert not check_password(PASSWORD, stored)


def test_check_password_refuses_scrypt_hashes_demanding_huge_memory() -> None:
    greedy = _legacy_scrypt_hash(PASSWORD).replace(f"scrypt${2**14}$", f"scrypt${2**20}$", 1)
    assert check_password(PASSWORD, _legacy_scrypt_hash(PASSWORD))
    assert not check_password(PASSWORD, greedy)


def test_session_version_moves_on_when_sessions_end(users: UserStore) -> None:
    first = users.session_version("amira")
    assert first is not None
    users.end_sessions("amira")
    second = users.session_version("amira")
    assert second is not None and second > first
    assert users.set_password("amira", "another long passphrase")
    third = users.session_version("amira")
    assert third is not None and third > second
    assert users.verify_user("amira", "another long passphrase")


def test_session_version_is_none_for_disabled_or_unknown_users(users: UserStore) -> None:
    users.set_active("amira", active=False)
    assert users.session_version("amira") is None
    assert users.session_version("nobody") is None
