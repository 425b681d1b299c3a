"""split_document: whole sentences, packed and overlapping, never across a section."""

from __future__ import annotations

import dataclasses

import pytest

from ingest.chunking import min_tail_tokens, split_document, split_documents
from ingest.language import split_sentences
from ingest.model import Chunk, Document, DocumentMeta, Section
from ingest.sentences import estimate_tokens

META = DocumentMeta(title="Working together", date="2023-12-01", owner="DfE")


def sentences(topic: str, count: int) -> str:
    return " ".join(
        f"Sentence {i} about {topic} explains what practitioners should do next in case {i}."
        for i in range(count)
    )


def make_document(*sections: Section, source: str = "guide.pdf") -> Document:
    return Document(source=source, meta=META, sections=sections, content_hash="abc123")


DOCUMENT = make_document(
    Section(("Chapter 1", "Referrals"), sentences("referrals", 40), page=1),
    Section(("Chapter 1", "Referrals"), sentences("referrals on page two", 12), page=2),
    Section(("Chapter 1", "Assessments"), sentences("assessments", 25), page=2),
    Section((), "A short note.", page=3),
)


def test_split_document_is_deterministic() -> None:
    first = split_document(DOCUMENT)
    again = split_document(dataclasses.replace(DOCUMENT))
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)


def test_chunk_fields_come_from_document_and_section() -> None:
    chunks = split_document(DOCUMENT)
    assert [c.position for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert chunk.id == Chunk.make_id("guide.pdf", chunk.position, chunk.text)
        assert (chunk.source, chunk.doc_hash, chunk.meta) == ("guide.pdf", "abc123", META)
    assert chunks[0].section == "Chapter 1 > Referrals"
    assert chunks[-1].section is None
    assert (chunks[-1].text, chunks[-1].page) == ("A short note.", 3)


def test_no_chunk_crosses_a_heading_or_page_boundary() -> None:
    by_section = {(s.path, s.page): s.text for s in DOCUMENT.sections}
    for chunk in split_document(DOCUMENT):
        section_text = by_section[(chunk.section, chunk.page)]
        for sentence in split_sentences(chunk.text):
            assert sentence in section_text
    pages = {(c.section, c.page) for c in split_document(DOCUMENT)}
    assert pages == set(by_section)


@pytest.mark.parametrize(("max_tokens", "overlap_tokens"), [(200, 40), (120, 30), (60, 0)])
def test_chunks_respect_token_bounds(max_tokens: int, overlap_tokens: int) -> None:
    chunks = split_document(DOCUMENT, max_tokens=max_tokens, overlap_tokens=overlap_tokens)
    ceiling = max_tokens + min_tail_tokens(max_tokens)  # only a merged tail may pass max_tokens
    assert all(estimate_tokens(c.text) <= ceiling for c in chunks)
    assert sum(estimate_tokens(c.text) > max_tokens for c in chunks) <= len(DOCUMENT.sections)
    big = [c for c in chunks if c.section == "Chapter 1 > Referrals" and c.page == 1]
    assert all(estimate_tokens(c.text) > max_tokens // 2 for c in big[:-1])  # packed, not sparse


def test_consecutive_chunks_of_a_section_overlap_by_whole_sentences() -> None:
    chunks = [c for c in split_document(DOCUMENT) if c.page == 1]
    assert len(chunks) > 2
    for previous, chunk in zip(chunks, chunks[1:], strict=False):
        before, after = split_sentences(previous.text), split_sentences(chunk.text)
        shared = [k for k in range(1, len(after)) if before[-k:] == after[:k]]
        assert shared, "each chunk starts with the previous chunk's last sentence(s)"
        assert estimate_tokens(" ".join(after[: max(shared)])) <= 40


def test_chunks_do_not_overlap_across_sections() -> None:
    chunks = split_document(DOCUMENT)
    for previous, chunk in zip(chunks, chunks[1:], strict=False):
        if (previous.section, previous.page) != (chunk.section, chunk.page):
            assert not previous.text.endswith(split_sentences(chunk.text)[0])


def test_zero_overlap_gives_disjoint_chunks() -> None:
    chunks = split_document(DOCUMENT, overlap_tokens=0)
    joined = " ".join(c.text for c in chunks if c.page == 1)
    assert joined == DOCUMENT.sections[0].text


def test_edit_in_a_later_section_keeps_chunk_ids_before_it() -> None:
    before = split_document(DOCUMENT)
    edited = dataclasses.replace(
        DOCUMENT,
        sections=(
            *DOCUMENT.sections[:2],
            Section(("Chapter 1", "Assessments"), sentences("assessments, revised", 25), page=2),
            DOCUMENT.sections[3],
        ),
    )
    after = split_document(edited)
    untouched = [c for c in before if c.section == "Chapter 1 > Referrals"]
    assert [c.id for c in after[: len(untouched)]] == [c.id for c in untouched]
    edited_ids = {c.id for c in after if c.section == "Chapter 1 > Assessments"}
    assert edited_ids.isdisjoint(c.id for c in before)


def test_long_sentence_is_split_on_word_boundaries() -> None:
    words = [f"word{i}" for i in range(400)]
    document = make_document(Section(("Long",), " ".join(words) + "."))
    chunks = split_document(document, max_tokens=100, overlap_tokens=20)
    assert len(chunks) >= 4
    assert all(estimate_tokens(c.text) <= 100 for c in chunks)
    rebuilt = " ".join(c.text for c in chunks).split()
    assert [w for w in rebuilt if w.rstrip(".") in words] == [*words[:-1], "word399."]


def test_tiny_tail_is_merged_into_the_previous_chunk() -> None:
    text = sentences("tails", 11) + " The end."
    chunks = split_document(make_document(Section(("Tail",), text)), overlap_tokens=0)
    assert chunks[-1].text.endswith("The end.")
    assert estimate_tokens(chunks[-1].text) >= min_tail_tokens(200)


def test_bullets_are_sentence_units_and_keep_their_lines() -> None:
    text = "Tell us if:\n- the child is under 16. They live with you.\n- you are not a relative"
    chunk = split_document(make_document(Section(("Private fostering",), text)))[0]
    assert chunk.text == text
    assert split_sentences("- the child is under 16. They live") == [
        "- the child is under 16.",
        "They live",
    ]


def test_sentence_split_ignores_abbreviations() -> None:
    assert split_sentences("See e.g. Section 3. Then act.") == ["See e.g. Section 3.", "Then act."]


def test_split_documents_numbers_positions_per_document() -> None:
    other = make_document(Section((), "Another document."), source="other.md")
    chunks = split_documents([DOCUMENT, other])
    assert chunks[-1].source == "other.md"
    assert chunks[-1].position == 0
    assert len(chunks) == len(split_document(DOCUMENT)) + 1


@pytest.mark.parametrize(("max_tokens", "overlap_tokens"), [(0, 0), (100, 60), (100, -1)])
def test_split_document_rejects_unusable_token_settings(
    max_tokens: int, overlap_tokens: int
) -> None:
    with pytest.raises(ValueError, match="use max_tokens"):
        split_document(DOCUMENT, max_tokens=max_tokens, overlap_tokens=overlap_tokens)
