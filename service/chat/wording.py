"""How a question is put together: where its further parts begin, the term a situation is
measured against, the doer or the kind of thing it asks about (the measure it asks for is
``measures``'s). Patterns only; ``question`` reads them."""

from __future__ import annotations

import re

from ingest.language import content_terms, split_sentences
from service.chat.figures import NUMBER_WORDS

# "..., is that private fostering?", "does this count as a close relative?": whether a situation
# is an instance of a defined term; the term's defining sentence decides it.
INSTANCE = re.compile(
    r"\b(is|would|does|could|will|might) (that|this|it|she|he|they|these|those)( still)?"
    r" (be )?(count(ed)? as |amount to |constitute |classed as |considered |treated as )?"
    r"(a |an |the )?(?P<term>[\w'’ -]{3,40}?)\s*\?\s*$",
    re.I,
)
# Where a further question begins: ", and how often...", "...and who has to be sent a copy?".
FURTHER_PART = re.compile(
    r"(?:,|;|\band|\s[-–])\s+(?:and\s+)?(?:if so,?\s+)?(?:to\s+)?(?:how|who|whom|whats?|when|where"
    r"|which|whether|on what|under what)\b"
    r"|,\s+or\s+(?:do|does|is|are|can|could|will|would|should|must|only)\b"
    # ", and can they...?": a yes or no asked of its own after another question
    r"|,\s+and\s+(?:is|are|can|could|should|must|do|does|will|would|has|have|may)"
    r"\s+(?:there|it|they|he|she|we|i|you|this|that|these|those|anyone|anything)\b"
    r"|\s[+&]\s+(?:is|are|do|does|can|what|how|who|when|where|which)\b",  # "define X + is there"
    re.I,
)
# "Who manages...?", "who decides...?" (not "who is", "who does"): a doer of that verb.
WHO_DOES = re.compile(r"\bwho (?!is\b|was\b|does\b|has\b|needs\b)([a-z]{3,}s)\b", re.I)
# "Which Integrated Care System is...", "which team does...": the kind of thing to name.
WHICH = re.compile(
    r"\bwhich ((?:[\w'’-]+ ){0,3}?[\w'’-]+) (?:is|are|was|were|does|do|did|has|have|should|can"
    r"|will|would|must|covers?|runs?|leads?|handles?|deals?|manages?|takes?|holds?|chairs?)\b",
    re.I,
)
# "Which of the principles applies...?": one of a list, not the list.
ONE_OF = re.compile(
    r"\bwhich (one )?of (the|these|those|its|their|our) [^?.]{1,60}?\b(applies|is|fits|matches"
    r"|covers|best|deals|says|talks|relates|refers|concerns|mentions|addresses|focuses|describes)\b"
    r"|\bwhich (number|one) is (the one )?(about|on|for)\b",
    re.I,
)


def asked_part(text: str) -> str:
    """What is asked: the last question of several sentences ("A pupil has stopped coming. What
    enquiries should we make?"; "How do I make a Prevent referral? I'm worried about him.")."""
    sentences = split_sentences(" ".join(text.split()))
    if len(sentences) < 2:
        return text
    return next((s for s in reversed(sentences) if s.rstrip().endswith("?")), sentences[-1])


def questions_put(text: str) -> str:
    """The sentences of ``text`` that ask something (end in "?"), without the scene set before
    them; all of ``text`` when none does."""
    sentences = split_sentences(" ".join(text.split()))
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    put = " ".join(asking) if asking and len(asking) < len(sentences) else text
    if not set(content_terms(put)) - _ASKING_ONLY:
        put = text  # "I need the LADO's number. Can you help?": the request is the statement
    # "When partners are deciding what area to cover, is there a minimum...?": the clause
    # setting when is scene too.
    return _SETTING_CLAUSE.sub("", put, count=1) or put


# Words of a question that asks for nothing by itself ("Can you help?", "Any ideas?").
_ASKING_ONLY = frozenset(content_terms("help idea ideas advice advise thanks thank know"))
_SETTING_CLAUSE = re.compile(
    r"^\s*(?:when|if|where|once|while|after|before)\s+(?!(?:should|must|can|do|does|is|are|will"
    r"|would|could|did|has|have|shall|may|might|and|or|to)\b)[^,?]{3,150},\s*(?=\S)",
    re.I,
)


# Kinds of question (``question.classify`` tries them in order).
FIGURE_WORDS = "score|caseload|number|percentage|proportion|ratio|level"
NUMBER_ASKED = re.compile(rf"\bhow many\b|\bwhat (.{{0,30}} )?({FIGURE_WORDS})\b", re.I)
DEFINITION_ASKED = re.compile(
    r"^\s*(what|who) (is|are|was) (a |an |the )?[\w'’ -]{1,40}\??\s*$"
    r"|\bwhat does .{1,40} (mean|stand for)\b|\bwhat is meant by\b|\bdefin(e|ition) of\b"
    r"|^\s*define\b",
    re.I,
)
YES_NO_ASKED = re.compile(
    r"(^|[.?!-]\s*|\b(so|and|but)\s+)(is|are|can|could|does|do|did|should|must|may|will|would"
    r"|has|have)\s+(a|an|the|i|we|you|it|this|that|she|he|they|our|my|her|his|their|\w+)\b",
    re.I,
)
# Words as typed in a hurry ("what r the priorities?", "can u tell me"), read as written out.
TEXTED = {"r": "are", "u": "you", "ur": "your", "wat": "what", "wot": "what", "pls": "please"}
# Lower case only, not in a citation ("R (G) v Southwark", "U.K.", "19B(u)").
TEXTING = re.compile(r"(?<![\w'’.()-])(" + "|".join(TEXTED) + r")(?![\w'’.()-])(?!\s+v\b)")
# "How much is...", "how much were they fined": a sum; not "how much experience/time...".
AMOUNT_ASKED = re.compile(
    r"\bhow much\b(?!\s+([\w-]+\s+){0,2}(experience|information|time|notice|details?|support"
    r"|training|leave|contact|input|evidence|involvement|say|weight|help|sleep|supervision)\b)"
    # "charge" as a price, not "in charge", "sole charge", "charged with an offence"
    r"|\b(fees?|price|(?<!in )(?<!sole )(?<!take )(?<!drop the )(?<!dropped the )(?<!press )"
    r"(?<!pressed )(?<!criminal )(?<!face )charges?(?! (of|with)\b)|allowance|funding"
    r"|salary|budget)\b|cost|£"
    # A rate paid: "hourly rate", "rate of pay", "the Pupil Premium Plus rate" (not "the daily
    # rate of attendance", "the conviction rate per year").
    r"|\b(hourly|weekly|daily|nightly|annual|day) rates?\b(?! of (?!pay\b))"
    r"|\brates? (of pay|paid)\b"
    r"|\b(premium|plus|allowance|fee|payment|grant|pay|funding|bursary|boarding-out) rates?\b",
    re.I,
)


def _someones_number(owners: str, kinds: str) -> str:
    """Pattern: a number someone has ("their number", "the MASH team's direct number", "a
    landline"), not "their number is rising" or "a number of agencies"."""
    return (
        rf"(\b({owners})|\w['’]s) ({kinds})?(number|no\.|landline|direct line)(?! of)"
        r"(?!\s+(in|on|at|has|have|had|is|was|were|are|of)\b)(?=\W|$)"
    )


# Asking who to call or tell, or for a phone number, a mobile or an email ("whats their number").
CONTACT_ASKED = re.compile(
    r"\b(phone|telephone|number for|email|e-mail|contact details|helpline)\b"
    r"|\bwho (in [\w ]{1,20} )?(do|should|can|must) (i|we|she|he|they) (need to |have to )?(call"
    r"|ring|phone|contact|tell|notify|inform|report to|email|speak to|talk to)\b"
    r"|\bwho (does|should) (she|he|the \w+) contact\b|\bget in touch\b"
    r"|\bget hold of (them|him|her|someone|somebody|anyone|the \w+ (team|service))\b"
    r"|\bhow (do|can) (i|we) contact\b|\bwho (can|could|will|would) (give|offer) (me |us )?advice\b"
    r"|\bwho (can|should|do) (i|we) (ask|turn to|go to)\b"
    r"|\b(need|have|ought) to (tell|notify|inform|let) (anyone|anybody|someone|somebody)\b"
    r"|\bwho (needs|has|ought) to (know|be told|be notified|be informed)\b"
    r"|\bwho (should|must|needs to|has to) (be |get )?(told|notified|informed)\b"
    r"|\bwho (do|does|should|must) (i|we|you|she|he|they) (need|have|ought) to (tell|notify"
    r"|inform|contact|call|ring)\b"
    r"|\b(what|which) (phone |telephone )?number (do|should|can|shall|would) (i|we)"
    r" (ring|call|phone|use)\b"
    rf"|{_someones_number('their|his|her|its|a|your', 'direct |contact ')}"
    r"|\b(landline|contact) (no|number)\b|"
    r"\b(?:if so,?|and|pass|report|send|refer|tell|give|talk|speak|it|this|that|them|on) to whom\b"
    r"|\bwho to (tell|call|ring|contact"
    r"|inform|notify|report to|pass (it|this|that) (on )?to)\b",
    re.I,
)
# "Who is the RSCP manager?", "who's the independent chair and...": the role a name is asked for.
WHO_IS = re.compile(
    r"\bwho(?:'s|’s|s| is| are)(?: currently| now)? (?:the |our |your |their )?"
    r"(?P<role>[\w'’ -]{2,40}?)"
    r"(?=\s+(?:and|in|at|atm|for|now|currently|these days|right now)\b|\s*[?,.;(/]|\s*$)",
    re.I,
)
# A sentence naming someone: "The RSCP Manager is Lesley Perry", "The chair is now Jo Bloggs".
NAMES_SOMEONE = re.compile(
    r"^(?P<subject>[^.;:]{0,80}?)\b(?:is|are|was)\s+(?:now\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)+"
)
# Asking for a phone number itself ("what's their number", "a mobile no.", "direct line"), not
# who to tell: only a line with a number answers.
PHONE_ASKED = re.compile(
    r"\b(phone|telephone|tel|mobile|landline|contact|helpline) (no\b\.?|number|line)s?(?! of)"
    rf"|\bnumber for\b|{_someones_number('their|his|her|its|a', 'direct |mobile ')}"
    r"|\bdirect (line|dial)\b",
    re.I,
)
# Who people are at work: what a person's name is asked of, who says they are asking.
PERSON_ROLES = (
    r"officer|lead|chair|chairperson|manager|head|headteacher|director|person|worker|nurse"
    r"|doctor|scrutineer|coordinator|adviser|advisor|LADO|DSL|practitioner|consultant|inspector"
    r"|author|minister|teacher|tutor|visitor|coach|childminder|governor|midwife|volunteer|GP"
    r"|social worker|police officer|assistant|designated safeguarding lead"
)
# Asking for a person's name ("what's the name of the LADO?", "name of the chair?"), not of a
# tool or a policy.
NAME_ASKED = re.compile(
    rf"(?:\bwhat(?:'s|’s|s| is)(?: the| their| his| her)?(?: actual)? names?\b|^\W*names? of\b)"
    rf"(?=[^?.]{{0,50}}\b(?:{PERSON_ROLES})s?\b)",
    re.I,
)
# A person named: "...is Eileen Mills", "led by Josh MacAlister", "Chair: Dr Jo Smith".
PERSON_NAMED = re.compile(
    r"\b(?:is|are|was|were|by|from|to)\s+(?:Dr\.? |Mr\.? |Mrs\.? |Ms\.? |Professor )?"
    r"[A-Z][a-z'’-]+ (?:[A-Z]\. )?[A-Z][a-zA-Z'’-]+"
    r"|:\s*(?:Dr\.? )?[A-Z][a-z'’-]+ [A-Z][a-z'’-]+\s*$"
)
# Asking for a link itself ("the booking link for the webinar", "a sign-up form"): only a line
# with a web address answers.
LINK_ASKED = re.compile(
    r"\b(booking|registration|sign[- ]?up|web|joining)\s+(link|page)s?\b"
    r"|\blink (to|for) (book|register|sign up|join|apply)|\burl\b|\bweb(site)? address\b"
    r"|\bis there a (web )?link\s*\?|\bwhere (do|can|should) (i|we) (book|sign up)\b",
    re.I,
)
WEB_ADDRESS = re.compile(r"https?://|\bwww\.|\b[\w-]+\.(gov|org|nhs|co|ac)\.uk\b", re.I)
# Who is asking, not what about: "I'm a youth worker", "working as a tutor", "my tutor group".
REPORTER = re.compile(
    rf"\b(?:i['’]?m|i am|im|work(?:ing)? as|as) (?:a|an|the) (?:[\w'’-]+ )?(?:{PERSON_ROLES})\b"
    r"|\bmy (?:tutor group|form group|class|form|tutees?|team)\b",
    re.I,
)
# Asking when or how long: "how soon", "by when", "deadline", "what age".
TIMESCALE_ASKED = re.compile(
    r"\bhow (long|quickly|soon|often|frequently)\b|\bwhen (does|do|must|should|will|is|are)\b"
    r"|\bby when\b|\bdeadline\b|\btimescales?\b|\btime limit\b|\bwithin how\b|\bwhat age\b"
    r"|\bup to what age\b|\bhow old\b|\bhow much (time|notice|warning)\b",
    re.I,
)
# Asking for a list: "what are the four...", "which relatives are...", "list the...".
LIST_ASKED = re.compile(
    rf"\b(what|which|name|list) (are|were|is)? ?(the )?{NUMBER_WORDS}\b"
    rf"|\bthe {NUMBER_WORDS} (?!(?:hours|days|weeks|months|years|terms)\b)\w+s\b"
    r"|\b(what|which) (are|were) (the|some|all|its|their)\b"
    r"|\blist\b|\bname the\b|\bwhat (kinds|types|sorts|categories|outcome categories)\b"
    r"|\b(categories|principles|priorities|outcomes|purposes|signs|indicators|factors"
    r"|examples|types|criteria)\b|\b(key|main) (messages|findings|themes|lessons)\b"
    r"|\b(what|which) ([\w-]+ ){0,2}?[\w-]*[^siu\W]s (are|were|is|does|do|can|could|should"
    r"|must|will|has|have|count|apply)\b"  # "what new courses is...", "which relatives are..."
    r"|\b(what|which) [\w-]*[^siu\W]s did\b"
    r"|\bwho (is|are) not (allowed|permitted|able)\b|\bwhat (information|info|documents|records"
    r"|checks|details) (must|should|does|do)\b|\bwhat does .{3,80} (involve|include|cover)\b"
    # What something must hold: "what should I include in a referral?", "...the plan set out?"
    r"|\bwhat (should|must|do|does|would) (?!happen|if\b)([\w'’-]+ ){1,8}?"
    r"(include|contain|cover|set out|put (in|on|down))\b",
    re.I,
)
# "principle 3" as the documents number it ("Principle iii"): a numbered part, in Roman numerals.
_NUMBERED_PART = re.compile(
    r"(?<!key )\b(principles?|priority|priorities|standards?|outcomes?|themes?)"
    r"\s+(\d{1,2})\b",
    re.I,
)
_ROMAN = "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split()  # noqa: SIM905


def with_roman_numerals(query: str) -> str:
    """``query`` with "principle iii" added for "principle 3" (the documents' own numbering)."""
    extra = [
        f"{m.group(1)} {_ROMAN[int(m.group(2)) - 1]}"
        for m in _NUMBERED_PART.finditer(query)
        if 0 < int(m.group(2)) <= len(_ROMAN)
    ]
    return f"{query} ({'; '.join(extra)})" if extra else query


# Asking for an inspection's grade ("what judgement did Ofsted give?"): only a grade answers.
RATING_ASKED = re.compile(
    r"\b(what|which)\s+(overall\s+)?(grade|judgement|judgment|rating)\b"
    r"|\bhow (was|were|is|are) [^?.]{0,50}\b(rated|graded|judged)\b",
    re.I,
)
RATING = re.compile(
    r"\b(outstanding|requires? improvement|inadequate|serious weakness(es)?)\b"
    r"|\b(rated|judged|graded|judgement of|grade of|rating of)\s+(as\s+)?[\"'‘“]?good\b",
    re.I,
)
# An inspection is what the grade is asked of (not "what grade of staff can be a DSL?").
INSPECTION = re.compile(r"\bofsted\b|\binspect", re.I)
# "Who chairs the MARAC?", "who is the manager of the hub?": who holds a role is asked for, of
# what follows. (Not "who manages PP+...?": a duty, which the documents say in many ways.)
CHAIR_ASKED = re.compile(
    r"\bwho(?:'s|’s| is| will be| would be)? (?:(?P<verb>chairs|chairing)"
    r"|(?:the )?(?P<noun>chair|chairperson|manager|head)s? (?:of|for|at))"
    r" (?P<chaired>[^?.;]+)",
    re.I,
)
# The role's words as the documents say them ("chaired by", "the hub manager", "led by").
ROLE_WORDS = {
    "chair": r"\bchair(?:s|ed|ing|person|man|woman)?\b",
    "manag": r"\bmanag(?:e|es|ed|ing|er|ers|ement)\b",
    "head": r"\bhead(?:s|ed)?\b(?! (?:teacher|office|quarters))",
}


# Asking what to do, or for a process: "what should I do", "how do I refer", "what happens next".
STEPS_ASKED = re.compile(
    r"\bwhat (should|must|do|can|would|will) (i|we|you|they|the \w+( \w+)?|staff|schools?"
    r"|practitioners?|professionals?|a \w+( \w+)?) (\w+ly )?(do|be doing|need to do)\b"
    r"|\bwhat (do|should) i do\b|\bwhat (am|are) (i|we) (meant|supposed|expected) to do\b"
    r"|\bwhat (do|does) (i|we|she|he|the \w+) (need|have) to do\b"
    r"|\bhow (do|should|can|must) (i|we|you|they|schools?|staff)"
    r" (refer|report|respond|raise|make|escalate|apply|handle|deal|challenge|proceed|request"
    r"|take (this|it|that) (forward|further))\b"
    r"|\bwhat(?:'s|’s|s| is| are) the (\w+ )?(process|procedure|steps|stages|route)\b"
    r"|\bwhat (happens|should happen|must happen) (next|when|if|after)\b"
    r"|\bwhat (action|actions|enquiries|checks) (should|must|do|does)\b|\bwhat steps\b"
    r"|\bsteps? (to|for)\b|\bhow to (refer|report|respond|escalate)\b|\bdo['’]?s and don['’]?ts\b",
    re.I,
)
