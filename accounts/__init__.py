"""Curator accounts: users and password hashing (Argon2id, old scrypt hashes re-hashed on
sign-in). No HTTP. May import ``db`` only."""
