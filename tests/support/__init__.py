"""Helpers the tests share, imported by their full name (``from tests.support.storage import
connect``) from any test in any folder: no helper is found through a folder a ``conftest``
put on ``sys.path``, nor through a ``conftest`` module, so any subset of test files collects
together (pytest's ``pythonpath`` puts the repository's root on the path; see pyproject.toml).

Fixtures stay in the ``conftest.py`` of the folder that uses them; what a ``conftest`` and a
test both need lives here. The helpers' former bare names (``storage_helpers``, ``sync_wire``
…) still import, from the re-exporting modules of ``tests/support/old_names``.
"""
