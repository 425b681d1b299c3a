"""The answer pipeline: question -> screened question -> retrieved passages -> answer with
citations and contacts. Owns safety screening, conversations, the extractive and LLM answerers,
their prompts, cited sources, search and the evaluation sets. May import ``kb``, ``ingest``,
``service.config`` and ``service.referrals``; never ``service.routes`` or ``service.http``."""
