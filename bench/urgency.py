"""Urgency detection: the phrase rules, the urgency model, and both (what the service does).

    .venv/bin/python bench/urgency.py

On ``eval/urgency.yaml`` and ``eval/urgency-round4.yaml`` (blind rounds 3 and 4, each 50 urgent and
50 not; never examples for the model), on the
follow-ups of ``eval/urgency-turns.yaml`` (30 and 30, each judged alone) and on every
question of the evaluation sets in ``eval/`` (their ``urgent`` kind against all others, plain
questions mostly: the false alarms an everyday question gets). Reports recall and false alarms,
and the median cost of the model's check on a question not yet embedded.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402

from kb.embeddings import OnnxEmbedder  # noqa: E402
from service.chat.evaluation import load_dev, load_gold  # noqa: E402
from service.chat.safety import is_urgent, screen  # noqa: E402
from service.chat.urgency import open_urgency_check  # noqa: E402
from service.config import BUNDLED_URGENCY_MODEL  # noqa: E402

EVAL = Path(__file__).resolve().parents[1] / "eval"


def question_sets() -> tuple[list[str], list[str]]:
    """The eval sets' questions: those of kind ``urgent``, and all others (the UK sets' guidance
    questions are none urgent)."""
    cases = [
        c for p in [EVAL / "gold.yaml", *sorted(EVAL.glob("heldout*.yaml"))] for c in load_gold(p)
    ]
    cases += [c for p in sorted(EVAL.glob("uk-heldout*.yaml")) for c in load_dev(p)]
    urgent = [c.question for c in cases if c.kind == "urgent"]
    return urgent, [c.question for c in cases if c.kind != "urgent"]


def main() -> None:
    embedder = OnnxEmbedder()
    check = open_urgency_check(BUNDLED_URGENCY_MODEL, embedder)
    assert check is not None, "no urgency model for this embedder"
    judges: dict[str, Callable[[str], bool]] = {
        "phrase rules": is_urgent,
        "model": check,
        "rules or model": lambda text: screen(text, meaning=check).urgent,
    }
    turns = yaml.safe_load((EVAL / "urgency-turns.yaml").read_text(encoding="utf-8"))
    sets: dict[str, tuple[list[str], list[str]]] = {}
    for path in sorted(EVAL.glob("urgency*.yaml")):  # each blind round of urgent/not messages
        test = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "not_urgent" in test and path != EVAL / "urgency-turns.yaml":
            sets[f"eval/{path.name}"] = (test["urgent"], test["not_urgent"])
    sets |= {
        # Each follow-up is judged alone, as the service judges it.
        "eval/urgency-turns.yaml": (
            [pair["current"] for pair in turns["urgent"]],
            [pair["current"] for pair in turns["not_urgent"]],
        ),
        "eval/ question sets": question_sets(),
    }
    for name, (urgent, calm) in sets.items():
        print(f"{name}: {len(urgent)} urgent, {len(calm)} not")
        for judge, said in judges.items():
            found = sum(map(said, urgent))
            alarms = sum(map(said, calm))
            print(
                f"  {judge:15s} recall {found}/{len(urgent)} ({found / len(urgent):.0%})"
                f"  false alarms {alarms}/{len(calm)} ({alarms / len(calm):.1%})"
            )
    costs = []
    for n, text in enumerate(sets["eval/urgency.yaml"][1]):
        started = time.perf_counter()
        check(f"{text} ({n})")  # a text not embedded before
        costs.append((time.perf_counter() - started) * 1000)
    print(f"model check on a new question: median {statistics.median(costs):.1f} ms")


if __name__ == "__main__":
    main()
