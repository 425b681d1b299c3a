"""What measure a question asks for: a time, a time of day, an age, an address, a ratio, a unit
a figure must carry. Patterns only; ``question`` reads them, ``figures`` says what answers each."""

from __future__ import annotations

import re

# Units a figure must carry when the question names them ("how many hours", "how many weeks").
UNIT = re.compile(r"\bhow many (?:[a-z]+ )?(hours|days|weeks|months|years|sessions|times)\b", re.I)
# A time counted as a figure ("how many working days"): the figure's unit, not what is timed.
TIME_UNIT = re.compile(
    r"\bhow many (?:(?:working|school|calendar|clear) )?(?:hours|days|weeks|months|years)\b", re.I
)
# Asking for a time itself (not "when does X apply?"): only a time answers.
TIME_ASKED = re.compile(
    # "how long should the article be?" asks a length, not a time.
    r"\bhow long\b(?![^?]{0,60}\bbe\s*\?)|\bhow (quickly|soon|often|frequently)\b|\bdeadline\b"
    r"|\btime limit\b|\bhow much (time|notice|warning)\b"
    r"|\bwithin how\b|\bby when\b",
    re.I,
)
# Asking for an age ("what age can...", "the minimum age for...", "how old must..."): only an age
# answers, and only one said of what is asked about.
AGE_ASKED = re.compile(
    r"\b(what|which|minimum|maximum|legal|lowest|youngest|upper|lower)\s+age\b(?![-\s]appropriate)"
    r"|\bhow old\b|\bage limit\b",
    re.I,
)
# Asking for a time of day ("what are CPAT's office hours?", "what time does it open?"), not a
# time limit ("what time frame applies?") or hours of training.
CLOCK_ASKED = re.compile(
    r"\bwhat time(?:'s|’s|s)? (does|do|is|will|did|are|was|were|should|the) (?!i\b|we\b|you\b)"
    r"|\bwhat(?: are|'s|’s|s| is) [\w'’ ]{0,30}\b(office|opening|working) hours\b"
    r"|\bwhen (does|do|is|are) [\w'’ ]{0,30}\b(office|line|helpline|service|team|centre|desk|it"
    r"|they) (open|close|shut)\b",
    re.I,
)
# Asking for where to write or go ("the postal address of the MASH"), not an email address.
ADDRESS_ASKED = re.compile(
    r"\b(postal|street|office|building|physical|full) address\b|\bpost ?code\b"
    r"|\bwhat(?:'s|’s|s| is) (?:your|their|its|the(?: [\w'’-]+){0,4}?)"
    r"(?<!email)(?<!e-mail) address\b"
    r"|\bwhere (is|are) (the|their|its) offices?\b",
    re.I,
)
# A question reported in a scene: "A parent asked me what age it's legal to leave a child".
REPORTED = re.compile(
    r"\b(?:asked|asking|asks|wants? to know|wondering|wondered)(?: me| us| him| her| them)?"
    r" ((?:what|how|when|which)\b[^.?!]*)",
    re.I,
)
# Asking for a ratio: "what staff-to-child ratio", "how many staff per child".
RATIO_ASKED = re.compile(
    r"\bratios?\b|\b(?:staff|adults?|carers?) per (?:child|children|pupils?|young)"
    r"|\bhow many (?:staff|adults|carers) (?:per|for each|for every|to each|to every)\b",
    re.I,
)
MEASURE_ASKED = {
    "age": AGE_ASKED,
    "clock": CLOCK_ASKED,
    "address": ADDRESS_ASKED,
    "ratio": RATIO_ASKED,
}
# The words of a question that ask for an age rather than say what it is the age for.
AGE_WORDS = frozenset(
    "age ages old legal legally minimum maximum limit lowest youngest upper lower".split()  # noqa: SIM905
)
