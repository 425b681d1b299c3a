"""Alembic migrations for every table in the database (run by ``db.migrate``, never imported).

``env.py`` migrates the connection ``db.migrate`` hands it; ``versions/`` holds one file per
revision, plain DDL that imports nothing from the project.
"""
