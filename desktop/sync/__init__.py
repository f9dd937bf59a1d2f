"""Sync with the district server: outbox, push/pull, bundles."""
