"""What the answer pipeline needs, wired once per process by the app factory."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kb.index import KnowledgeBase
from service.chat.acronyms import Acronyms
from service.chat.contacting import EmergencyLines
from service.chat.conversations import ConversationMemory
from service.chat.drafting import Answerer
from service.chat.safety import Screening, screen
from service.chat.similarity import SentenceVectors
from service.config import RetrievalSettings
from service.referrals.local import emergency_only, other_partnership
from service.referrals.route_book import RouteBook

logger = logging.getLogger(__name__)

# How often, at most, the index is looked at again for whose documents it holds.
ROUTES_RECHECK_SECONDS = 5.0


@dataclass
class ChatDeps:
    kb: KnowledgeBase
    routes: RouteBook
    retrieval: RetrievalSettings
    memory: ConversationMemory = field(default_factory=ConversationMemory)
    llm: Answerer | None = None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    on_unanswered: Callable[[str, str, float | None], None] | None = None
    sentences: SentenceVectors | None = None
    acronyms: Acronyms | None = None
    urgency: Callable[[str], bool] | None = None  # the urgency model beside the phrase rules
    # (index generation, the routes it was judged for, the route book for these documents)
    routes_judged: tuple[int, RouteBook, RouteBook] | None = field(default=None, repr=False)
    _routes_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _routes_checked: float = field(default=float("-inf"), repr=False)
    # The documents' own line of who to ring now, when the route book is not theirs.
    emergency_lines: EmergencyLines = field(default_factory=dict, repr=False)

    def routes_here(self) -> RouteBook:
        """The route book, or its 999-only form when the documents indexed are another
        partnership's (see ``other_partnership``), judged again as they change: the index's
        generation is looked at every few seconds, the documents read again only when it moved
        (one reader at a time; the others wait for its answer)."""
        judged = self.routes_judged
        fresh = time.monotonic() - self._routes_checked < ROUTES_RECHECK_SECONDS
        if judged is not None and judged[1] is self.routes and fresh:
            return judged[2]
        with self._routes_lock:
            generation, judged = self.kb.store.generation(), self.routes_judged
            if judged is None or judged[0] != generation or judged[1] is not self.routes:
                texts = (f"{title}\n{text}" for _, title, _, text in self.kb.store.iter_texts())
                other = other_partnership(self.routes, texts)
                if other is not None:
                    logger.warning(
                        "the indexed documents are another partnership's, not the routes "
                        "file's: chat gives 999 and the documents' own numbers; point "
                        "SAFEGUIDE_ROUTES_FILE at this partnership's"
                    )
                here = self.routes if other is None else emergency_only(self.routes, other)
                judged = self.routes_judged = (generation, self.routes, here)
            self._routes_checked = time.monotonic()
            return judged[2]

    def screen(self, question: str) -> Screening:
        """The safety screen: personal data out (curated numbers kept), urgency, refusal."""
        return screen(question, allowed_numbers=self.routes.known_numbers(), meaning=self.urgency)
