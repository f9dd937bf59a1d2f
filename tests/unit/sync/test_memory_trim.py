"""The server's trims of the allocator: due at most once a period, and a trim not yet due says
how long to wait, so an idle server trims once it is due rather than never."""

import pytest

from desktop.sync.server import memory


def test_a_trim_not_yet_due_says_how_long_to_wait():
    if memory._glibc() is None:
        pytest.skip("not glibc: there is nothing to trim with")
    trimmer = memory.Trimmer(every=10.0)
    assert trimmer.wait() == 0.0  # due at once: and now counted as done
    left = trimmer.wait()
    assert left is not None and 9.0 < left <= 10.0
    trimmer.trim()
    assert trimmer.trims == 1
