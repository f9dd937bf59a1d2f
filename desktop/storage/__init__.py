"""Local storage: SQLAlchemy models, Alembic migrations, the database file and its backups."""
