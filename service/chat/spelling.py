"""Words mistyped in a question, read as the word the documents use ("safegaurding").

Practitioners type fast on phones. A mistyped word is unknown to the corpus, so retrieval's
word index misses it and the decline check counts it as a subject the documents never mention.
A word is read as another only when no chunk contains it, one edit makes a much commoner word
that the documents hold, and the edit is one a typo makes of a word that is not one already:

- a word English has never seen ("transitonal", "princples"): any one edit;
- a rare word ("recieve", "accomodation", "proffessional"): only two letters swapped or a letter
  doubled or undoubled. A letter dropped, added or changed turns rare real words into other
  words ("vaped" is not "raped", "tased" not "based", "nappy" not "happy"), so it is not tried.

The commonest such word wins. Words typed with a capital (names, acronyms) and words inside an
email or web address are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from wordfreq import zipf_frequency

from briefings.render import URL
from ingest.language import EMAIL, STOP_WORDS, stem

# A word this common in everyday English (Zipf scale) is a word, whatever the corpus holds.
MAX_TYPO_ZIPF = 3.0
# The word meant is at least this common, and this much commoner than the one typed.
MIN_MEANT_ZIPF = 3.0
MIN_ZIPF_GAIN = 1.0
# Shorter words have too many one-edit neighbours to guess between.
MIN_LENGTH = 5
# A word typed as two is joined only into a word of everyday English (Zipf: "childminder" 1.7).
MIN_JOINED_ZIPF = 1.5
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"\b[a-z]+\b")
# An email or web address (its words are as typed), bare domains included ("x.gov.uk/page").
_ADDRESS = re.compile(rf"{EMAIL.pattern}|{URL.pattern}|\S+\.(?:gov|org|co|ac|nhs)\.uk\S*")

# (stems) -> {stem: chunks holding it}: the corpus's document frequencies.
Frequencies = Callable[[Iterable[str]], dict[str, int]]


def correct_spelling(text: str, frequencies: Frequencies) -> str:
    """``text`` with each mistyped word (see the module docstring) replaced by the word meant.

    Words typed with a capital (names, acronyms) are left as they are."""
    kept = [m.span() for m in _ADDRESS.finditer(text)]
    typed = {
        m.group(0)
        for m in _WORD.finditer(text)
        if not any(a <= m.start() < b for a, b in kept)  # not inside an email or web address
        and len(m.group(0)) >= MIN_LENGTH
        and m.group(0) not in STOP_WORDS
        and _zipf(m.group(0)) < MAX_TYPO_ZIPF
    }
    if not typed:
        return text
    held = frequencies(stem(w) for w in typed)
    unknown = [w for w in typed if not held.get(stem(w))]
    meant: dict[str, str] = {}
    for word in unknown:
        typical, other = _one_edit(word)
        tried = typical if _zipf(word) > 0 else typical | other  # a real word: typo edits only
        least = max(MIN_MEANT_ZIPF, _zipf(word) + MIN_ZIPF_GAIN)
        candidates = sorted((c for c in tried if _zipf(c) >= least), key=_zipf, reverse=True)
        if not candidates:
            continue
        found = frequencies(stem(c) for c in candidates)
        best = next((c for c in candidates if found.get(stem(c))), None)
        if best is not None:
            meant[word] = best
    if not meant:
        return text

    def read(match: re.Match[str]) -> str:
        if any(a <= match.start() < b for a, b in kept):
            return match.group(0)  # part of an email or web address
        return meant.get(match.group(0), match.group(0))

    return _WORD.sub(read, text)


def joined_words(text: str, frequencies: Frequencies) -> list[str]:
    """Words typed as two that the documents write as one ("head teacher": "headteacher",
    "child minder": "childminder"): added to what is searched for, beside the two."""
    typed = _WORD.findall(text)
    pairs = {
        a + b
        for a, b in zip(typed, typed[1:], strict=False)
        if a not in STOP_WORDS and b not in STOP_WORDS and len(a) >= 2 and len(b) >= 2
    }
    if not pairs:
        return []
    # A word of everyday English, not two run together by a PDF's text ("careleavers").
    pairs = {w for w in pairs if _zipf(w) >= MIN_JOINED_ZIPF}
    held = frequencies(stem(w) for w in pairs)
    return sorted(w for w in pairs if held.get(stem(w)))


def _one_edit(word: str) -> tuple[set[str], set[str]]:
    """Strings one edit from ``word``: (two neighbouring letters swapped or a letter doubled or
    undoubled; any other deletion, replacement or insertion)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    undoubled = {a + b[1:] for a, b in splits if len(b) > 1 and b[0] == b[1]}
    doubled = {a + b[0] + b for a, b in splits if b}
    deletes = {a + b[1:] for a, b in splits if b}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    typical = (swaps | undoubled | doubled) - {word}
    return typical, (deletes | replaces | inserts) - typical - {word}


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    return float(zipf_frequency(word, "en"))
