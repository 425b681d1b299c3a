"""BM25 generations in PostgreSQL: each one a row (``LexicalIndex.to_bytes``), newest current.

The PostgreSQL twin of ``FolderLexicalStore``: hosts share the lexical index through the
database instead of a shared folder. A reader asks for the newest generation number (cheap, at
most once a second) and fetches and unpacks the row only when it changed, into memory. The same
rules hold: a generation is written whole in one transaction, the newest only moves forward, and
old rows are pruned only once several minutes old; a reader that cannot reach the database keeps
the index it holds.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from kb.lexical import KEEP_GENERATIONS, PRUNE_AFTER_S, LexicalIndex
from kb.pgtables import lexical_generations

logger = logging.getLogger(__name__)

_rows = lexical_generations.c


class PostgresLexicalStore:
    """``kb.lexical.LexicalStorage`` in the ``kb_lexical_generations`` table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def current_generation(self) -> int | None:
        try:
            with self.engine.connect() as conn:
                newest = conn.scalar(select(func.max(_rows.generation)))
        except SQLAlchemyError as e:
            logger.warning("lexical generation check failed; keeping the loaded index error=%s", e)
            return None
        return None if newest is None else int(newest)

    def save(self, index: LexicalIndex) -> bool:
        """Store ``index`` unless the newest stored generation is already as new (then False).

        Callers hold the index write lock, so the check and the insert are not raced.
        """
        data = index.to_bytes()
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            newest = conn.scalar(select(func.max(_rows.generation)))
            if newest is not None and newest >= index.generation:
                return False
            conn.execute(
                lexical_generations.insert().values(
                    generation=index.generation,
                    created_at=now.isoformat(timespec="seconds"),
                    data=data,
                )
            )
            keep = (
                select(_rows.generation)
                .order_by(_rows.generation.desc())
                .limit(KEEP_GENERATIONS)
                .scalar_subquery()
            )
            cutoff = (now - timedelta(seconds=PRUNE_AFTER_S)).isoformat(timespec="seconds")
            conn.execute(
                delete(lexical_generations).where(
                    _rows.generation.not_in(keep), _rows.created_at < cutoff
                )
            )
        logger.info("lexical generation=%d stored bytes=%d", index.generation, len(data))
        return True

    def load(self) -> LexicalIndex | None:
        """The newest generation, or None when none was stored."""
        query = select(_rows.generation, _rows.data).order_by(_rows.generation.desc()).limit(1)
        try:
            with self.engine.connect() as conn:
                row = conn.execute(query).first()
        except SQLAlchemyError as e:
            raise ConnectionError(f"could not read the lexical index: {e}") from e
        if row is None:
            return None
        return LexicalIndex.from_bytes(bytes(row[1]), generation=int(row[0]))
