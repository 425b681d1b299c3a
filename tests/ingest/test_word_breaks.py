"""join_split_words: words split by a stray space are joined, word pairs that read as two stay."""

from __future__ import annotations

import pytest

from ingest.loaders import load_document
from ingest.word_breaks import join_split_words
from tests.ingest.conftest import MakePdf


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("the chil dren were seen", "the children were seen"),  # two fragments
        ("the p anel met", "the panel met"),  # a letter, then a fragment
        ("A fter the visit", "After the visit"),  # capital kept
        ("a doption support", "adoption support"),  # "a" before a fragment is no article
        ("the place ment ended", "the placement ended"),  # both words, the joined far commoner
        ("statutory gui dance says", "statutory guidance says"),
        ("it refer s to", "it refers to"),
        ("I t is", "It is"),
        ("have regard t o the", "have regard to the"),  # two letters into a very common word
        ("the c hild said", "the child said"),
        ("include d esignated leads", "include designated leads"),  # the letter starts the next
        ("local p anel, chil dren.", "local panel, children."),  # punctuation after the second
    ],
)
def test_join_split_words_repairs_a_split_word(broken: str, repaired: str) -> None:
    assert join_split_words(broken) == repaired


@pytest.mark.parametrize(
    "text",
    [
        "he was a part of it",  # "apart": an article before a word
        "a lone parent",  # "alone"
        "moved in to the flat",  # "into": both very common
        "the day I for got lost",  # "forgot"
        "one of ten children",  # "often": not common enough a join for two words
        "under s 47 and (b) is the h and",  # a letter beside a common word
        "in the case of R v Newham",  # two letters into a rare word
        "s u m m a r y",  # letter-spaced text
        "Mc Donald and NHS England",  # a capitalised second part
        "re-referral and e-safety",  # hyphenated
        "the child's own view",  # apostrophes
    ],
)
def test_join_split_words_keeps_two_words_apart(text: str) -> None:
    assert join_split_words(text) == text


def test_join_split_words_never_joins_across_a_line_break() -> None:
    assert join_split_words("p\nanel") == "p\nanel"


def test_join_split_words_is_idempotent() -> None:
    once = join_split_words("the chil dren and the p anel")
    assert join_split_words(once) == once == "the children and the panel"


def test_pdf_text_has_split_words_joined(make_pdf: MakePdf) -> None:
    pdf = make_pdf([["The chil dren met the p anel about their place ment."]])

    assert load_document(pdf).text == "The children met the panel about their placement."
