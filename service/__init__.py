"""The service: the only place that wires things. Its top level holds the app factory
(``app``), settings (``config``), the CLI, the error mapping and the ASGI entry; each job has
a folder:

- ``chat/`` — screening, the answer plan, drafting, citations, prompts (question -> answer)
- ``referrals/`` — the curated route book and the route finder
- ``curation/`` — briefing editing, document uploads and ingestion, jobs, feedback, unanswered
- ``http/`` — auth, sessions, security headers, rate limits, templating, typed dependencies
- ``routes/`` — thin: parse, call one domain function, shape the response

Domain folders never import ``routes``; ``routes`` never hold domain logic.
"""
