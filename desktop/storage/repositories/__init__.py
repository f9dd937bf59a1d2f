"""Repositories: load and save one aggregate at a time, in the caller's session or their own."""
