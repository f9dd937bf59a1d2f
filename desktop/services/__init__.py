"""Use cases the UI calls: each opens its own transaction and writes the audit log once."""
