"""ASGI entry point for multi-worker servers: ``uvicorn service.asgi:app --workers 2``."""

from __future__ import annotations

from service.app import create_app

app = create_app()
