"""Printing from the desk: the generic documents dialog, preview, printer and PDF file."""
