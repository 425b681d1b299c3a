"""The gold question set meets the chat-service targets on the bundled corpus."""

from __future__ import annotations

from pathlib import Path

from service.chat.evaluation import (
    TARGET_FACTS,
    TARGET_REFUSAL,
    TARGET_URGENT,
    evaluate,
    load_gold,
)
from service.http.deps import Services

GOLD = Path(__file__).resolve().parents[3] / "eval" / "gold.yaml"


def test_gold_set_is_large_and_covers_every_kind() -> None:
    items = load_gold(GOLD)
    assert len(items) >= 40
    assert {i.kind for i in items} == {"answer", "urgent", "refusal"}
    assert len({i.id for i in items}) == len(items)


def test_gold_set_meets_the_targets(services: Services) -> None:
    report = evaluate(load_gold(GOLD), services.chat)
    failures = [f"{o.item.id}: {o.problems}" for o in report.outcomes if not o.facts_ok]
    assert report.urgent_recall >= TARGET_URGENT, failures
    assert report.refusal_accuracy >= TARGET_REFUSAL, failures
    assert report.fact_accuracy >= TARGET_FACTS, failures
    assert report.citation_accuracy >= 0.95, failures
