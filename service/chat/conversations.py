"""Short-lived conversation memory: the previous (redacted) question, for follow-ups.

Only redacted text is kept, in this process, for ``TTL_SECONDS``; nothing is written to disk.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import OrderedDict

# A practitioner's follow-up comes within minutes; an hour is generous.
TTL_SECONDS = 3600
# Bounded memory whatever the traffic.
MAX_CONVERSATIONS = 10_000
# A follow-up is short and leans on the previous turn ("what about...", "they", "that").
_FOLLOW_UP = re.compile(
    r"^\s*(and|but|so|also|what about|how about|what if|and if|if so|in that case|same for|"
    r"does that|do they|is that|are they|can they|what else|then)\b"
    r"|\b(they|them|their|it|that|this|those|these|he|she|him|her)\b",
    re.IGNORECASE,
)
FOLLOW_UP_MAX_WORDS = 12
# A remembered turn is clipped to this many words (its start, which names the topic, and its
# latest end): a follow-up's query includes the turn before, so chains would otherwise grow.
MAX_REMEMBERED_WORDS = 80


class ConversationMemory:
    def __init__(self) -> None:
        self._turns: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def previous(self, conversation_id: str | None) -> str | None:
        if not conversation_id:
            return None
        with self._lock:
            entry = self._turns.get(conversation_id)
            if entry is None or time.monotonic() - entry[0] > TTL_SECONDS:
                return None
            return entry[1]

    def remember(self, conversation_id: str, question: str) -> None:
        question = _clip(question)
        with self._lock:
            self._turns[conversation_id] = (time.monotonic(), question)
            self._turns.move_to_end(conversation_id)
            while len(self._turns) > MAX_CONVERSATIONS:
                self._turns.popitem(last=False)


def _clip(text: str) -> str:
    words = text.split()
    if len(words) <= MAX_REMEMBERED_WORDS:
        return text
    half = MAX_REMEMBERED_WORDS // 2
    return " ".join(words[:half] + words[-half:])


def new_conversation_id() -> str:
    return uuid.uuid4().hex


def is_follow_up(question: str) -> bool:
    return len(question.split()) <= FOLLOW_UP_MAX_WORDS and bool(_FOLLOW_UP.search(question))


def resolve_question(question: str, previous: str | None) -> tuple[str, str | None]:
    """(retrieval query, context): a follow-up is searched together with the turn before it."""
    if previous and is_follow_up(question):
        return f"{previous} {question}", previous
    return question, None
