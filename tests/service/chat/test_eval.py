"""The gold set runs through the real pipeline; its floors guard what the answer plan reaches.

The issue's answer target (gold ≥ 98%) is not yet met: the floors below are today's measured
figures (docs/BENCHMARKS.md: 49/52 answers, 17/17 unanswerables declined), so a change that
loses ground fails here. Raise them as the answers improve. The held-out sets written without
sight of the code (eval/heldout*.yaml) must route every urgent question to 999, and keep their
measured floors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.app import open_services
from service.chat.evaluation import SiteSet, evaluate, format_report, judge, load_gold, site_sets
from service.chat.schemas import ChatResponse
from service.http.deps import Services
from tests.conftest import OFFICE_HOURS, make_settings

GOLD = Path(__file__).resolve().parents[3] / "eval" / "gold.yaml"
ANSWER_FLOOR = 0.94
DECLINE_FLOOR = 1.0
# Accuracy of each held-out set at the end of session 6 (docs/BENCHMARKS.md), a little under.
HELDOUT_FLOORS = {
    "heldout": 0.84,
    "heldout2": 0.92,
    "heldout3": 0.77,
    "heldout4": 0.7,
    "heldout5": 0.7,
    "heldout6": 0.77,
    "heldout7": 0.8,
    "heldout8": 0.7,
    "heldout9": 0.8,
    "heldout10": 0.85,
    "heldout11": 0.87,
    "heldout12": 0.67,
    "heldout13": 0.72,
    "heldout14": 0.6,
    "heldout15": 0.8,
    "heldout16": 0.72,
}
# Site sets (eval/sites): a partnership's own pages, indexed alone, a little under sessions 11-12's
# figures (docs/BENCHMARKS.md).
SITE_FLOORS = {
    "ashcombe": 0.55,
    "eastvale": 0.55,
    "harbourside": 0.65,
    "northfield": 0.5,
    "southmere": 0.6,
    "westmarsh": 0.65,
}


def test_gold_set_is_large_and_covers_every_kind() -> None:
    cases = load_gold(GOLD)
    assert len(cases) >= 80
    assert {c.kind for c in cases} == {"answer", "urgent", "refusal", "unanswerable"}
    assert sum(c.kind == "unanswerable" for c in cases) >= 15
    assert len({c.id for c in cases}) == len(cases)


def test_gold_set_holds_its_floors(services: Services) -> None:
    report = evaluate("gold", load_gold(GOLD), services.chat)
    text = format_report(report, verbose=True)
    assert report.accuracy(["urgent"]) == 1.0, text
    assert report.accuracy(["refusal"]) == 1.0, text
    assert report.accuracy(["answer"]) >= ANSWER_FLOOR, text
    assert report.declined >= DECLINE_FLOOR, text
    assert report.repeating <= 2, text
    assert report.median_words <= 60, text


def test_judge_fails_an_answer_that_invents_a_figure() -> None:
    case = load_gold(GOLD)[0].model_copy(
        update={"kind": "unanswerable", "must_not": [r"£\s?\d"], "facts": []}
    )
    response = ChatResponse(
        answer="It costs £40 [1].",
        citations=[],
        urgent=False,
        grounded=True,
        contacts=[],
        conversation_id="x",
    )
    outcome = judge(case, response)
    assert not outcome.ok
    assert any("must not" in p for p in outcome.problems)


def test_held_out_sets_route_every_urgent_question_and_hold_their_floors(
    services: Services,
) -> None:
    for name, floor in HELDOUT_FLOORS.items():
        report = evaluate(name, load_gold(GOLD.parent / f"{name}.yaml"), services.chat)
        text = format_report(report, verbose=True)
        assert report.accuracy(["urgent"]) == 1.0, text
        assert report.accuracy() >= floor, text
        assert report.repeating == 0, text


@pytest.mark.parametrize("site", site_sets(GOLD.parent / "sites"), ids=lambda s: s.name)
def test_site_sets_route_every_urgent_question_and_hold_their_floors(
    site: SiteSet, tmp_path_factory: pytest.TempPathFactory
) -> None:
    no_briefings = tmp_path_factory.mktemp("no-briefings")
    settings = make_settings(
        tmp_path_factory.mktemp(site.name), corpus_dir=site.docs, briefings_dir=no_briefings
    )
    chat = open_services(settings).chat
    chat.clock = lambda: OFFICE_HOURS
    report = evaluate(site.name, load_gold(site.questions), chat)
    text = format_report(report, verbose=True)
    assert len(report.outcomes) >= 40
    assert report.accuracy(["urgent"]) == 1.0, text
    assert report.accuracy() >= SITE_FLOORS[site.name], text
    assert report.repeating == 0, text


def test_every_site_set_has_a_floor() -> None:
    assert {s.name for s in site_sets(GOLD.parent / "sites")} == set(SITE_FLOORS)
