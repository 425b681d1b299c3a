"""What the answer pipeline needs, wired once per process by the app factory."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kb.index import KnowledgeBase
from service.chat.acronyms import Acronyms
from service.chat.conversations import ConversationMemory
from service.chat.drafting import Answerer
from service.chat.safety import Screening, screen
from service.chat.similarity import SentenceVectors
from service.config import RetrievalSettings
from service.referrals.local import emergency_only, other_partnership
from service.referrals.route_book import RouteBook

logger = logging.getLogger(__name__)


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

    def routes_here(self) -> RouteBook:
        """The route book, or its 999-only form when the documents indexed are another
        partnership's (see ``other_partnership``), judged again as they change."""
        generation, judged = self.kb.store.generation(), self.routes_judged
        if judged is None or judged[0] != generation or judged[1] is not self.routes:
            texts = (f"{title}\n{text}" for _, title, _, text in self.kb.store.iter_texts())
            other = other_partnership(self.routes, texts)
            if other is not None:
                logger.warning(
                    "the indexed documents are another partnership's, not the routes file's: "
                    "chat gives 999 and the documents' own numbers; point SAFEGUIDE_ROUTES_FILE "
                    "at this partnership's"
                )
            here = self.routes if other is None else emergency_only(self.routes, other)
            judged = self.routes_judged = (generation, self.routes, here)
        return judged[2]

    def screen(self, question: str) -> Screening:
        """The safety screen: personal data out (curated numbers kept), urgency, refusal."""
        return screen(question, allowed_numbers=self.routes.known_numbers(), meaning=self.urgency)
