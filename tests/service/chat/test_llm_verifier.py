"""The LLM verifier against answers written as a model writes them.

Correct answers are paraphrases of the passages ("the council must be told" for "the local
authority must be notified"); each is then broken by changing a number, a name or a negation.
The verifier must keep the first kind and reject the second: false rejections and false
acceptances are counted, and held to the rates measured when the semantic check was added.
"""

from __future__ import annotations

import pytest

from ingest.model import Chunk, DocumentMeta
from kb.embeddings import Embedder
from kb.hit import Hit
from service.chat.llm import verify_sentences

PASSAGES = [
    "Private fostering is when a child under 16, or under 18 if disabled, is cared for by "
    "someone who is not a close relative for more than 28 days. The local authority must be "
    "notified of private fostering arrangements.",
    "Contextual safeguarding recognises that young people can face risks outside the family, "
    "in peer groups, schools and neighbourhoods. Agencies need to work together to respond "
    "to those risks.",
    "The LADO received 465 referrals in 2021-22. Of these, 22% (99 cases) met the threshold "
    "for further investigation.",
    "Staff should never promise a child that they will keep a disclosure secret. They should "
    "tell the designated safeguarding lead straight away.",
]
# (correct paraphrase, the same answer made wrong), each citing its best passage.
CASES = [
    (
        "The council must be told about these arrangements [1].",
        "The council does not need to be told about these arrangements [1].",
    ),
    (
        "It means agencies work together to respond to those risks [2].",
        "It means agencies do not work together to respond to those risks [2].",
    ),
    (
        "It counts as private fostering when the stay lasts over 28 days [1].",
        "It counts as private fostering when the stay lasts over 14 days [1].",
    ),
    (
        "A disabled child can be privately fostered up to the age of 18 [1].",
        "A disabled child can be privately fostered up to the age of 21 [1].",
    ),
    ("The LADO had 465 referrals in 2021-22 [3].", "The LADO had 564 referrals in 2021-22 [3]."),
    (
        "Just under a quarter, 99 cases, needed further investigation [3].",
        "Just under a quarter, 199 cases, needed further investigation [3].",
    ),
    (
        "Risks to young people can come from outside the family, such as peer groups [2].",
        "Risks to young people never come from outside the family, such as peer groups [2].",
    ),
    (
        "Never tell a child you will keep what they say a secret [4].",
        "Tell a child you will keep what they say a secret [4].",
    ),
]
# Measured with the bundled int8 embedder when MIN_MEANING_SUPPORT was set: no correct answer
# rejected, none of the broken ones accepted; word overlap alone rejects some correct ones.
MAX_FALSE_REJECTIONS = 0
MAX_FALSE_ACCEPTANCES = 0


def _hits() -> list[Hit]:
    meta = DocumentMeta(title="Test")
    return [
        Hit(Chunk(f"c{i}", f"s{i}.md", 0, text, None, None, "h", meta), score=1.0, dense=0.8)
        for i, text in enumerate(PASSAGES)
    ]


@pytest.fixture(scope="module")
def verdicts(embedder: Embedder) -> list[tuple[bool, bool]]:
    hits = _hits()
    out = []
    for good, bad in CASES:
        kept = verify_sentences(good, hits, embed=embedder.embed_documents)[0].reason is None
        broken = verify_sentences(bad, hits, embed=embedder.embed_documents)[0].reason is None
        out.append((kept, broken))
    return out


def test_correct_paraphrases_are_kept(verdicts: list[tuple[bool, bool]]) -> None:
    rejected = [CASES[i][0] for i, (kept, _) in enumerate(verdicts) if not kept]
    assert len(rejected) <= MAX_FALSE_REJECTIONS, rejected


def test_changed_numbers_and_negations_are_rejected(verdicts: list[tuple[bool, bool]]) -> None:
    accepted = [CASES[i][1] for i, (_, broken) in enumerate(verdicts) if broken]
    assert len(accepted) <= MAX_FALSE_ACCEPTANCES, accepted


def test_word_overlap_alone_rejects_honest_paraphrases() -> None:
    """Why the semantic check exists: without an embedder two correct answers fail."""
    hits = _hits()
    rejected = [g for g, _ in CASES if verify_sentences(g, hits)[0].reason is not None]
    assert len(rejected) >= 1
