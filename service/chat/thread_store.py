"""The conversation thread store: each finished turn of a conversation, in the database, so every
worker process can show the thread (``/?c=<conversation id>``) after Back or reload.

A turn is the ``ChatResponse`` as JSON, with the question as used (personal data already
replaced by placeholders). A thread lasts ``THREAD_TTL_SECONDS`` after its last turn; older
turns are deleted whenever a turn is added.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, Integer, String, Text, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from db import Base, UTCDateTime, utc_now
from service.chat.schemas import ChatResponse

# A working day: a practitioner may come back to the answer after a meeting.
THREAD_TTL_SECONDS = 8 * 3600
# A thread longer than this is a new topic; the oldest turns drop off.
MAX_TURNS = 50


class ConversationNotFound(LookupError):
    """Raised when a conversation id names no thread (never started, or expired)."""


class ConversationTurnRow(Base):
    """One answered question of a conversation (redacted question, whole answer as JSON)."""

    __tablename__ = "conversation_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    response: Mapped[str] = mapped_column(Text)


class ConversationThreads:
    """The turns of each conversation, oldest first."""

    def __init__(
        self,
        engine: Engine,
        *,
        ttl_seconds: float = THREAD_TTL_SECONDS,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._engine = engine
        self._ttl = timedelta(seconds=ttl_seconds)
        self._clock = clock

    def add(self, response: ChatResponse) -> int:
        """Record a finished turn; returns its number in the thread (1 for the first)."""
        now = self._clock()
        row = ConversationTurnRow(
            conversation_id=response.conversation_id,
            created_at=now,
            response=response.model_dump_json(),
        )
        with Session(self._engine) as session, session.begin():
            session.add(row)
            session.flush()
            # Expired threads go; so do the oldest turns past the limit.
            session.execute(
                delete(ConversationTurnRow).where(ConversationTurnRow.created_at < now - self._ttl)
            )
            ids = select(ConversationTurnRow.id).where(
                ConversationTurnRow.conversation_id == response.conversation_id
            )
            kept = ids.order_by(ConversationTurnRow.id.desc()).limit(MAX_TURNS)
            session.execute(
                delete(ConversationTurnRow).where(
                    ConversationTurnRow.conversation_id == response.conversation_id,
                    ConversationTurnRow.id.not_in(kept.scalar_subquery()),
                )
            )
            count = session.scalar(
                select(func.count()).where(
                    ConversationTurnRow.conversation_id == response.conversation_id
                )
            )
        return int(count or 0)

    def turns(self, conversation_id: str) -> list[ChatResponse]:
        """The thread, oldest first; empty if unknown or its last turn is too old."""
        stmt = (
            select(ConversationTurnRow)
            .where(ConversationTurnRow.conversation_id == conversation_id)
            .order_by(ConversationTurnRow.id)
        )
        with Session(self._engine) as session:
            rows = list(session.scalars(stmt))
        if not rows or rows[-1].created_at < self._clock() - self._ttl:
            return []
        return [ChatResponse.model_validate_json(r.response) for r in rows]

    def read_thread(self, conversation_id: str) -> list[ChatResponse]:
        turns = self.turns(conversation_id)
        if not turns:
            raise ConversationNotFound(
                f"no conversation {conversation_id!r}: it may have expired; start a new one at /"
            )
        return turns
