"""Bodies compressed on the wire (zstd), the same at the desk and the server (no I/O).

Negotiated, so a server serves old and new desks during an upgrade: a desk says
``Accept-Encoding: zstd`` and the server compresses its answers only to a desk that says
so; the server says ``Accept-Encoding: zstd`` in its answers (RFC 7694) and a desk that has
seen it sends its push bodies compressed, with ``Content-Encoding: zstd``. A body without
``Content-Encoding`` is read as it is, as from a desk of before.

A compressed body is bounded twice: as it arrives (its route's limit, of the bytes sent)
and as it is decompressed (the same limit, of the bytes it inflates to, read piece by
piece and given up as soon as it passes), so a small body inflating beyond the limit is
refused without ever being held whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import zstandard

ENCODING = "zstd"
LEVEL = 3  # a batch of 5 000 records (3.3 MB of JSON) in about 4 ms, to 176 KB
SMALLEST = 256  # answers shorter than this are sent as they are (a status, an error)
# A frame asking for a larger window than this is refused: the window is memory the
# decompression takes whatever the frame holds (zstd's own default limit is 128 MiB). The
# desk compresses at LEVEL, whose window is at most 2 MiB.
MAX_WINDOW = 8 * 1024 * 1024
_PIECE = 256 * 1024


class TooLarge(ValueError):
    """The body inflates beyond its limit."""


class Malformed(ValueError):
    """The body is not a zstd frame (or asks for a window beyond ``MAX_WINDOW``)."""


def compress(body: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=LEVEL).compress(body)


def inflating(body: bytes, limit: int) -> Iterator[bytes]:
    """``body`` inflated, piece by piece: raises :class:`TooLarge` as soon as more than
    ``limit`` bytes have come out, :class:`Malformed` when it is not zstd. The caller holds
    the pieces (at most ``limit`` bytes and one piece) and may pause between them."""
    reader = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW).stream_reader(
        body, read_across_frames=True)
    total = 0
    try:
        while piece := reader.read(_PIECE):
            total += len(piece)
            if total > limit:
                raise TooLarge(limit)
            yield piece
    except zstandard.ZstdError as error:
        raise Malformed(str(error)) from error


def decompress(body: bytes, limit: int) -> bytes:
    """``body`` inflated whole (see :func:`inflating`)."""
    return b"".join(inflating(body, limit))


def accepts(header: str) -> bool:
    """Whether an ``Accept-Encoding`` header names zstd (and not with ``q=0``)."""
    for item in header.split(","):
        name, _, parameters = item.strip().partition(";")
        if name.strip().lower() == ENCODING:
            quality = parameters.strip().lower().replace(" ", "")
            return quality not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False
