"""Words mistyped in a question, read as the word the documents use ("referal" as "referral").

Practitioners type fast on phones. A mistyped word is unknown to the corpus, so retrieval's
word index misses it and the decline check counts it as a subject the documents never mention.
A word is read as another only when all of these hold: no chunk contains it; it is rare in
everyday English (a typo, not a word: "referal", "safegaurding"; not "scout" or "Snapchat");
one edit makes a much commoner word; and that word is in the documents. The commonest such
word wins. Two letters swapped or a letter doubled or undoubled ("recieve", "accomodation") is
how words are mistyped; a letter dropped, added or changed more often makes another word
("nicked" is not "kicked", "blanking" not "banking"), so it must make a far commoner one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from wordfreq import zipf_frequency

from ingest.language import STOP_WORDS, stem

# A word this common in everyday English (Zipf scale) is a word, whatever the corpus holds.
MAX_TYPO_ZIPF = 3.0
# The word meant is at least this common, and this much commoner than the one typed: by a swap
# or a doubling, or by another edit.
MIN_MEANT_ZIPF = 3.0
MIN_ZIPF_GAIN = 1.0
MIN_OTHER_EDIT_GAIN = 2.0
# Shorter words have too many one-edit neighbours to guess between.
MIN_LENGTH = 5
# A word typed as two is joined only into a word of everyday English (Zipf: "childminder" 1.7).
MIN_JOINED_ZIPF = 1.5
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"\b[a-z]+\b")

# (stems) -> {stem: chunks holding it}: the corpus's document frequencies.
Frequencies = Callable[[Iterable[str]], dict[str, int]]


def correct_spelling(text: str, frequencies: Frequencies) -> str:
    """``text`` with each mistyped word (see the module docstring) replaced by the word meant.

    Words typed with a capital (names, acronyms) are left as they are."""
    typed = {
        w
        for w in _WORD.findall(text)
        if len(w) >= MIN_LENGTH and w not in STOP_WORDS and _zipf(w) < MAX_TYPO_ZIPF
    }
    if not typed:
        return text
    held = frequencies(stem(w) for w in typed)
    unknown = [w for w in typed if not held.get(stem(w))]
    meant: dict[str, str] = {}
    for word in unknown:
        typical, other = _one_edit(word)
        least = max(MIN_MEANT_ZIPF, _zipf(word) + MIN_ZIPF_GAIN)
        farther = max(MIN_MEANT_ZIPF, _zipf(word) + MIN_OTHER_EDIT_GAIN)
        candidates = sorted(
            {c for c in typical if _zipf(c) >= least} | {c for c in other if _zipf(c) >= farther},
            key=_zipf,
            reverse=True,
        )
        if not candidates:
            continue
        found = frequencies(stem(c) for c in candidates)
        best = next((c for c in candidates if found.get(stem(c))), None)
        if best is not None:
            meant[word] = best
    if not meant:
        return text
    return _WORD.sub(lambda m: meant.get(m.group(0), m.group(0)), text)


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
