"""Alembic migrations of the district server's PostgreSQL schema."""
