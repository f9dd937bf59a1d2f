"""Command-line sub-commands of ``komek`` (headless work: assess, import, export ...)."""
