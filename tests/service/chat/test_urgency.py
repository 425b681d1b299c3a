"""The urgency model: fitted on the curated examples, shipped up to date, and adding recall to
the phrase rules on scenes they were never written for."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import yaml

from kb.embeddings import DIMENSION, Embedder, Vectors
from service.app import Services
from service.chat.answering import answer_question
from service.chat.safety import is_urgent, screen
from service.chat.schemas import ChatRequest
from service.chat.urgency import (
    UrgencyCheck,
    examples_digest,
    fit_logistic,
    load_examples,
    load_model,
    open_urgency_check,
    save_model,
    train_model,
)
from service.config import BUNDLED_URGENCY_EXAMPLES, BUNDLED_URGENCY_MODEL, PROJECT_ROOT

# Written for this test, in none of the examples: the scene says a child is in danger, and no
# phrase rule fires.
SCENES = [
    "the little lad from number 12 is out on the dual carriageway in his pyjamas, cars beeping",
    "my stepdad has locked me and my sister in the shed and I can hear him sharpening something",
    "a teenager is sitting on the edge of the multi storey with her legs over the side",
    "He has put the baby in the bath and walked off, the water is still running, I'm outside",
]
# Close in words, nobody in danger now: questions about the same things.
CALM = [
    "What is the LADO's email address and mobile number?",
    "How long should we keep records of a disclosure once the child has left the school?",
    "What training do designated safeguarding leads need every two years?",
    "Who chairs the partnership's child safeguarding practice review group?",
    "A child disclosed abuse last year and the case is closed. Can her mum see our notes?",
    "private fostering notification form",
]


@pytest.fixture(scope="module")
def check(embedder: Embedder) -> UrgencyCheck:
    found = open_urgency_check(BUNDLED_URGENCY_MODEL, embedder)
    assert found is not None
    return found


def test_logistic_fit_separates_two_groups() -> None:
    rng = np.random.default_rng(7)
    near, far = rng.normal(1.0, 0.3, (40, 5)), rng.normal(-1.0, 0.3, (60, 5))
    weights, bias = fit_logistic(np.vstack([near, far]), [1] * 40 + [0] * 60)
    scores = np.vstack([near, far]) @ weights + bias
    assert (scores[:40] > 0).all() and (scores[40:] < 0).all()


def test_logistic_fit_needs_both_kinds_of_message() -> None:
    with pytest.raises(ValueError, match="both"):
        fit_logistic(np.ones((3, 2)), [1, 1, 1])


def test_shipped_model_was_fitted_on_the_shipped_examples() -> None:
    # Edit the examples without `safeguide urgency-model` and this fails.
    assert load_model(BUNDLED_URGENCY_MODEL).examples_digest == examples_digest(
        BUNDLED_URGENCY_EXAMPLES
    )


def test_fitting_again_gives_the_shipped_model(embedder: Embedder, tmp_path: Path) -> None:
    shipped = load_model(BUNDLED_URGENCY_MODEL)
    save_model(train_model(BUNDLED_URGENCY_EXAMPLES, embedder), tmp_path / "model.json")
    again = load_model(tmp_path / "model.json")
    assert again.examples_digest == shipped.examples_digest
    # Another CPU's int8 kernels may round a little differently: the same model, not the same bits.
    cosine = again.weights @ shipped.weights
    assert cosine / (np.linalg.norm(again.weights) * np.linalg.norm(shipped.weights)) > 0.999
    assert again.bias == pytest.approx(shipped.bias, rel=0.02)


def test_model_reads_its_examples_right(embedder: Embedder) -> None:
    model = load_model(BUNDLED_URGENCY_MODEL)
    texts, labels = load_examples(BUNDLED_URGENCY_EXAMPLES)
    said = [model.urgent(v) for v in embedder.embed_documents(texts)]
    right = sum(s == bool(label) for s, label in zip(said, labels, strict=True))
    assert right / len(texts) >= 0.95


@pytest.mark.parametrize("scene", SCENES)
def test_model_finds_danger_the_phrase_rules_miss(check: UrgencyCheck, scene: str) -> None:
    assert not is_urgent(scene)  # else this test shows nothing
    assert check(scene)
    assert screen(scene, meaning=check).urgent


@pytest.mark.parametrize("question", CALM)
def test_model_leaves_questions_about_the_same_things_alone(
    check: UrgencyCheck, question: str
) -> None:
    assert not check(question)


def test_rules_decide_without_the_model_when_they_fire() -> None:
    def never(text: str) -> bool:
        raise AssertionError("the model was asked although a rule had fired")

    assert screen("she has a knife and says she will stab him", meaning=never).urgent
    assert not screen("What is private fostering?", meaning=lambda text: False).urgent


class _OtherModel:
    name = "some-other-model"
    dimension = DIMENSION

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        return np.zeros((len(texts), DIMENSION), dtype=np.float32)

    def embed_query(self, text: str) -> Vectors:
        return np.zeros(DIMENSION, dtype=np.float32)


def test_model_fitted_on_other_vectors_is_not_used(
    embedder: Embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    other = tmp_path / "other.json"
    other.write_text(
        BUNDLED_URGENCY_MODEL.read_text().replace('"all-MiniLM-L6-v2"', '"bge-small-en-v1.5"')
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with caplog.at_level(logging.WARNING):
        assert open_urgency_check(BUNDLED_URGENCY_MODEL, _OtherModel()) is None
        assert open_urgency_check(other, embedder) is None
        assert open_urgency_check(broken, embedder) is None
        assert open_urgency_check(tmp_path, embedder) is None  # a folder
        assert open_urgency_check(tmp_path / "missing.json", embedder) is None
    assert caplog.text.count("phrase rules alone") == 5
    assert open_urgency_check(BUNDLED_URGENCY_MODEL, embedder) is not None


def test_urgent_by_meaning_gets_999_first_in_the_chat(services: Services) -> None:
    response = answer_question(ChatRequest(question=SCENES[0]), services.chat)
    assert response.urgent
    assert response.answer.startswith("If a child is in immediate danger, call 999 now.")
    assert [c.phone for c in response.contacts][:1] == ["999"]


@pytest.mark.parametrize("name", ["urgency.yaml", "urgency-round4.yaml"])
def test_urgent_messages_nobody_fitted_on_are_found(check: UrgencyCheck, name: str) -> None:
    # Blind rounds 3 and 4, never examples. Measured by rules or model 49/50 and 48/50 (the
    # rules alone 20/50 and 21/50), the model's own false alarms 2/50 and 4/50.
    test = yaml.safe_load((PROJECT_ROOT / "eval" / name).read_text(encoding="utf-8"))
    found = sum(screen(text, meaning=check).urgent for text in test["urgent"])
    alarms = sum(check(text) for text in test["not_urgent"])
    assert found >= 0.95 * len(test["urgent"])
    assert alarms <= 0.1 * len(test["not_urgent"])


def test_no_test_message_is_an_example() -> None:
    # Two writers may both write "ok" or "baby not breathing"; a longer message in both is copied.
    texts, _ = load_examples(BUNDLED_URGENCY_EXAMPLES)
    examples = {" ".join(t.lower().split()) for t in texts}
    for path in (PROJECT_ROOT / "eval").glob("urgency*.yaml"):
        test = yaml.safe_load(path.read_text(encoding="utf-8"))
        for group in test.values():
            for message in group:
                said = message["current"] if isinstance(message, dict) else message
                if len(said.split()) > 3:
                    assert " ".join(said.lower().split()) not in examples, (path.name, said)
