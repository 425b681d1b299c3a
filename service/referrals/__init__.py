"""Referral routes: the curated, dated route book (``kb/data/referral_routes.yaml``) of who to
contact for which concern, in or out of office hours, and the route finder built on it. May
import nothing else from the service but ``service.config``."""
