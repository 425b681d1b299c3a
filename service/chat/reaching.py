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


# A line giving either, when both are asked for ("LADO phone number and email pls").
PHONE_OR_EMAIL = re.compile(f"{PHONE.pattern}|{EMAIL.pattern}")
# "...and what's the number?" ("...their mobile?"): the number of what was just named.
_BARE_NUMBER = re.compile(
    r"\bwhat(?:'s|’s|s| is) (?:the|their|its|his|her) (?:(?:phone |contact |direct |mobile )?number"
    r"|mobile(?![\s-]+(?:phones?|devices?|apps?|policy|policies|working)\b))",
    re.I,
)


# A number or an email someone has, sent or was given ("a parent sent me an email asking...",
# "I have a phone number for a family friend"): part of the scene, not asked for.
_HELD = re.compile(
    r"\b(?:i|we|she|he|they|mum|dad|parents?|carers?|someone|somebody)"
    r"(?:'ve|'d| have| has| had)?(?: got| been| just)? (?:sent|received|gave|given|left|found"
    r"|have|has|had|got|forwarded)\b[^.?!]{0,30}$",
    re.I,
)


def _asked(pattern: re.Pattern[str], text: str) -> bool:
    return any(not _HELD.search(text[: m.start()]) for m in pattern.finditer(text))


def details_asked(text: str) -> re.Pattern[str] | None:
    """What a line must give to answer ``text`` when it asks for a number or an email: a phone
    number, an email address, or either (not one the scene says someone has or sent)."""
    phone = _asked(PHONE_ASKED, text) or _asked(_BARE_NUMBER, text)
    email = _asked(EMAIL_ASKED, text)
    if phone and email:
        return PHONE_OR_EMAIL
    return PHONE if phone else EMAIL if email else None
