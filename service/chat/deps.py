"""What the answer pipeline needs, wired once per process by the app factory."""

from __future__ import annotations

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
from service.referrals.route_book import RouteBook


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

    def screen(self, question: str) -> Screening:
        """The safety screen: personal data out (curated numbers kept), urgency, refusal."""
        return screen(question, allowed_numbers=self.routes.known_numbers(), meaning=self.urgency)
