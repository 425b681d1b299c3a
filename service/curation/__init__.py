"""The partnership team's work: stores (briefings, users, feedback), briefing editing and
publishing, document ingestion, uploads and their background jobs, feedback and the unanswered
question list. May import ``kb``, ``ingest``, ``briefings``, ``accounts``, ``db`` and
``service.referrals``; never ``service.routes``."""
