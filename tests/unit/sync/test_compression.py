"""The wire's compression: what a desk's Accept-Encoding asks for, and inflating within a
limit."""

from __future__ import annotations

import pytest
import zstandard

from desktop.sync import compression


@pytest.mark.parametrize(("header", "accepted"), [
    ("zstd", True), ("gzip, deflate, zstd", True), ("ZSTD;q=0.5", True),
    ("gzip, deflate", False), ("", False), ("zstd;q=0", False), ("zstd; q=0.000", False),
    ("zstdx", False), ("identity", False),
])
def test_what_a_request_accepts(header: str, accepted: bool) -> None:
    assert compression.accepts(header) is accepted


def test_a_body_comes_back_as_it_was_written() -> None:
    body = b'{"node":"n","seq":1,"changes":[' + b'{"t":"members"},' * 1000 + b'{}]}'
    packed = compression.compress(body)
    assert len(packed) * 20 < len(body)
    assert compression.decompress(packed, len(body)) == body


def test_inflating_stops_at_the_limit_without_inflating_the_rest() -> None:
    packed = compression.compress(b" " * (64 * 1024 * 1024))
    pieces = compression.inflating(packed, 1024 * 1024)
    taken = 0
    with pytest.raises(compression.TooLarge):
        for piece in pieces:
            taken += len(piece)
    assert taken <= 1024 * 1024


def test_what_is_not_zstd_or_asks_for_a_huge_window_is_malformed() -> None:
    with pytest.raises(compression.Malformed):
        compression.decompress(b'{"node": "n"}', 1024)
    # streamed (no content size in the frame), so the frame asks for its whole window
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=27)
    streaming = zstandard.ZstdCompressor(compression_params=params).compressobj()
    wide = streaming.compress(b"x" * 1024) + streaming.flush()
    with pytest.raises(compression.Malformed):
        compression.decompress(wide, 1024 * 1024)
