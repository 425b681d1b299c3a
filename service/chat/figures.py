"""What an answer must hold when a question asks for a figure: a sum, a time or how often, a
count, an age or period a scenario gives, a year, a series of items written in a sentence.
Patterns only; ``question`` decides which one a question wants."""

from __future__ import annotations

import re

from ingest.language import PHONE, content_terms, with_plurals

_UNITS = "two|three|four|five|six|seven|eight|nine"
# A figure, in digits or spelled out ("two", "fourteen", "twenty-eight"); not "one", which is
# more often a pronoun ("one of the...").
NUMBER_WORDS = (
    rf"({_UNITS}|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen"
    rf"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|{_UNITS}))?|\d+)"
)
# A length of time's figure: "one" too, after a word of time ("within one working day"; not
# "One day, she told...").
SPAN_NUMBER = (
    rf"((?:(?<=within )|(?<=than )|(?<=after )|(?<=for )|(?<=least )|(?<=every ))one"
    rf"|{NUMBER_WORDS})"
)
# "within a week", "for a year": not "in a day nursery", "in a year 7 class".
_A_PERIOD = r"(within|than|after|for) (a|an) (working |school |calendar |clear )?"
MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s*(pounds|pence|p per)\b", re.I)
PERIOD = r"(hours?|days?|weeks?|fortnights?|months?|years?|terms?)"
# A length of time given: "within one working day", "14 days", "for a year".
_SPAN = (
    rf"\b{SPAN_NUMBER}\s+(working |school |calendar |clear )?{PERIOD}\b"
    rf"|\b{_A_PERIOD}{PERIOD}\b(?! (?:nursery|centre|care|group|\d))"
)
DURATION = re.compile(
    rf"{_SPAN}"
    r"|\b(daily|weekly|fortnightly|monthly|quarterly)\b|\bhalf[- ]?term|\bannual|\byearly"
    rf"|\bonce a\b|\bevery ({NUMBER_WORDS}|other|{PERIOD})\b|\bimmediately|\bwithout delay"
    r"|\bas soon as (possible|practicable)|\bstraight ?away|\bpromptly|\bearliest opportunity"
    r"|\bby the end\b|\bbirthday|\bage(d)? \d+|\bunder \d+|\bover \d+|\b\d+ or over"
    r"|\bsame day|\bnext day",
    re.I,
)
# A time named ("within 10 working days", "every six months", "twice a year", "immediately",
# "the same day"), not only in words that name none ("at regular intervals", "early"); an age
# ("under 5 years") is not a time.
EXACT_TIME = re.compile(
    rf"(?<!under )(?<!over )(?<!aged )(?<!age )(?:{_SPAN})"
    rf"|\bevery ({NUMBER_WORDS}|other)\b|\b(once|twice) (a|an|every|per|each)\b"
    rf"|\b{NUMBER_WORDS} times\b|\bimmediately\b|\bwithout delay\b|\bstraight ?away\b"
    r"|\b(same|next) (working )?day\b",
    re.I,
)
# A month as a date ("by the end of September", "in May 2024"), not the verb "may".
MONTH = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December)\b"
    r"|\bMay( \d|,? \d{4})|\b(in|by|of|from|until|before|after|since) May\b"
)
HOW_OFTEN = re.compile(r"\bhow (often|frequently)\b|\bhow many times\b", re.I)
# "How long...?" asks a length of time: a period or an age it runs to, not "immediately".
HOW_LONG = re.compile(r"\bhow long\b", re.I)
PERIOD_GIVEN = re.compile(
    rf"{_SPAN}"
    r"|\b(until|up to|to) (the age of |age |their |his |her )?\d{1,2}(st|nd|rd|th)?\b"
    r"|\buntil\b[^.;]{0,30}\b(is|are|reaches|reach|turns|turn) \d{1,2}\b"
    r"|\b\d{1,2}(st|nd|rd|th)? birthday"
    r"|\bhalf[- ]?term|\bindefinite|\bno (time )?limit",
    re.I,
)
# "How long should the article be?" asks a length: words, pages, minutes (not a date or a period).
LENGTH_ASKED = re.compile(r"\bhow long\b[^?]{0,60}\bbe\s*\?", re.I)
LENGTH = re.compile(
    rf"\b{NUMBER_WORDS}[\d,]*(\s*(to|-|–|or|and)\s*{NUMBER_WORDS}[\d,]*)?"
    r"\s+(words|pages|sides|characters|minutes|lines|slides)\b",
    re.I,
)
# How often something happens: "every six months", "twice a year", "monthly", "at intervals".
# "every half term", "each school year", "every six weeks", "half-termly".
_EACH_PERIOD = r"(half[- ]|other )?(school |academic |calendar |working )?"
FREQUENCY = re.compile(
    rf"\bevery ({NUMBER_WORDS}|other)\b|\bevery {_EACH_PERIOD}{PERIOD}\b"
    rf"|\b(once|twice) (a|an|every|per|each)\b|\b(daily|weekly|fortnightly|monthly|quarterly"
    rf"|annual|yearly|termly|half[- ]?termly)"
    rf"|\b(each|a|per) (school |academic )?(day|week|fortnight|month|term|year|quarter)\b"
    rf"|\beach half[- ]term\b"
    rf"|\b{NUMBER_WORDS} times\b|\bintervals?\b|\b{NUMBER_WORDS}[- ]{PERIOD}ly\b",
    re.I,
)
# Measures a scenario gives and a rule states a limit in: a number of days, weeks, months,
# years, or an age ("15", "aged 15", "15-year-old", "under 16", "since the age of 14").
MEASURE = {
    period: re.compile(rf"\b{SPAN_NUMBER}\s+(working |school |calendar )?{period}s?\b", re.I)
    for period in ("day", "week", "month")
} | {
    "age": re.compile(
        r"\b(aged?|age of|under|over|between)\s+\d{1,2}\b|\b\d{1,2}[- ]?(years?[- ]old|yo)\b"
        r"|\bwhen (she|he|they) (was|were) \d{1,2}\b|\b\d{1,2}(th)? birthday"
        r"|\b\d{1,2} or (over|older)|\bages? \d{1,2}|\b\d{1,2}-\d{1,2}\b",
        re.I,
    )
}
# A series written in a sentence: three or more short items, the last after "and"/"or".
SERIES_ITEM = r"[\w'’-]+(?: [\w'’-]+){0,3}"
SERIES = re.compile(
    rf"{SERIES_ITEM}, {SERIES_ITEM}(?:, {SERIES_ITEM}){{0,12}},? (?:and|or) {SERIES_ITEM}"
)
# A year as a period asked about ("in 2020-21", "during 2021", "2020/21"), not a document's
# edition ("the 2024 advice", "Working Together 2023").
YEAR = re.compile(
    r"\b((?:19|20)\d\d)(?=[-/–](?:\d\d)\b|\s+to\s+(?:19|20)\d\d)"
    r"|\b(?:in|during|for|between|from|since|until|by)\s+((?:19|20)\d\d)\b(?![\d,])",
    re.I,
)
FIGURE = re.compile(rf"\b\d|\b{NUMBER_WORDS}\b", re.I)
# A time of day: "9am", "5.30pm", "17:00", "midday".
CLOCK = re.compile(
    r"\b\d{1,2}(?:[.:]\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b\d{1,2}:\d\d\b|\b(midnight|noon|midday)\b",
    re.I,
)
# A postal address: a UK postcode, or a number and a street ("Lynton House, 255-259 High Road").
ADDRESS = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b\d+[-–]?\d*,? [A-Z][a-z]+ (Road|Street|Lane|Avenue|Way"
    r"|Drive|Close|Place|Square|Gardens|Hill|Parade|Broadway)\b"
)
# What answers a question asking for a measure (``measures.MEASURE_ASKED``).
# A ratio given: "1:3", "a ratio of", "one member of staff to every three children".
RATIO = re.compile(
    r"(?<!at )(?<!between )(?<!and )(?<!chapter )(?<!paragraph )\b[1-9]\s?:\s?[1-9]\d?\b"
    r"(?![:.]\d|\s?(?:am|pm)\b)|\bratio (?:of|is)\b"
    rf"|\b(?:one|a|{NUMBER_WORDS}) (?:members? of staff|staff|adults?|carers?|workers?)"
    rf" (?:to|for|per) (?:(?:every|each) (?:{NUMBER_WORDS} )?|{NUMBER_WORDS} )(?:\w+ )?"
    r"(?:children|child|pupils?|young people)\b",
    re.I,
)
MEASURE_ANSWER = {"age": MEASURE["age"], "clock": CLOCK, "address": ADDRESS, "ratio": RATIO}

# How far, in words, a count stands from what it counts ("nine challenging findings", "465
# referrals", "referrals: 465").
COUNT_REACH = 4
# Where what "how many" counts ends: its verb or a preposition ("...findings did it have").
_COUNTED_END = re.compile(
    r"\b(did|do|does|are|is|were|was|should|can|could|will|would|has|have|had|must|may|might"
    r"|in|on|at|of|for|to|per|by|with|from|there|a|an|the)\b",
    re.I,
)
_WORD = re.compile(r"[\w£%'’-]+")
_PLURAL = re.compile(r"[a-z-]{2,}[^siu\W]s|people|children|men|women|staff", re.I)
_AGE_BEFORE = frozenset(("under", "over", "aged", "age", "ages"))
_YEAR_WORD = re.compile(r"(?:19|20)\d\d(?:[-/–]\d\d)?")


def counted_heads(counted_part: str) -> set[str]:
    """Stems of what "how many" counts: the words before its verb ("private fostering
    arrangements" of "private fostering arrangements were notified to CPAT...")."""
    head = _COUNTED_END.split(counted_part.strip(), maxsplit=1)[0].split()
    # What is counted ends with its plural noun: "people" of "people sit on it".
    end = next((n for n, w in enumerate(head) if _PLURAL.fullmatch(w)), len(head) - 1)
    return set(content_terms(" ".join(head[: end + 1])))


def counts_near(sentence: str, heads: set[str], asked: str = "") -> bool:
    """A figure within ``COUNT_REACH`` words of what is counted, or anywhere in a sentence
    giving "the number of" it ("The number of children on a plan rose to 312"). Not a phone
    number, 999, a year, or a figure of what is asked itself ("Section 47 enquiries")."""
    own = {w.lower() for w in _WORD.findall(asked)}
    words = _WORD.findall(PHONE.sub(" ", re.sub(r"\b999\b", " ", sentence)))
    figures = [
        i
        for i, w in enumerate(words)
        if (FIGURE.fullmatch(w) or w[:1].isdigit())
        and w.lower() not in own
        and not _YEAR_WORD.fullmatch(w)
        and not (i and words[i - 1].lower() in _AGE_BEFORE)  # "children under 5": an age
    ]
    named = [i for i, w in enumerate(words) if heads & with_plurals(set(content_terms(w)))]
    numbered = re.search(r"\bnumbers? of\b", sentence, re.I) and any(
        words[i - 1].lower() == "of" for i in named if i > 0
    )
    if figures and numbered:
        return True
    return any(abs(a - b) <= COUNT_REACH for a in figures for b in named)
