"""Acronyms and their expansions, learnt from the documents ("Long Name (ABC)").

Built from the chunk store and rebuilt when the index changes, so "MASCE" finds the
"Multi-Agency Sexual and Criminal Exploitation Panel" and the long name finds "MASCE".
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from ingest.language import content_terms, stem
from kb.index import KnowledgeBase

# "Multi-Agency Sexual and Criminal Exploitation (MASCE)": capitalised words, then the acronym.
_DEFINED = re.compile(
    r"((?:[A-Z][\w'’-]*[ \t]+(?:(?:and|of|the|for|in|on|to|&)[ \t]+)*){1,10})"
    r"\(([A-Z][A-Za-z&]{1,9})\)"
)
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "in", "on", "to", "&"})
_WORD = re.compile(r"\b[A-Za-z][A-Za-z&]{1,9}\b")


def find_definitions(texts: Iterable[str]) -> dict[str, str]:
    """{ACRONYM: long name} for every "Long Name (ACRONYM)" whose initials spell the acronym."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _DEFINED.finditer(text):
            acronym = re.sub(r"s$", "", match.group(2))  # "DSLs" -> "DSL"
            letters = [c for c in acronym.upper() if c.isalpha()]
            words = match.group(1).split()
            # The long name may end one word early: "... Exploitation Panel (MASCE)".
            long_name = _matching_suffix(words, letters) or _matching_suffix(words[:-1], letters)
            if long_name and acronym.upper() not in found:
                found[acronym.upper()] = long_name
    return found


def _matching_suffix(words: list[str], letters: list[str]) -> str | None:
    """The shortest run of final words whose initials (hyphen parts too) are ``letters``."""
    for start in range(len(words) - 1, -1, -1):
        run = words[start:]
        initials = [
            part[0].upper()
            for word in run
            if word.lower() not in _SMALL_WORDS
            for part in re.split(r"[-‐]", word)
            if part
        ]
        if initials == letters:
            return " ".join(run)
        if len(initials) > len(letters):
            return None
    return None


class Acronyms:
    """The acronym table of a knowledge base, rebuilt after each change to it."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._generation = -1
        self._table: dict[str, str] = {}
        self._reverse: dict[str, str] = {}
        self._equivalents: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def table(self) -> dict[str, str]:
        generation = self._kb.store.generation()
        with self._lock:
            if generation != self._generation:
                texts = (text for _, _, _, text in self._kb.store.iter_texts())
                self._table = find_definitions(texts)
                self._reverse = {v.lower(): k for k, v in self._table.items()}
                self._equivalents = {
                    stem(a.lower()): set(content_terms(name)) for a, name in self._table.items()
                }
                self._generation = generation
            return self._table

    def equivalents(self) -> dict[str, set[str]]:
        """{stemmed acronym: stems of its long name}: either form names the same thing."""
        self.table()
        return self._equivalents

    def expand(self, question: str) -> str:
        """``question`` with each known acronym's long name (or long name's acronym) added."""
        table = self.table()
        extra = [
            table[w.upper()] for w in _WORD.findall(question) if w.isupper() and w.upper() in table
        ]
        lowered = question.lower()
        extra += [acronym for name, acronym in self._reverse.items() if name in lowered]
        return f"{question} ({'; '.join(extra)})" if extra else question
