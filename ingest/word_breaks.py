"""Words that PDF text extraction split with a stray space ("chil dren", "p anel"), joined again.

pypdf puts a space wherever two runs of glyphs on a line sit further apart than a space's width;
kerning, a coloured first letter or a font change inside a word makes it do so mid-word. Two
adjacent runs of letters on a line are joined when the joined form is a common English word
(wordfreq) and the pair is unlikely to be two words of their own:

- one part is a fragment: a single letter other than "a" and "I", or a run of letters too rare to
  be a word ("p anel", "protec ting"); or
- both parts are words, but the joined word is much more common than the rarer part ("place
  ment", "gui dance"), and the first part is not "a" or "I": an article or pronoun before a word
  ("a part", "a lone parent") is the likelier reading.

A single letter beside a common word may be a label or an abbreviation ("(b) is", "s 47 and"),
so such a pair is joined only when the joined word is about as common as that word ("c hild");
two single letters are joined only into a very common word ("t o", "b e"); a letter between two
words starts the second ("include d esignated"). Letter-spaced text ("s u m m a r y") is left
as it is: a letter with another single letter on its other side is not joined. Only a lower-case
second part is joined, so names and acronyms ("Mc Donald", "NHS England") stay apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import get_frequency_list

# Zipf frequency (log10 of occurrences per billion words) a joined form needs to be taken as a word:
# 3 is about once per million words ("placement" 4.0, "liaise" 2.5 is not joined).
WORD_ZIPF = 3.0
# Below this a run of letters is a fragment, not a word; wordfreq lists web debris, so suffixes
# such as "ment" (3.1) or "ing" (4.0) count as words, "tice" (2.4) or "fter" (1.8) do not.
FRAGMENT_ZIPF = 2.5
# Two words are joined only when the joined word is this much (Zipf) more common than the rarer
# part, 10 ** 0.75 ~ 5.6 times: "gui dance" -> "guidance", never "of ten" (0.5) or "in to".
JOIN_MARGIN = 0.75
# A single letter beside a word at least this common may stand alone ("b is", "h and").
COMMON_ZIPF = 4.0
# ... and then the joined word must be within this much of that word's frequency ("c hild").
LETTER_MARGIN = 0.5
# Two single letters make a word only if it is as common as "be" or "to" (6.8, 7.4): two letters
# side by side are more often a code or a label ("R v Newham", "de") than a split word.
LETTERS_ZIPF = 6.0
# One-letter words that are not fragments.
ONE_LETTER_WORDS = frozenset({"a", "i"})

# Two runs of letters with one space between: nothing glued before the first or after the second
# (other letters, digits, hyphens, apostrophes, "@", "/"), the second in lower case.
# The second run is looked ahead at, so that it can be the first of the next pair.
_PAIR = re.compile(r"(?<![\w'’@/\-])([A-Za-z][a-z]*) (?=([a-z]+)(?![\w'’@/\-]))")
_NEXT_WORD = re.compile(r" ([a-z]+)(?![\w'’@/\-])")
# Characters that make a neighbouring single letter part of a longer token.
_GLUED = "'’"


def join_split_words(text: str) -> str:
    """``text`` with words split by a stray space joined again; line breaks are left alone."""
    return _PAIR.sub(_join, text)


def _join(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    text, after = match.string, match.end() + len(second)
    spaced = (_is_letter(first) and _letter_before(text, match.start())) or (
        _is_letter(second) and _letter_after(text, after)
    )
    if spaced or not should_join(first, second):
        return match.group(0)
    # "include d esignated": a letter between two words belongs to the word it starts.
    following = _NEXT_WORD.match(text, after) if _is_letter(second) else None
    return match.group(0) if following and should_join(second, following.group(1)) else first


def should_join(first: str, second: str) -> bool:
    """Whether ``first second`` reads better as the one word ``first + second``."""
    joined = zipf(first + second)
    if joined < WORD_ZIPF:
        return False
    first_zipf, second_zipf = zipf(first), zipf(second)
    first_fragment = _is_fragment(first, first_zipf)
    second_fragment = _is_fragment(second, second_zipf)
    if _is_letter(first) and _is_letter(second):
        return joined >= LETTERS_ZIPF
    if first_fragment and second_fragment:
        return True
    if first_fragment or second_fragment:
        word_zipf = second_zipf if first_fragment else first_zipf
        letter = _is_letter(first) or _is_letter(second)
        return not letter or word_zipf < COMMON_ZIPF or joined >= word_zipf - LETTER_MARGIN
    if first.lower() in ONE_LETTER_WORDS:
        return False
    return joined - min(first_zipf, second_zipf) >= JOIN_MARGIN


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in English, case-insensitive; 0 for a run of letters
    rarer than ``FRAGMENT_ZIPF`` (only whether it is a fragment matters then)."""
    return _frequencies().get(word.lower(), 0.0)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """Zipf frequency of each English word down to ``FRAGMENT_ZIPF``, looked up in a dict: one
    ``wordfreq.zipf_frequency`` call costs ~40 us, seconds on a 200-page file.

    wordfreq's list holds words in buckets of 0.01 Zipf, the first at 9 (once in every word).
    """
    buckets = get_frequency_list("en")
    last = round((9 - FRAGMENT_ZIPF) * 100)
    return {word: 9 - i / 100 for i, bucket in enumerate(buckets[: last + 1]) for word in bucket}


def _is_letter(part: str) -> bool:
    return len(part) == 1 and part.lower() not in ONE_LETTER_WORDS


def _letter_before(text: str, start: int) -> bool:
    """A single letter, then a space, just before ``start``."""
    return start >= 2 and text[start - 1] == " " and _lone_letter(text, start - 2)


def _letter_after(text: str, end: int) -> bool:
    """A space, then a single letter, just after ``end``."""
    return text[end : end + 1] == " " and end + 1 < len(text) and _lone_letter(text, end + 1)


def _lone_letter(text: str, index: int) -> bool:
    def glued(i: int) -> bool:
        return 0 <= i < len(text) and (text[i].isalnum() or text[i] in _GLUED)

    return text[index].isalpha() and not glued(index - 1) and not glued(index + 1)


def _is_fragment(part: str, part_zipf: float) -> bool:
    return _is_letter(part) or part_zipf < FRAGMENT_ZIPF
