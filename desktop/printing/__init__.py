"""Printed documents: reportlab, one module per document, embedded fonts."""
