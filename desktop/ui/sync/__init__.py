"""Sync in the window: background synchronization, its status, conflicts, bundle files."""
