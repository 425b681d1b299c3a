"""The gold question set: key-fact accuracy, citation accuracy, urgent recall, refusal accuracy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field

from service.chat.answering import ChatDeps, answer_question
from service.chat.schemas import ChatRequest, ChatResponse

# Targets from the chat-service issue.
TARGET_FACTS = 0.95
TARGET_URGENT = 1.0
TARGET_REFUSAL = 1.0


class GoldItem(BaseModel):
    id: str
    kind: Literal["answer", "urgent", "refusal"]
    question: str
    expect_facts: list[str] = Field(default_factory=list)
    expect_source: str | list[str] | None = None

    @property
    def sources(self) -> list[str]:
        if self.expect_source is None:
            return []
        return [self.expect_source] if isinstance(self.expect_source, str) else self.expect_source


@dataclass
class Outcome:
    item: GoldItem
    response: ChatResponse
    facts_ok: bool
    citation_ok: bool | None
    problems: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    outcomes: list[Outcome]

    def _share(self, kind: str, attr: str) -> float:
        chosen = [o for o in self.outcomes if o.item.kind == kind and getattr(o, attr) is not None]
        return sum(bool(getattr(o, attr)) for o in chosen) / len(chosen) if chosen else 1.0

    @property
    def fact_accuracy(self) -> float:
        return self._share("answer", "facts_ok")

    @property
    def citation_accuracy(self) -> float:
        return self._share("answer", "citation_ok")

    @property
    def urgent_recall(self) -> float:
        return self._share("urgent", "facts_ok")

    @property
    def refusal_accuracy(self) -> float:
        return self._share("refusal", "facts_ok")

    @property
    def false_urgent(self) -> int:
        return sum(o.response.urgent for o in self.outcomes if o.item.kind != "urgent")

    @property
    def passed(self) -> bool:
        return (
            self.fact_accuracy >= TARGET_FACTS
            and self.urgent_recall >= TARGET_URGENT
            and self.refusal_accuracy >= TARGET_REFUSAL
        )


def load_gold(path: Path) -> list[GoldItem]:
    return [GoldItem.model_validate(x) for x in yaml.safe_load(path.read_text(encoding="utf-8"))]


def _source_id(expected: str) -> str:
    """Gold files name sources by path; the index names them corpus/<file> or briefings/<slug>."""
    if expected.startswith("briefings/"):
        return f"briefings/{Path(expected).stem}"
    return f"corpus/{Path(expected).name}"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def judge(item: GoldItem, response: ChatResponse) -> Outcome:
    answer = _norm(response.answer)
    problems = []
    if item.kind == "answer":
        missing = [f for f in item.expect_facts if _norm(f) not in answer]
        facts_ok = response.grounded and not missing
        if not response.grounded:
            problems.append("not grounded")
        if missing:
            problems.append(f"missing facts {missing}")
        cited = {c.source for c in response.citations}
        expected = {_source_id(s) for s in item.sources}
        citation_ok = bool(cited & expected) if expected else None
        if citation_ok is False:
            problems.append(f"cited {sorted(cited)}, expected {item.sources}")
        return Outcome(item, response, facts_ok, citation_ok, problems)
    if item.kind == "urgent":
        first = response.contacts[0].phone if response.contacts else None
        facts_ok = (
            response.urgent
            and first == "999"
            and answer.startswith("if a child is in immediate danger, call 999")
        )
        if not facts_ok:
            problems.append(f"urgent={response.urgent} first contact={first}")
        return Outcome(item, response, facts_ok, None, problems)
    facts_ok = not response.grounded and not response.citations and bool(response.contacts)
    if not facts_ok:
        problems.append(f"grounded={response.grounded} citations={len(response.citations)}")
    return Outcome(item, response, facts_ok, None, problems)


def evaluate(items: list[GoldItem], deps: ChatDeps) -> EvalReport:
    return EvalReport(
        [judge(i, answer_question(ChatRequest(question=i.question), deps)) for i in items]
    )


def print_report(report: EvalReport, *, verbose: bool = False) -> None:
    counts = {
        k: sum(o.item.kind == k for o in report.outcomes) for k in ("answer", "urgent", "refusal")
    }
    print(  # noqa: T201
        f"gold questions: {len(report.outcomes)} ({counts['answer']} answer, "
        f"{counts['urgent']} urgent, {counts['refusal']} refusal)"
    )
    rows = [
        ("key-fact accuracy", report.fact_accuracy, TARGET_FACTS),
        ("citation accuracy", report.citation_accuracy, None),
        ("urgent recall", report.urgent_recall, TARGET_URGENT),
        ("refusal accuracy", report.refusal_accuracy, TARGET_REFUSAL),
    ]
    for name, value, target in rows:
        goal = f"(target ≥ {target:.0%})" if target is not None else ""
        print(f"{name:<20} {value:7.1%} {goal}")  # noqa: T201
    print(f"false urgent flags   {report.false_urgent}")  # noqa: T201
    failures = [o for o in report.outcomes if not o.facts_ok or o.citation_ok is False]
    if verbose:
        for o in failures:
            print(f"- {o.item.id}: {'; '.join(o.problems)}")  # noqa: T201
            print(f"    answer: {o.response.answer[:300]}")  # noqa: T201
    print("PASS" if report.passed else "FAIL")  # noqa: T201
