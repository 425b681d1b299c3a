"""One Alembic revision per file, oldest first: ``r0001`` the curator tables, ``r0002`` the
chunk store on PostgreSQL. Create the next with ``safeguide db revision MESSAGE``."""
