"""How a number or an email is asked for, and for whom ("the phone number for the Early Help
Hub", "the mash number", "cdop email pls")."""

from __future__ import annotations

import re

from ingest.language import EMAIL, PHONE
from service.chat.wording import PHONE_ASKED

# Asking for an email address ("cdop email pls", "what's their e-mail?").
EMAIL_ASKED = re.compile(r"\be-?mail( address)?\b(?! (from|to|me|us|them|him|her)\b)", re.I)
# What a number or email is asked for: "the number for the Early Help Hub (so I can...)", else
# "the mash number", "the LADO's email": the team a line giving one must name.
_REACH_FOR = re.compile(
    r"\b(?:number|phone|no\.?|email|e-mail|line|details)s?(?: address)?(?: and (?:an? )?\w+)?"
    r" (?:for|of) (?:the |a |an |your )?(?P<named>[^?.,;()]+?)"
    r"(?=\s+(?:to|so|in|at|on|please|pls|because|as|if|when|i|we|asap)\b"
    r"|\s+(?:and|or) (?:what|how|who|when|where|which|can|could|is|are|do|does|should|will)\b"
    r"|\s*[?.,;(]|\s*$)",
    re.I,
)
_REACH_BEFORE = re.compile(
    r"\b(?:the|a|an) (?P<named>"
    r"(?:(?!(?:and|or|what\w*|their|his|her|its|your|is|are)\b)[\w'’-]+ ){1,4}?)"
    r"(?:direct |main |contact |phone |mobile )?"
    r"(?:number|phone|email|e-mail)\b",
    re.I,
)


def reach_asked(text: str) -> str | None:
    """What a number or an email is asked for, as the question names it (both ways: "the mash
    number for referrals")."""
    found = [m.group("named") for m in (_REACH_FOR.search(text), _REACH_BEFORE.search(text)) if m]
    return " ".join(found) if found else None


# "...and what's the number?": the number of what was just named.
_BARE_NUMBER = re.compile(
    r"\bwhat(?:'s|’s|s| is) (?:the|their|its|his|her) (?:phone |contact |direct )?number\b", re.I
)


def details_asked(text: str) -> re.Pattern[str] | None:
    """What a line must give to answer ``text`` when it asks for a number or an email: a phone
    number, an email address, or either."""
    phone = PHONE_ASKED.search(text) or _BARE_NUMBER.search(text)
    email = EMAIL_ASKED.search(text)
    if phone and email:
        return re.compile(f"{PHONE.pattern}|{EMAIL.pattern}")
    return PHONE if phone else EMAIL if email else None
