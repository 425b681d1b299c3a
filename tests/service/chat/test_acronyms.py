"""Acronyms: defined in the documents ("Long Name (ABC)"), or the initials of a name they write
without defining them ("Graded Care Profile 2" for "GCP2")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from ingest.language import content_terms
from kb.index import KnowledgeBase
from service.chat.acronyms import Acronyms, find_definitions, find_initialisms

TEXTS = [
    "Book onto Recognising neglect (Graded Care Profile 2) on 9 December.",
    "Use the Graded Care Profile 2 tool with the family.",
    "The Multi-Agency Safeguarding Hub (MASH) takes referrals.",
    "Child Sexual Exploitation is abuse. Keeping Children Safe in Education sets duties.",
    "An Initial Review Decision is made within a week.",
]


class _Store:
    def generation(self) -> int:
        return 1

    def iter_texts(self) -> Iterator[tuple[str, str, int, str]]:
        return (("doc", f"c{i}", i, text) for i, text in enumerate(TEXTS))


class _KnowledgeBase:
    store = _Store()

    def document_frequencies(self, stems: Iterable[str]) -> tuple[dict[str, int], int]:
        held = {t for text in TEXTS for t in content_terms(text)}
        return {s: int(s in held) for s in stems}, len(TEXTS)


def acronyms() -> Acronyms:
    return Acronyms(cast(KnowledgeBase, cast(Any, _KnowledgeBase())))


def test_initials_of_a_name_written_without_them_spell_it() -> None:
    found = find_initialisms(TEXTS)
    assert found["GCP2"] == "Graded Care Profile 2"
    # Two names with the same initials: neither.
    assert "CSE" not in found
    assert find_definitions(TEXTS) == {"MASH": "Multi-Agency Safeguarding Hub"}


def test_an_acronym_no_document_uses_is_read_as_the_name_it_spells() -> None:
    table = acronyms()
    assert table.spell_out("how much is the GCP2 course?") == (
        "how much is the Graded Care Profile 2 course?"
    )
    # A defined acronym is the documents' own word, and is left for expand() to widen.
    assert table.spell_out("who runs the MASH?") == "who runs the MASH?"
    # One the question glosses itself is the asker's, not the documents'.
    question = "what happens at an inter-agency review discussion (IRD)?"
    assert table.spell_out(question) == question
