"""Jinja2 templates and static files for the safeguide pages (no Python code lives here)."""
