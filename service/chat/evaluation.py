"""Answer-quality evaluation on two sets, reported the same way.

- ``eval/gold.yaml``: questions on the bundled corpus (kinds answer, urgent, refusal,
  unanswerable), each answer judged by the facts it must contain and the file it must cite.
- ``../shared/eval/uk-dev.yaml``: questions on statutory guidance nobody in the project wrote
  (kinds fact, list, steps, unanswerable), judged by regexes a correct answer must (and must not)
  match, and by whether a citation is the answering page (±2).
- ``eval/sites/<name>/``: a (fictional) partnership's web pages and questions on them, in the
  gold set's form, each site indexed alone: how the answers fare on a partnership's own pages.

Reported: accuracy per kind, the decline rate on unanswerable questions, how many answers say a
thing twice, and the median answer length in words for questions that are not lists or steps.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from ingest.language import content_terms
from service.chat.answering import answer_question
from service.chat.deps import ChatDeps
from service.chat.schemas import ChatRequest, ChatResponse

# Targets from the answers issue.
TARGETS = {"gold": 0.98, "uk-dev": 0.90}  # every other set: 0.9
TARGET_DECLINED = 1.0
# Two answer lines sharing this much vocabulary say the same thing.
REPEAT_JACCARD = 0.6
# Kinds whose answers are lists; the length target is for the others.
ITEM_KINDS = frozenset({"list", "steps"})
_MARKER = re.compile(r"\s*\[\d+\]")


class Case(BaseModel):
    """One question of either set, in one shape."""

    id: str
    kind: str
    question: str
    facts: list[str] = Field(default_factory=list)  # plain strings (gold)
    must: list[str] = Field(default_factory=list)  # regexes (uk-dev)
    must_not: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    page: int | None = None

    @property
    def declines(self) -> bool:
        return self.kind in ("unanswerable", "refusal")


@dataclass
class Outcome:
    case: Case
    response: ChatResponse
    ok: bool
    cited_ok: bool | None
    repeats: bool
    problems: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(_MARKER.sub("", self.response.answer).split())


@dataclass
class Report:
    name: str
    outcomes: list[Outcome]

    def accuracy(self, kinds: Iterable[str] | None = None) -> float:
        chosen = [o for o in self.outcomes if kinds is None or o.case.kind in set(kinds)]
        return sum(o.ok for o in chosen) / len(chosen) if chosen else 1.0

    @property
    def kinds(self) -> list[str]:
        return sorted({o.case.kind for o in self.outcomes})

    @property
    def declined(self) -> float:
        return self.accuracy(["unanswerable"])

    @property
    def repeating(self) -> int:
        return sum(o.repeats for o in self.outcomes)

    @property
    def median_words(self) -> float:
        words = [
            o.words
            for o in self.outcomes
            if o.response.grounded and o.case.kind not in ITEM_KINDS and not o.case.declines
        ]
        return statistics.median(words) if words else 0.0

    @property
    def cited_right(self) -> float:
        judged = [o.cited_ok for o in self.outcomes if o.cited_ok is not None]
        return sum(judged) / len(judged) if judged else 1.0

    @property
    def passed(self) -> bool:
        return self.accuracy() >= TARGETS.get(self.name, 0.9) and self.declined >= TARGET_DECLINED


@dataclass(frozen=True)
class SiteSet:
    """A partnership's own pages and questions on them (``eval/sites/<name>/docs`` and
    ``questions.yaml``, in the gold set's form): documents the code was not written against,
    indexed alone."""

    name: str
    docs: Path
    questions: Path


def site_sets(root: Path) -> list[SiteSet]:
    """Every site set under ``root`` (``eval/sites``), by name."""
    if not root.is_dir():
        return []
    return [
        SiteSet(p.name, p / "docs", p / "questions.yaml")
        for p in sorted(root.iterdir())
        if (p / "questions.yaml").is_file() and (p / "docs").is_dir()
    ]


def load_gold(path: Path) -> list[Case]:
    """``eval/gold.yaml``: a list of {id, kind, question, expect_facts, expect_source}."""
    cases = []
    for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
        source = raw.get("expect_source") or []
        cases.append(
            Case(
                id=raw["id"],
                kind=raw["kind"],
                question=raw["question"],
                facts=raw.get("expect_facts") or [],
                sources=[source] if isinstance(source, str) else source,
            )
        )
    return cases


def load_dev(path: Path) -> list[Case]:
    """``uk-dev.yaml``: {cases: [{id, q, kind, must, must_not, source, page}]}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(
            id=c["id"],
            kind=c["kind"],
            question=c["q"],
            must=c.get("must") or [],
            must_not=c.get("must_not") or [],
            sources=[c["source"]] if c.get("source") else [],
            page=c.get("page"),
        )
        for c in data["cases"]
    ]


def judge(case: Case, response: ChatResponse) -> Outcome:
    answer = " ".join(response.answer.split())
    problems: list[str] = []
    for pattern in case.must_not:
        if re.search(pattern, answer, re.IGNORECASE):
            problems.append(f"says what it must not: {pattern}")
    if case.kind == "urgent":
        first = response.contacts[0].phone if response.contacts else None
        if not (response.urgent and first == "999" and answer.lower().startswith(_URGENT_START)):
            problems.append(f"urgent={response.urgent} first contact={first}")
    elif case.declines:
        if response.grounded or response.citations or not response.contacts:
            problems.append(f"answered: grounded={response.grounded}")
    else:
        if not response.grounded:
            problems.append("declined")
        missing = [f for f in case.facts if f.lower() not in answer.lower()]
        missing += [p for p in case.must if not re.search(p, answer, re.IGNORECASE)]
        if missing:
            problems.append(f"missing {missing}")
    cited_ok = _cited_ok(case, response) if case.sources and not case.declines else None
    return Outcome(case, response, not problems, cited_ok, _repeats(response.answer), problems)


_URGENT_START = "if a child is in immediate danger, call 999"


def _cited_ok(case: Case, response: ChatResponse) -> bool:
    for citation in response.citations:
        for expected in case.sources:
            if Path(expected).stem != Path(citation.source).stem:
                continue
            if case.page is None or citation.page is None or abs(citation.page - case.page) <= 2:
                return True
    return False


def _repeats(answer: str) -> bool:
    """Whether two lines of the answer say the same thing."""
    lines = [
        frozenset(content_terms(_MARKER.sub("", part)))
        for part in re.split(r"(?<=[.!?])\s+|\n+", answer)
        if part.strip()
    ]
    lines = [terms for terms in lines if len(terms) >= 3]
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            if len(a & b) / len(a | b) >= REPEAT_JACCARD:
                return True
    return False


def evaluate(name: str, cases: list[Case], deps: ChatDeps) -> Report:
    return Report(
        name, [judge(c, answer_question(ChatRequest(question=c.question), deps)) for c in cases]
    )


def format_report(report: Report, *, verbose: bool = False) -> str:
    target = TARGETS.get(report.name, 0.9)
    lines = [
        f"{report.name}: {len(report.outcomes)} questions",
        f"  accuracy            {report.accuracy():7.1%}  (target ≥ {target:.0%})",
    ]
    for kind in report.kinds:
        chosen = [o for o in report.outcomes if o.case.kind == kind]
        right = sum(o.ok for o in chosen)
        lines.append(f"    {kind:<17} {right / len(chosen):7.1%}  ({right}/{len(chosen)})")
    lines += [
        f"  unanswerable declined {report.declined:5.1%}  (target 100%)",
        f"  cites the right source {report.cited_right:5.1%}",
        f"  answers that repeat   {report.repeating}",
        f"  median words (not lists/steps) {report.median_words:.0f}  (target ≤ 60)",
    ]
    if verbose:
        for o in report.outcomes:
            if not o.ok or o.repeats:
                lines.append(
                    f"  - {o.case.id} [{o.case.kind}]: {'; '.join(o.problems) or 'repeats'}"
                )
                lines.append(f"      {' '.join(o.response.answer.split())[:400]}")
    lines.append("PASS" if report.passed else "FAIL")
    return "\n".join(lines)
