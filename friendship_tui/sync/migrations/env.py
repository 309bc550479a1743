"""Alembic environment of the sync state tables (store/alembic_env.py does the work)."""

from friendship_tui.store.alembic_env import run

run()
