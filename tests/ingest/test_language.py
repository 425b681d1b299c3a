from __future__ import annotations

from ingest.language import content_terms, fact_tokens, split_text


def test_split_sentences_keeps_abbreviations_and_bullets() -> None:
    text = "A child (e.g. a student) stays. It lasts 28 days.\n\n- Call CPAT.\n- Email the team"
    assert split_text(text) == [
        "A child (e.g. a student) stays.",
        "It lasts 28 days.",
        "Call CPAT.",
        "Email the team",
    ]


def test_fact_tokens_join_phone_numbers_and_keep_percentages() -> None:
    tokens = fact_tokens("465 referrals, 22% (99 cases); call 020 8708 3885 in 2021-22")
    assert tokens == {"465", "22%", "99", "tel:02087083885", "2021-22"}


def test_content_terms_drop_stop_words_and_stem() -> None:
    assert content_terms("Who do I notify about privately fostered children?") == [
        "notifi",
        "privat",
        "foster",
        "children",
    ]


def test_what_is_left_of_a_contraction_is_not_a_content_word() -> None:
    # "hasn't" would otherwise weigh as a question's rarest, most distinctive word.
    assert content_terms("The council still hasn't done it and doesn't reply") == [
        "council",
        "still",
        "done",
        "repli",
    ]


def test_bullet_glyphs_kept_by_pdfs_are_list_markers() -> None:
    from ingest.language import strip_bullet

    assert strip_bullet("- ● The IRO should keep a record.") == "The IRO should keep a record."
    assert strip_bullet("●●\tThe IRO should keep a record.") == "The IRO should keep a record."
    assert strip_bullet("o differentiated teaching") == "differentiated teaching"
    assert strip_bullet("other words stay") == "other words stay"
    assert strip_bullet("--- a rule, not a list") == "--- a rule, not a list"
