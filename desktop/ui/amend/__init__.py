"""Amendments of registered applications: the dialog and where it is opened from."""
