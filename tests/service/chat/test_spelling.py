"""Mistyped words are read as the words the documents use; real words are left alone."""

from __future__ import annotations

from collections.abc import Iterable

from ingest.language import stem
from service.chat.answering import answer_question
from service.chat.schemas import ChatRequest
from service.chat.spelling import correct_spelling, joined_words
from service.http.deps import Services

KNOWN = "safeguarding receive accommodation contextual kicked banking friend"
KNOWN += " headteacher childminder careleavers raped based happy need paper none transitional"
CORPUS = {stem(w): 3 for w in KNOWN.split()}


def frequencies(stems: Iterable[str]) -> dict[str, int]:
    return {s: CORPUS.get(s, 0) for s in stems}


def test_a_mistyped_word_is_read_as_the_word_the_documents_use() -> None:
    assert correct_spelling("what is contextual safegaurding?", frequencies) == (
        "what is contextual safeguarding?"
    )
    # Two letters swapped, a letter doubled: how words are mistyped.
    assert correct_spelling("did you recieve the accomodation form", frequencies) == (
        "did you receive the accommodation form"
    )


def test_real_words_and_names_are_left_alone() -> None:
    # Rare words one letter from a commoner one the documents hold: another word, not a typo.
    for text in (
        "he was nicked last week",
        "she keeps blanking me",
        "my son vaped at school",
        "he was tased",
        "she is still in a nappy",
        "he kneed him",
        "a vaper",
    ):
        assert correct_spelling(text, frequencies) == text
    # A word English has never seen may be any one edit away.
    assert (
        correct_spelling("what is transitonal care?", frequencies) == "what is transitional care?"
    )
    # Emails and web addresses are as typed.
    typed = "email safegaurding@westmarsh.gov.uk or see www.safegaurding.org.uk/transitonal"
    assert correct_spelling(typed, frequencies) == typed
    # Capitalised (a name) or short words are not guessed at; known words are kept.
    assert correct_spelling("Safegaurding at Frend House", frequencies) == (
        "Safegaurding at Frend House"
    )
    assert correct_spelling("contextual", frequencies) == "contextual"


def test_words_typed_as_two_that_the_documents_write_as_one_are_added() -> None:
    text = "what if the allegation is about the head teacher or a child minder?"
    assert joined_words(text, frequencies) == ["childminder", "headteacher"]
    # Not two words a PDF's text ran together ("careleavers"), nor across stop words.
    assert joined_words("our care leavers and the head of the teacher team", frequencies) == []


def test_a_question_with_a_typo_is_answered(services: Services) -> None:
    for question, said in (
        ("what is contextual safegaurding?", "Contextual safeguarding"),
        ("what is transitonal safeguarding?", "Transitional safeguarding"),
    ):
        response = answer_question(ChatRequest(question=question), services.chat)
        assert response.grounded, response.answer
        assert said in response.answer
