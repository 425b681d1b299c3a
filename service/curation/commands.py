"""The ``safeguide`` commands for curator accounts: create-user, set-password, disable-user,
enable-user."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from service.config import Settings


def _read_password(args: argparse.Namespace) -> str | None:
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass(f"Password for {args.username}: ")
    if getpass.getpass("Same password again: ") != password:
        print("the passwords differ; nothing was changed", file=sys.stderr)
        return None
    return password


def cmd_create_user(args: argparse.Namespace, settings: Settings) -> int:
    from accounts.users import UserExists, WeakPassword
    from service.curation.stores import open_store

    password = _read_password(args)
    if password is None:
        return 2
    store = open_store(settings)
    try:
        store.create_user(args.username, password)
    except (UserExists, WeakPassword) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"created curator {args.username}")
    return 0


def cmd_set_password(args: argparse.Namespace, settings: Settings) -> int:
    from accounts.users import WeakPassword
    from service.curation.stores import open_store

    password = _read_password(args)
    if password is None:
        return 2
    try:
        found = open_store(settings).set_password(args.username, password)
    except WeakPassword as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not found:
        print(f"error: no curator {args.username!r}", file=sys.stderr)
        return 2
    print(f"changed the password of {args.username}; their sessions have ended")
    return 0


def cmd_set_active(args: argparse.Namespace, settings: Settings) -> int:
    from service.curation.stores import open_store

    active = args.command == "enable-user"
    if not open_store(settings).set_active(args.username, active=active):
        print(f"error: no curator {args.username!r}", file=sys.stderr)
        return 2
    print(f"{'enabled' if active else 'disabled'} {args.username}; their sessions have ended")
    return 0


def add_account_commands(sub: Any) -> None:
    """Add the account commands to the ``safeguide`` parser's subcommands."""
    p = sub.add_parser("create-user", help="add a curator who can sign in to /curate")
    p.add_argument("username")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("set-password", help="change a curator's password (ends their sessions)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="read it from standard input")
    p.set_defaults(func=cmd_set_password)

    for name, text in (("disable-user", "stop a curator signing in"), ("enable-user", "undo it")):
        p = sub.add_parser(name, help=f"{text} (ends their sessions)")
        p.add_argument("username")
        p.set_defaults(func=cmd_set_active)
