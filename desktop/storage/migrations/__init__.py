"""Alembic migrations of the workstation database (run by ``desktop.storage.migrate``)."""
