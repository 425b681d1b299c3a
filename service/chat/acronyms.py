"""Acronyms and their expansions, learnt from the documents ("Long Name (ABC)").

Built from the chunk store and rebuilt when the index changes, so "MASCE" finds the
"Multi-Agency Sexual and Criminal Exploitation Panel" and the long name finds "MASCE". An
abbreviation the documents never mention at all ("DNA" for a missed appointment) is spelled out
from the curated list of practitioners' abbreviations (``kb/data/abbreviations.yaml``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path

import yaml

from ingest.language import content_terms, stem
from kb.index import KnowledgeBase

# "Multi-Agency Sexual and Criminal Exploitation (MASCE)": capitalised words, then the acronym.
_DEFINED = re.compile(
    r"((?:[A-Z][\w'’-]*[ \t]+(?:(?:and|of|the|for|in|on|to|&)[ \t]+)*){1,10})"
    r"\(([A-Z][A-Za-z&]{1,9})\)"
)
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "in", "on", "to", "&"})
_WORD = re.compile(r"\b[A-Za-z][A-Za-z&]{1,9}\b")
# An everyday word as typed ("nan", "Nan").
_EVERYDAY = re.compile(r"\b[A-Za-z]+\b(?![-'’]\w)")
# An abbreviation as typed: capitals, perhaps a plural "s" ("DNAs").
# Not one joined to more ("CP-IS", "DNA'd"), glossed in brackets ("CP (cerebral palsy)") or
# in its laboratory sense ("DNA testing").
_ABBREVIATION = re.compile(
    r"\b([A-Z]{2,6})(?:['’]?s)?\b(?![-'’]\w|\s?\(|\s(?:tests?|testing|samples?|evidence|profiles?)\b)"
)


def load_abbreviations(path: Path) -> dict[str, str]:
    """{ABBREVIATION: what it stands for, everyday word: the formal one} from a curated file
    (``kb/data/abbreviations.yaml``): abbreviations in capitals, words in lower case."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = {str(k).upper(): str(v) for k, v in (data.get("abbreviations") or {}).items()}
    return found | {str(k).lower(): str(v) for k, v in (data.get("words") or {}).items()}


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

    def __init__(self, kb: KnowledgeBase, abbreviations: dict[str, str] | None = None) -> None:
        self._kb = kb
        self._abbreviations = abbreviations or {}
        self._generation = -1
        self._table: dict[str, str] = {}
        self._reverse: dict[str, str] = {}
        self._equivalents: dict[str, set[str]] = {}
        self._spelled: dict[str, str] = {}
        self._lock = threading.Lock()

    def table(self) -> dict[str, str]:
        generation = self._kb.store.generation()
        with self._lock:
            if generation != self._generation:
                texts = [text for _, _, _, text in self._kb.store.iter_texts()]
                self._table = find_definitions(texts)
                self._reverse = {v.lower(): k for k, v in self._table.items()}
                self._equivalents = {
                    stem(a.lower()): set(content_terms(name)) for a, name in self._table.items()
                }
                self._spelled = self._to_spell_out(texts)
                self._generation = generation
            return self._table

    def _to_spell_out(self, texts: list[str]) -> dict[str, str]:
        """The curated abbreviations the documents never use, for things they do name: "did
        not attend" is written, "DNA" never is. (One they name nowhere, such as "SEND", stays
        unknown, and a question about it is declined.)"""
        stems = {a: stem(a.lower()) for a in self._abbreviations}
        used, _ = self._kb.document_frequencies(stems.values())
        unused = {
            a: name
            for a, name in self._abbreviations.items()
            if a.upper() not in self._table and not used.get(stems[a])
        }
        lowered = [" ".join(t.lower().split()) for t in texts]
        return {a: n for a, n in unused.items() if any(n.lower() in t for t in lowered)}

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

    def spell_out(self, question: str) -> str:
        """``question`` with each curated abbreviation that the documents never use, for
        something they name, written out: "coded as DNA" reads "coded as did not attend"."""
        self.table()
        spelled = self._spelled
        question = _ABBREVIATION.sub(lambda m: spelled.get(m.group(1), m.group(0)), question)
        return _EVERYDAY.sub(lambda m: spelled.get(m.group(0).lower(), m.group(0)), question)
