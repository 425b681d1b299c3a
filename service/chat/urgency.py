"""Urgency by meaning: a small logistic model over the question's sentence vector.

The phrase rules in ``safety.py`` catch the phrasings they were written from; on a blind set of
40 urgent messages written by someone who had not seen them they caught 22 ("hes outside the
window again with the knife, baby is in the cot next to me", "mum is holding the baby at the open
6th floor window" were missed). The scene, not a keyword, says a child is in danger: this model
reads the same all-MiniLM-L6-v2 vector retrieval uses, and was fitted on curated example
messages, urgent and not (``kb/data/urgency_examples.yaml``), never on the evaluation sets.

A question is urgent when the rules *or* the model say so: the model adds recall and takes none
away (a false alarm costs one line about 999 above a normal answer; a miss could cost a child).
The fitted weights ship as ``kb/data/urgency_model.json``, with the digest of the examples they
came from; ``safeguide urgency-model`` fits them again after the examples change.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from kb.embeddings import Embedder

logger = logging.getLogger(__name__)

# Vectors from either back end (int8 ONNX or fp32) of this model agree at cosine >= 0.9995.
MODEL_FAMILY = "all-MiniLM-L6-v2"
# Probability at or above which the model calls a message urgent.
THRESHOLD = 0.5
# L2 penalty on the weights (not the bias), against the summed log-loss of the examples (each
# class weighing as much as the other). Chosen by 5-fold cross-validation on the examples:
# held-out log-loss 0.109 at 0.01, 0.122 at 0.1, 0.225 at 1, 0.46 at 10 (docs/BENCHMARKS.md).
L2_PENALTY = 0.01
NEWTON_STEPS = 50
CONVERGED = 1e-8

Vector = npt.NDArray[np.float32]
Weights = npt.NDArray[np.float64]


@dataclass(frozen=True)
class UrgencyModel:
    weights: Weights
    bias: float
    threshold: float
    examples_digest: str
    model: str  # whose sentence vectors the weights read (MODEL_FAMILY)

    def probability(self, vector: Vector) -> float:
        return float(1.0 / (1.0 + np.exp(-(float(vector @ self.weights) + self.bias))))

    def urgent(self, vector: Vector) -> bool:
        return self.probability(vector) >= self.threshold


def fit_logistic(
    vectors: npt.NDArray[np.floating], labels: Sequence[int], *, l2: float = L2_PENALTY
) -> tuple[Weights, float]:
    """L2-penalised logistic regression by Newton's method, both classes weighing the same."""
    y = np.asarray(labels, dtype=np.float64)
    if not 0 < y.sum() < len(y):
        raise ValueError("urgency examples need both urgent and not urgent messages")
    x = np.hstack([np.asarray(vectors, dtype=np.float64), np.ones((len(y), 1))])
    share = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))  # sums to len(y)
    penalty = l2 * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    w = np.zeros(x.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (share * (p - y)) + penalty @ w
        hessian = (x * (share * p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < CONVERGED:
            break
    return w[:-1], float(w[-1])


def load_examples(path: Path) -> tuple[list[str], list[int]]:
    """``{urgent: [...], not_urgent: [...]}``: the messages and their labels (1 urgent)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    urgent, calm = list(raw["urgent"]), list(raw["not_urgent"])
    return urgent + calm, [1] * len(urgent) + [0] * len(calm)


def examples_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train_model(examples: Path, embedder: Embedder) -> UrgencyModel:
    texts, labels = load_examples(examples)
    weights, bias = fit_logistic(embedder.embed_documents(texts), labels)
    return UrgencyModel(weights, bias, THRESHOLD, examples_digest(examples), MODEL_FAMILY)


def save_model(model: UrgencyModel, path: Path) -> None:
    data = {
        "model": model.model,
        "threshold": model.threshold,
        "examples_sha256": model.examples_digest,
        "bias": round(model.bias, 6),
        "weights": [round(float(w), 6) for w in model.weights],
    }
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")


def load_model(path: Path) -> UrgencyModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return UrgencyModel(
        np.asarray(data["weights"], dtype=np.float64),
        float(data["bias"]),
        float(data["threshold"]),
        str(data["examples_sha256"]),
        str(data["model"]),
    )


class UrgencyCheck:
    """``check(text)``: whether the model reads the message as a child in danger now."""

    def __init__(self, model: UrgencyModel, embedder: Embedder) -> None:
        self.model = model
        self._embedder = embedder

    def __call__(self, text: str) -> bool:
        return self.model.urgent(self._embedder.embed_query(text))


def open_urgency_check(path: Path, embedder: Embedder) -> UrgencyCheck | None:
    """The check for this embedder, or None (the phrase rules alone, with a warning) when the
    model is missing, unreadable, or fitted on another embedding model's vectors."""
    try:
        model = load_model(path)
    except (OSError, ValueError, KeyError, TypeError) as e:
        logger.warning("urgency model %s unusable (%s): phrase rules alone", path, e)
        return None
    if (
        model.model != MODEL_FAMILY
        or MODEL_FAMILY not in embedder.name
        or model.weights.shape != (embedder.dimension,)
    ):
        logger.warning(
            "urgency model fitted on %s vectors, the index embeds with %s: phrase rules alone",
            model.model,
            embedder.name,
        )
        return None
    return UrgencyCheck(model, embedder)
