"""Know what is asked: the kind of answer a question wants, and the shape that answer takes.

A question is classified once, from its wording alone (no corpus knowledge), into one kind:

- ``steps``: "what should I do", "how do I refer", "what is the process" — numbered steps;
- ``list``: "what are the four areas", "which ... can", "list" — every item, bulleted;
- ``contact``: "who do I call", "what is the phone number" — the curated contact first;
- ``amount``: "how much", "cost", "allowance" — a sum of money, stated or declined;
- ``timescale``: "how long", "how quickly", "how often", "when must" — the time first;
- ``number``: "how many", "what score" — the figure first;
- ``definition``: "what is X", "what does X mean" — the defining sentence first;
- ``yes_no``: "is", "can", "does", "do I need" — the rule that decides it;
- ``fact``: anything else — one or two sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from service.chat.figures import (
    DURATION,
    FIGURE,
    FREQUENCY,
    HOW_LONG,
    HOW_OFTEN,
    LENGTH,
    LENGTH_ASKED,
    MEASURE,
    MEASURE_ANSWER,
    MONEY,
    MONTH,
    PERIOD_GIVEN,
    SERIES,
    SPAN_NUMBER,
    YEAR,
    counted_heads,
    counts_near,
)
from service.chat.measures import (
    MEASURE_ASKED,
    REPORTED,
    TIME_ASKED,
    UNIT,
)
from service.chat.reaching import details_asked
from service.chat.wording import (
    AMOUNT_ASKED,
    CONTACT_ASKED,
    DEFINITION_ASKED,
    FURTHER_PART,
    INSTANCE,
    LIST_ASKED,
    NUMBER_ASKED,
    ONE_OF,
    STEPS_ASKED,
    TEXTED,
    TEXTING,
    TIMESCALE_ASKED,
    WHICH,
    WHO_DOES,
    WHO_IS,
    YES_NO_ASKED,
    asked_part,
    questions_put,
)


class Kind(StrEnum):
    STEPS = "steps"
    LIST = "list"
    CONTACT = "contact"
    AMOUNT = "amount"
    TIMESCALE = "timescale"
    NUMBER = "number"
    DEFINITION = "definition"
    YES_NO = "yes_no"
    FACT = "fact"


@dataclass(frozen=True)
class Question:
    """A question with what its answer must look like."""

    text: str
    kind: Kind
    unit: str | None = None  # "hours" for "how many hours": the figure must carry it

    @property
    def wants_items(self) -> bool:
        return self.kind in (Kind.LIST, Kind.STEPS)

    def offers_answer(self, sentence: str) -> bool:
        """Whether ``sentence`` has the kind of thing asked for (a sum, a time, a figure)."""
        if self.kind is Kind.AMOUNT:
            return bool(MONEY.search(sentence))
        if self.details_asked is not None:
            return bool(self.details_asked.search(sentence))
        if self.measure_asked:
            return bool(MEASURE_ANSWER[self.measure_asked].search(sentence))
        if self.unit:
            # "12 hours", "three contact hours"; not a phone number before "(office hours)".
            figure = rf"(?<![\d ]\d)(?<!\d\d )\b{SPAN_NUMBER}\s+([a-z-]+\s+){{0,2}}"
            return bool(re.search(figure + self.unit[:-1], sentence, re.I))
        if self.kind is Kind.TIMESCALE and HOW_OFTEN.search(self.text):
            return bool(FREQUENCY.search(sentence))  # "how often": a date is not an answer
        if self.kind is Kind.TIMESCALE and LENGTH_ASKED.search(self.asked):
            # "how long should the article be?": words, pages, hours; not a date
            return bool(LENGTH.search(sentence) or PERIOD_GIVEN.search(sentence))
        if self.kind is Kind.TIMESCALE and HOW_LONG.search(self.asked):
            return bool(PERIOD_GIVEN.search(sentence) or MONTH.search(sentence))
        if self.kind is Kind.TIMESCALE:
            return bool(DURATION.search(sentence) or MONTH.search(sentence))
        if self.counts:  # a count of what is counted: not a phone number, not "call 999"
            heads = counted_heads(self.counted_part)
            if not heads:
                return bool(FIGURE.search(sentence))
            return counts_near(sentence, heads, self.counted_part)
        if self.kind is Kind.NUMBER:
            return bool(FIGURE.search(sentence))
        if self.kind is Kind.LIST:  # "...in peer groups, schools, neighbourhoods or online"
            return bool(SERIES.search(sentence))
        if self.kind is Kind.YES_NO and self.scene_measures:
            return any(MEASURE[m].search(sentence) for m in self.scene_measures)
        return True

    @cached_property
    def details_asked(self) -> re.Pattern[str] | None:
        """A number or an email asked for ("whats the mash number?", "cdop email pls"): only a
        sentence giving one answers."""
        if self.kind is not Kind.CONTACT:
            return None
        # Asked in a further part ("What is a LADO, and what's their number?"), the number is
        # the answer's second line (``holding.given_for``), not its first.
        return details_asked(asked_part(self.part_texts[0]))

    @cached_property
    def further_details(self) -> re.Pattern[str] | None:
        """A number or an email a further part asks for ("..., and what's their number?"): a
        line giving one follows the answer to the first part."""
        return next((d for d in map(details_asked, self.further_parts) if d), None)

    @cached_property
    def scene_measures(self) -> frozenset[str]:
        """What a yes/no scenario measures ("in foster care for 10 weeks when she was 15":
        weeks and age): the rule that decides it states a limit in the same measure."""
        if self.kind is not Kind.YES_NO:
            return frozenset()
        return frozenset(m for m, pattern in MEASURE.items() if pattern.search(self.text))

    @cached_property
    def defined_term(self) -> str | None:
        """What a defining sentence must name to answer this: the X of "what is X?", or of
        "..., is that X?" (a situation measured against a definition)."""
        if self.kind is Kind.DEFINITION:
            return self.text
        instance = INSTANCE.search(self.text) if self.kind is Kind.YES_NO else None
        return instance.group("term") if instance else None

    @cached_property
    def parts(self) -> int:
        """How many questions this is ("How soon must she visit, and how often after that?":
        two): each further part may need a sentence of its own."""
        return 1 + len(FURTHER_PART.findall(self.text)) + max(0, self.text.count("?") - 1)

    @cached_property
    def action(self) -> str | None:
        """The verb of "who manages...?", "who decides...?": the answer says who does it."""
        match = WHO_DOES.search(self.asked)
        return match.group(1).lower() if match else None

    @cached_property
    def category(self) -> str | None:
        """The X of "which X is Redbridge part of?" ("Integrated Care System", "team"): the
        answer names one ("the North East London Integrated Care System")."""
        match = WHICH.search(self.asked)
        return match.group(1) if match and self.kind is Kind.FACT else None

    def names_one(self, sentence: str) -> bool:
        """Whether ``sentence`` names an X the question does not ("...belongs to the North
        East London (NEL) Integrated Care System")."""
        if not self.category:
            return False
        named = re.finditer(
            rf"((?:[A-Z][\w'’-]+\s+(?:\([A-Z]+\)\s+)?)+)(?i:{re.escape(self.category)})", sentence
        )
        return any(
            not set(m.group(1).lower().split()) <= set(self.text.lower().split()) for m in named
        )

    @cached_property
    def part_texts(self) -> list[str]:
        """The text of each part, split where a further part begins ("...published", ", and
        who has to be sent a copy?")."""
        starts = [0, *(m.start() for m in FURTHER_PART.finditer(self.text)), len(self.text)]
        return [self.text[a:b] for a, b in zip(starts, starts[1:], strict=False)]

    @cached_property
    def counted_part(self) -> str:
        """What follows "how many" in the part asking it ("referrals did the LADO receive" of
        "How many referrals did the LADO receive, and what proportion...?")."""
        part = next((p for p in self.part_texts if re.search(r"\bhow many\b", p, re.I)), self.text)
        # What follows "how many" in its part: the scene before it is not what is counted.
        return re.split(r"\bhow many\b", part, maxsplit=1, flags=re.I)[-1]

    @cached_property
    def role_asked(self) -> str | None:
        """The role a person's name is asked for: "the RSCP manager" of "who is the RSCP
        manager and have you got a mobile for them?"."""
        match = WHO_IS.search(self.text)
        return match.group("role") if match else None

    @property
    def further_parts(self) -> list[str]:
        """The text of each part after the first (["..., and who has to be sent a copy?"])."""
        return self.part_texts[1:]

    @cached_property
    def asked(self) -> str:
        """What is asked: the last sentence when a scene is set before it ("A pupil has stopped
        coming; nobody knows where she is. What enquiries should we make?")."""
        return asked_part(self.text)

    @cached_property
    def years(self) -> frozenset[str]:
        """The years the question names ("in 2020-21": 2020)."""
        return frozenset(year for match in YEAR.findall(self.text) for year in match if year)

    @property
    def counts(self) -> bool:
        """A "how many ..." question: the answer is a count of something named."""
        return self.kind is Kind.NUMBER and bool(re.search(r"\bhow many\b", self.text, re.I))

    @cached_property
    def wants_figure(self) -> bool:
        """Whether a sentence with the figure asked for (a sum, a time, a count; for a yes/no
        scenario, a limit in its own measure) is preferred."""
        return (
            self.kind in (Kind.AMOUNT, Kind.TIMESCALE, Kind.NUMBER)
            or self.details_asked is not None
            or bool(self.scene_measures)
            or self.measure_asked is not None
        )

    @cached_property
    def measure_asked(self) -> str | None:
        """ "age", "clock", "address": only that answers ("what age...?", "office hours?")."""
        # What is asked, or a question reported in the scene ("asked me what age it's legal...").
        asked = " ".join([self.asked, *REPORTED.findall(self.text)])
        found = next((m for m, p in MEASURE_ASKED.items() if p.search(asked)), None)
        if self.kind in (Kind.CONTACT, Kind.STEPS) or (found, self.kind) == ("age", Kind.YES_NO):
            return None  # "Is a 17-year-old covered?": the rule's age, measured against hers
        return found

    @cached_property
    def needs_exact_figure(self) -> bool:
        """Questions that can only be answered by a figure of a named kind (a sum, hours, a
        time asked for as such).

        When no chosen sentence carries one, the honest answer is that the documents don't say.
        """
        if self.kind is Kind.TIMESCALE and TIME_ASKED.search(self.text):
            return True  # "how long...", "what's the deadline...": a time, or nothing
        return self.kind is Kind.AMOUNT or self.unit is not None or self.measure_asked is not None


# Opening what is asked, these ask for a time whatever follows.
_OPENING = re.compile(r"\s*(how (?:long|quickly|soon|often|frequently))\b", re.I)


def classify(text: str) -> Question:
    """The kind of answer ``text`` asks for (see the module docstring)."""
    text = TEXTING.sub(lambda m: TEXTED[m.group(0)], text)  # "what r the..."
    unit_match = UNIT.search(text)
    unit = unit_match.group(1).lower() if unit_match else None
    if ONE_OF.search(text) and not STEPS_ASKED.search(text):
        return Question(text, Kind.FACT, unit)  # "which of the principles applies?": one
    # The question word that opens what is asked governs: "How quickly should they ... and
    # decide what happens next?" asks for a time.
    if _OPENING.match(Question(text, Kind.FACT).asked):
        return Question(text, Kind.TIMESCALE, unit)
    # What is asked decides, never the scene set before it ("...a waiting list... Can they turn
    # him down?" asks yes or no; "...meet their criteria" does not make a question a list).
    asked = questions_put(text)
    for kind, pattern in (
        (Kind.STEPS, STEPS_ASKED),
        (Kind.CONTACT, CONTACT_ASKED),
        (Kind.AMOUNT, AMOUNT_ASKED),
        (Kind.LIST, LIST_ASKED),
        (Kind.TIMESCALE, TIMESCALE_ASKED),
        (Kind.NUMBER, NUMBER_ASKED),
        (Kind.DEFINITION, DEFINITION_ASKED),
        (Kind.YES_NO, YES_NO_ASKED),
    ):
        if pattern.search(asked):
            return Question(text, kind, unit)
    return Question(text, Kind.FACT, unit)
