"""Shared text handling: sentences, list bullets, phone numbers, numbers, stop words and stems.

The one place these rules live, used by chunking (``ingest``), BM25 (``kb``) and the answer
pipeline (``service.chat``), so a sentence or a phone number means the same thing everywhere.
Imports nothing from the project.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

# Words whose trailing full stop does not end a sentence.
_ABBREVIATIONS = "e.g i.e etc cf vs no nos para paras mr mrs ms dr st ch reg sec fig approx"
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())
# Where a sentence may end: punctuation, closing quotes or brackets, space, then a capital/digit.
_SENTENCE_BREAK = re.compile(r"[.!?][\"'’”)\]]*\s+(?=[\"'‘“(\[]?[A-Z0-9])")
# A list item at the start of a line: "- ", "* ", "+ ", "• ", "1. ", "2) ", "a) ", "(iv) ", and
# the glyphs PDFs keep for bullets ("o " is Word's second-level bullet, from a symbol font).
BULLET = re.compile(
    r"^\s*(?:(?:(?:[-*+]|[•▪◦●○■➢]+)\s+)+|o\s|\d{1,3}[.)]\s|[a-z][.)]\s|\(?[ivx]{1,5}[.)]\s)"
)
# A UK phone number: 0 or +44, then 9-10 more digits in groups ("020 8708 5350", "0800 123 456").
PHONE = re.compile(r"(?:\+44\s?|\b0)\d{2,4}(?:[ -]?\d{3,4}){1,2}\b")
# An email address (the whole of it: "RedbridgeSCP.Training@redbridge.gov.uk").
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Numbers, percentages and dates: with phone numbers, the tokens an answer must never change.
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*%?")
# Words as BM25 tokenizes them (bm25s's default pattern): two or more word characters.
_WORD = re.compile(r"(?u)\b\w\w+\b")
# Words that carry no meaning for matching text to a question, and that BM25 ignores (a superset
# of bm25s's English list, adding question and request words: "what", "should", "please").
_STOP_WORDS = """
a about above after again all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
get got had has have having he her here hers him his how i if in into is it its itself just
know let me more most my need no nor not now of off on once only or other our out over own
please same she should so some such tell than thank thanks that the their them then there
these they this those through to too under until up us very want was we were what when where
which while who whom why will with would you your yours"""
# What is left of a contraction ("hasn't" -> "hasn", "we'll" -> "ll"): rare in written guidance,
# so a question's "hasn't" would otherwise weigh as its most distinctive word.
_CONTRACTED = """aren couldn didn doesn don hadn hasn haven isn mustn needn shouldn wasn weren won
wouldn ll ve re"""
STOP_WORDS = frozenset(_STOP_WORDS.split()) | frozenset(_CONTRACTED.split())
_STEMMER = Stemmer.Stemmer("english")


def split_sentences(line: str) -> list[str]:
    """Split one line at ``.``, ``!`` or ``?`` followed by space and a capital, quote or digit."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(line):
        word = line[start : match.start()].rsplit(maxsplit=1)[-1:] or [""]
        if word[0].lower().lstrip("(") in ABBREVIATIONS:
            continue
        sentences.append(line[start : match.end()].strip())
        start = match.end()
    sentences.append(line[start:].strip())
    return [s for s in sentences if s]


def split_text(text: str) -> list[str]:
    """Sentences and list items of a passage, in order, bullets removed, whitespace collapsed.

    Blank lines and list items end a sentence; other line breaks are wrapped text.
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=" + BULLET.pattern[1:] + ")", text):
        block = " ".join(BULLET.sub("", block, count=1).split())
        if block:
            out.extend(split_sentences(block))
    return out


def strip_bullet(line: str) -> str:
    """``line`` without a leading list marker."""
    return BULLET.sub("", line, count=1).strip()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter2) stem of one lower-case word."""
    return str(_STEMMER.stemWord(word))


# Stems of the same word that Snowball keeps apart (irregular plurals).
_SAME_WORD = {"peopl": "person", "person": "peopl", "children": "child", "child": "children"}
_SAME_WORD |= {"men": "man", "man": "men", "women": "woman", "woman": "women"}


def with_plurals(stems: set[str]) -> set[str]:
    """``stems`` and the stems of the same words in their other number ("peopl" and "person":
    "how many people" is counted in "three persons")."""
    return stems | {_SAME_WORD[s] for s in stems if s in _SAME_WORD}


def words(text: str) -> list[str]:
    """Lower-case words and numbers of ``text``, in order."""
    return _WORD.findall(text.lower())


def content_terms(text: str) -> list[str]:
    """Stemmed content words of ``text``, in order (stop words dropped)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def phone_numbers(text: str) -> list[str]:
    """Phone numbers in ``text`` as written."""
    return PHONE.findall(text)


def fact_tokens(text: str) -> set[str]:
    """Phone numbers (as "tel:" + digits) and other numbers, percentages and dates in ``text``."""
    phones = {"tel:" + re.sub(r"\D", "", m) for m in PHONE.findall(text)}
    numbers = {m.group(0) for m in _NUMBER.finditer(PHONE.sub(" ", text))}
    return phones | numbers
