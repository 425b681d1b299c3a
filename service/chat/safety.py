"""The safety layer: urgent danger, requests we must refuse, and personal data.

Pure functions over the question text. Urgency is judged for recall: a false alarm costs one
line about 999 above a normal answer; a missed one could cost a child.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from ingest.language import EMAIL

# A small child: "a toddler", "my neighbour's 2yo", "a four-year-old", "a little boy".
_SMALL_CHILD = (
    r"(?:toddler|baby|newborn|infant|little one|young child|small child|kid|little (?:boy|girl|kid)"
    r"|(?:[1-9]|one|two|three|four|five|six)[- ]?(?:years?[- ]?old|yrs?[- ]?old|yo|y/o))"
)
# Phrases that suggest a particular child is at risk now. Topic words alone ("knife crime",
# "children missing education") are deliberately not enough.
_URGENT_PATTERNS = [
    r"immediate(ly)? (danger|risk)",
    r"\bin danger\b",
    r"\bat risk (right )?now\b",
    r"(scared|afraid|frightened|terrified) (to go|of going) home",
    r"(not|isn'?t|never) safe (to go )?(at )?home",
    # not "tonight's shift" (a rota), but "tonight's party" is
    r"\b(tonight|right now)\b(?!['’]s (shift|training|meeting|session|rota|staff|cover|class)\b)",
    r"\b(is|has|have|had|went|gone|goes|been|going) missing\b",
    r"\bmissing (child|girl|boy|pupil|student|teenager|person)\b",
    r"\b(ran|run|running|runs) away\b",
    r"(has|hasn'?t|not|never|didn'?t) (come|came|returned|gone) home",
    r"(has|hasn'?t|have|haven'?t|not|never|didn'?t) (come|came|got|been) back",
    r"\b(not|isn'?t|hasn'?t been) (answering|responding|seen since)|whereabouts (are )?unknown",
    r"\bcan'?t (find|reach|contact) (him|her|them|the child)\b",
    r"\bsuicid\w*|\bwants? to die\b|\bend (his|her|their|my) (own )?life\b",
    r"\b(she|he|they|i|child|pupil|son|daughter|boy|girl|has|have|'s|'ve)\s+(just\s+)?(taken|took"
    r"|swallowed|downed)\b[^.?!]{0,40}\b(pills|tablets|paracetamol|overdose|bleach)",
    # Saying they will: "she's going to take all the pills in her bag", "wants to end it all".
    r"\b(going to|gonna|will|would|might|'ll|'d|wants? to|planning to|plans to|threaten\w* to"
    r"|about to) (take|swallow|down|drink)\b[^.?!]{0,40}\b(pills?|tablets?|paracetamol|overdose"
    r"|bleach|medication|meds|antidepressants)",
    r"\bend(ing)? it( all)?\b(?! (all )?(up|there|here|now|early|with))"
    r"|\btake (his|her|their|my) own life"
    r"|\b(hang|hanging|throw|throwing) (him|her|them|my)sel(f|ves)\b|\bstep in front of"
    r"|\b(going to|gonna|will|would|'ll|'d|wants? to|threaten\w* to|about to) jump\b"
    r"|\bjump(ing|ed)? (off|from) (a |the )?(bridge|building|roof|balcony|window|cliff|car park)"
    r"|\bin front of a (train|bus|car|lorry)|\b(doesn'?t|does not|don'?t) want to (be alive|live)\b"
    r"|\bbetter off dead\b",
    r"\bkill (him|her|them|my)sel(f|ves)\b",
    r"\bself[- ]?harm\w*",
    r"\boverdos\w*",
    r"\bthreat(en(ed|ing|s)?)? (to )?(kill|hurt|stab|shoot|harm)",
    r"\b(will|going to|gonna|'ll|want to|wants to) (kill|hurt|stab|shoot|beat up|attack|rape)",
    r"\b(has|had|carrying|brought|with|holding|pulled) (a )?(knife|blade|gun|weapon|machete)",
    r"\b(stab(bed)?|shot|strangled|choked|burn(ed|t) (him|her|them))\b",
    r"\b(injur(y|ies|ed)|bruis(e|es|ed|ing)|bleeding|broken (arm|leg|bone)|black eye)\b",
    r"\b(burns?|burnt|scalds?|scalded|bite marks?|fractured?|head injury|welts?|cuts on)\b",
    r"\b(hits?|hitting|beat(s|en|ing)?|punch(es|ed|ing)?|kick(s|ed|ing)?|slap(s|ped)?) "
    r"(me|him|her|them|the child|my|his|their)\b",
    r"\b(sexually (abused|assaulted)|raped|rape|molest\w*|touch(ed|es|ing) (her|him|them|me))\b",
    r"\b(told|tells|telling) me (that )?(she|he|they|her|his)\b"
    r".*\b(hurt|hit|touch|abus|beat|scared)",
    # A child telling; not the DBS's or a scheme's "disclosure" ("Disclosure and Barring").
    r"(?<!DBS )(?<!enhanced )(?<!standard )\bdisclos(ed|ure|es|ing)\b"
    r"(?! (scheme|and barring|check|certificate|request|application|officer)s?\b)",
    r"\b(locked (in|out)|left alone|abandoned|no food)\b",
    # Found by a blind set of urgent questions: a drunk carer about to drive, a child hurting
    # herself with blood, a child hit or forced into a car by strangers in front of you, a fire
    # with a child inside, a parent coming after a child, a forced marriage about to happen.
    r"\b(drunk|slurring|intoxicated|high|stumbling)\b[^.?!]{0,80}\b(driv(e|es|ing)|car seat)\b",
    r"\bcutting (him|her|them|my)sel(f|ves)\b|\b(a lot|lots) of blood\b",
    r"\b(slap|hit|punch|kick|beat)\w* (a|the|this|that) (little |young |small )?(girl|boy|child"
    r"|kid|baby|toddler)\b",
    r"\bsmoke (coming|pouring)\b|\bon fire\b|\bflames\b",
    r"\bcoming after (him|her|them|me)\b|\bthrew (him|her|them) out\b",
    r"\btaken abroad\b[^.?!]{0,60}\bmarr(y|ied|iage)\b|\bforced (to )?marr(y|ied|iage)\b",
    r"\b(forced|dragged|pushed|bundled|pulled) into (a|the|an) (\w+ )?(car|van|taxi)\b",
    # A small child alone, or where a fall could kill, or left in a car: "a toddler on his own on
    # a 4th floor balcony", "a 4yo is alone on the balcony", "sitting on the window sill".
    rf"\b{_SMALL_CHILD}s?\b[^.?!]{{0,60}}\b(on (his|her|their) own|by (him|her|them)sel(f|ves)"
    r"|alone|unsupervised|no adults?|(nobody|no ?one|no-one) (around|about|with (him|her|them))"
    r"|can'?t see (any|an) (adults?|parents?|carers?|grown[- ]?ups?))",
    r"\b(climb\w*|sit|sits|sitting|sat|stand|stands|standing|stood|hang\w*|hung|lean\w*|dangl\w*|perch\w*)"
    r" (on|onto|over|up|out of|off|out onto) (the |a |an )?(\w+ )?(railings?|balcony|window"
    r"|window ?sill|windowsill|window ledge|ledge|roof|parapet)\b",
    rf"\b(?:{_SMALL_CHILD}|child|boy|girl|pupil|teenager|son|daughter)s? (is|are|'s|was) (on|at|by)"
    r" (the|a|an) (\w+ )?(roof|ledge|balcony"
    r"|railings|window ?sill|parapet)\b",
    rf"\b(?:{_SMALL_CHILD}|child|boy|girl|son|daughter)s?\b[^.?!]{{0,30}}? "
    r"(has been |have been |was |been |is |are |'s )?(left|locked) (alone )?"
    r"(in|inside) (a|the|an|his|her|their) (\w+ )?(car|van|vehicle)\b",
    r"\b(terrified|scared for (his|her|their) life|hiding (in|from)|waiting outside"
    r"|being followed)",
    r"\b(drunk|high|off (his|her) face) and (hitting|violent|attacking|threatening)",
    r"\b(forced|made|taking|take|taken) (him|her|them) to (sell|deliver|carry) drugs",
    r"\b(being|been|is|was) (abused|groomed|exploited|trafficked)\b",
    r"\bwon'?t let (her|him|them|me) (go|leave|out|get out)\b"
    r"|\b(her|him|them|me) (is |are |was |being )?(held|kept|locked) (in|inside)\b",
    r"\b(doesn'?t|don'?t|does not|do not) know where (she|he|they) (is|are)\b",
    r"\b(not breathing|unconscious|unresponsive|collapsed|having a (fit|seizure))\b",
    # A baby or child who seems seriously unwell: a medical emergency first.
    r"\b(turning blue|blue lips|lips (are|look|looked|went|going|turning) blue"
    r"|barely (responding|responsive|breathing|conscious|awake)"
    r"|(isn't|is not|stopped|can't|cannot|not|difficulty|trouble|struggling to) breath(e|ing)"
    r"|(won't|can't|cannot|couldn't|isn't|is not|not) wak(e|ing) (him|her|them|up)"
    r"|(won't|can't|couldn't) wake|not waking"
    r"|(is|are|gone|went|seems|looks|very|so|really) (floppy|limp|lifeless)"
    r"|floppy (baby|infant|newborn|toddler|child))\b",
]
_URGENT = re.compile("|".join(f"(?:{p})" for p in _URGENT_PATTERNS), re.IGNORECASE)
# A hazard is urgent when it is happening now: a carer drunk "and about to drive off", "older
# men driving her to a house" messaged "just now". Said of no one in particular ("what are the
# signs of...") it is a question about the topic.
_HAZARDS = [
    r"\b(drunk|intoxicated|under the influence|high on|off (his|her|their) face)\b",
    r"\bolder (men|man|males?|boys|lads|guys)\b|\bstrangers?\b(?! danger)",
    r"\b(wants?|wanted|trying|tried|begg(ed|ing)) to (get out|escape|get away)\b",
    r"\b(adults?|man|woman|men|someone|people) (we|they|she|he|nobody) (don'?t|doesn'?t|do not"
    r"|does not) know\b",
    r"\b(driv(e|es|ing)|drove|taking|took|dragg(ed|ing)|bundl(ed|ing)|pull(ed|ing)) (off|away"
    r"|(her|him|them) (off|away|to|into|in))\b",
    r"\b(in|into) (a|the|his|their|an? \w+) (car|van|taxi)\b",
    r"\bcan'?t (stop|get hold of|calm) (her|him|them)\b|\bwon'?t let (her|him|them|me) (go|leave)",
    r"\b(alone|unsupervised|on (her|his|their) own|no adults?)\b",
    r"\b(on|at|by|near) (the|a|an) (\w+ )?(bridge|railway|tracks|roof|ledge|cliff|edge|balcony"
    r"|railings)\b",
    r"\b(getting|gets|got|is|being|became|becoming|turned) (aggressive|violent|threatening)\b",
    r"\b(floppy|lifeless)\b",
]
_NOW = (
    r"\b(now|right now|just now|at the moment|as we speak|about to|this (minute|second|evening))\b"
    r"|\bjust (messaged|texted|called|phoned|rang|rung|told|said|turned up|arrived|left|found)\b"
    r"|\bjust (had|got|received) (a |an )?(text|message|call|phone call|email)\b"
    r"|\b\d+ (minutes?|hours?) ago\b|\blast seen\b"
)
_HAZARD = re.compile("|".join(f"(?:{p})" for p in _HAZARDS), re.IGNORECASE)
_HAPPENING_NOW = re.compile(_NOW, re.IGNORECASE)

_INJECTION = re.compile(
    r"ignore (all |any |the |your |my )?(previous|prior|above|earlier|preceding) "
    r"(instructions?|prompts?|rules?|messages?)"
    r"|disregard (all |your |the |previous |prior )*(instructions?|rules?|guidance)"
    r"|forget (the|your|all|any|previous) (rules|instructions|guidance)"
    r"|\b(make up|invent|fabricate) (a|an|some)( \w+)? (phone|number|email|contact|figure)"
    r"|(system|hidden|developer|initial) prompt|jailbreak|developer mode|\bDAN\b"
    r"|you are (now|no longer)|pretend (to be|you are)|role-?play"
    r"|act as (an? |my )?(ai|assistant|chatbot|bot|language model|gpt|unrestricted|unfiltered)\b"
    r"|reveal (your|the) (instructions|prompt|rules)|bypass (your|the) (rules|filters|safety)",
    re.IGNORECASE,
)
# Tasks this service does not do, whatever the topic. Off-topic questions are otherwise caught by
# the retrieval confidence floor, not by a list of topics ("football coach" is a safeguarding
# question).
_OFF_TASK = re.compile(
    r"\b(write|compose|generate|make up|tell) (me )?(a |an )?"
    r"(poem|song|story|joke|limerick|essay|haiku|rap|code|script|program)\b"
    r"|\btranslate (this|the following|into)\b",
    re.IGNORECASE,
)

# What personal data looks like in a question. Each is replaced by a placeholder before anything
# is stored, logged at DEBUG or used for retrieval.
_PII_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("[email]", EMAIL),
    (
        "[date of birth]",
        re.compile(
            r"\b(born( on)?|d\.?o\.?b\.?|date of birth)\s*:?\s*[\w ,/.-]{4,20}?\d{2,4}\b", re.I
        ),
    ),
    ("[date]", re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")),
    ("[postcode]", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b", re.I)),
    ("[NHS number]", re.compile(r"\b\d{3} ?\d{3} ?\d{4}\b")),
    ("[phone]", re.compile(r"(?<!\d)(\+44 ?|0)(\d[ -]?){9,10}(?!\d)")),
    (
        "[address]",
        re.compile(
            r"\b\d{1,4}[a-z]? [A-Z][a-z]+( [A-Z][a-z]+)? "
            r"(Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Gardens|Grove|Court|Crescent"
            r"|Place|Terrace|Hill|Park|Walk)\b"
        ),
    ),
    (
        "[name]",
        re.compile(
            r"\b(?:called|named|name is|pupil|student|child|boy|girl|son|daughter|baby|toddler"
            r"|teenager|sibling|brother|sister)\s+(?!The\b|A\b|An\b|This\b|He\b|She\b|They\b)"
            r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?"
        ),
    ),
    (
        "[name]",
        re.compile(
            r"\b[A-Z][a-z]+ [A-Z][a-z]+"
            r"(?=,? (aged|age|who is|who's|is \d|\(\d|, \d|\d{1,2} ?(yo|years?)))"
        ),
    ),
]


class Refusal(StrEnum):
    INJECTION = "injection"
    OFF_TOPIC = "off_topic"


@dataclass(frozen=True)
class Screening:
    """What the safety layer found in one question."""

    question: str  # the question with personal data replaced by placeholders
    urgent: bool
    refusal: Refusal | None
    personal_data: list[str] = field(default_factory=list)  # kinds found, e.g. ["[phone]"]


def is_urgent(text: str) -> bool:
    # Phones type curly apostrophes ("won’t let him out"): the patterns are written with '.
    text = text.replace("’", "'").replace("‘", "'")
    return bool(_URGENT.search(text)) or bool(_HAZARD.search(text) and _HAPPENING_NOW.search(text))


def refusal_reason(text: str) -> Refusal | None:
    if _INJECTION.search(text):
        return Refusal.INJECTION
    if _OFF_TASK.search(text):
        return Refusal.OFF_TOPIC
    return None


def redact(text: str, *, allowed_numbers: set[str] | None = None) -> tuple[str, list[str]]:
    """Replace personal data with placeholders; returns the new text and the kinds found.

    Curated partnership numbers (``allowed_numbers``, digits only) are not personal data.
    """
    allowed = allowed_numbers or set()
    found: list[str] = []
    for placeholder, pattern in _PII_PATTERNS:

        def replace(match: re.Match[str], placeholder: str = placeholder) -> str:
            if re.sub(r"\D", "", match.group(0)) in allowed:
                return match.group(0)
            if placeholder not in found:
                found.append(placeholder)
            if placeholder == "[name]" and match.group(0).split()[0][0].islower():
                return f"{match.group(0).split()[0]} {placeholder}"
            return placeholder

        text = pattern.sub(replace, text)
    return text, found


def screen(
    question: str,
    *,
    allowed_numbers: set[str] | None = None,
    meaning: Callable[[str], bool] | None = None,
) -> Screening:
    """Redact first, then judge urgency and refusal on what is left plus the original.

    Urgent when the phrase rules say so or, where given, ``meaning`` (the urgency model,
    ``service/chat/urgency.py``) does: the model adds recall, never takes it away.
    """
    redacted, found = redact(question, allowed_numbers=allowed_numbers)
    return Screening(
        question=redacted,
        urgent=is_urgent(question) or (meaning is not None and meaning(question)),
        refusal=refusal_reason(question),
        personal_data=found,
    )
