"""Bodies compressed on the wire, negotiated with each desk, and bounded after inflating:
against the real server and PostgreSQL."""

from __future__ import annotations

import httpx
import orjson
import pytest
import zstandard

from desktop.sync import compression
from desktop.sync.client.status import sync_status
from desktop.sync.protocol import MAX_PUSH_BYTES, ErrorCode
from tests.support.sync_records import valid_record
from tests.support.sync_wire import MIB, enrol_node, memory

pytestmark = pytest.mark.postgres


def _push_body(node_id: str, seq: int, changes: list[dict]) -> bytes:
    return orjson.dumps({"node": node_id, "seq": seq, "changes": changes})


def _office(code: str) -> dict:
    from desktop.storage.ids import office_id

    record = valid_record("offices", office_id(code), code=code, kind="akimat")
    return {"t": "offices", "id": record["id"], "v": 1, "b": 0,
            "d": orjson.dumps(record).decode()}


def test_answers_are_compressed_only_for_a_desk_that_asks(server):
    node = enrol_node(server, "AKT-05")
    # something for the district to pull: the office record, pushed plain as a desk of
    # before does
    plain = httpx.post(server.url + "/v1/push", headers=node.headers(
        **{"Accept-Encoding": "identity"}), content=_push_body(node.id, 1, [_office("AKT-05")]))
    node = enrol_node(server, "AUD-01", "district")
    assert plain.status_code == 200, plain.text
    assert "content-encoding" not in plain.headers
    assert plain.headers["accept-encoding"] == "zstd"  # the server says what it takes
    old = httpx.get(server.url + "/v1/pull?since=0", headers=node.headers(
        **{"Accept-Encoding": "gzip, deflate"}))
    assert "content-encoding" not in old.headers
    with httpx.Client() as client:  # the raw bytes, not inflated by httpx
        request = client.build_request("GET", server.url + "/v1/pull?since=0",
                                       headers=node.headers(**{"Accept-Encoding": "zstd"}))
        new = client.send(request, stream=True)
        raw = b"".join(new.iter_raw())
    assert new.headers["content-encoding"] == "zstd"
    assert orjson.loads(zstandard.ZstdDecompressor().decompress(raw)) == old.json()
    assert len(raw) < len(old.content)


def test_a_compressed_push_is_taken_only_with_its_content_encoding(server):
    node = enrol_node(server, "AKT-05")
    body = compression.compress(_push_body(node.id, 1, [_office("AKT-05")]))
    unnamed = httpx.post(server.url + "/v1/push", headers=node.headers(), content=body)
    assert unnamed.status_code == 400 and unnamed.json()["error"] == "bad_request"
    other = httpx.post(server.url + "/v1/push", content=body,
                       headers=node.headers(**{"Content-Encoding": "gzip"}))
    assert other.status_code == 415 and other.json()["error"] == "bad_request"
    broken = httpx.post(server.url + "/v1/push", content=b"\x28\xb5\x2f\xfd" + b"x" * 40,
                        headers=node.headers(**{"Content-Encoding": "zstd"}))
    assert broken.status_code == 400 and broken.json()["error"] == "bad_request"
    taken = httpx.post(server.url + "/v1/push", content=body,
                       headers=node.headers(**{"Content-Encoding": "zstd"}))
    assert taken.status_code == 200, taken.text
    assert [r["s"] for r in taken.json()["results"]] == ["ok"]
    # the same batch sent plain is the same batch: the hash is of the body as written
    again = httpx.post(server.url + "/v1/push", headers=node.headers(),
                       content=_push_body(node.id, 1, [_office("AKT-05")]))
    assert again.status_code == 200 and again.json() == taken.json()


def _bomb(size: int) -> bytes:
    """A zstd frame of a JSON push body that inflates to ``size`` bytes of spaces, made piece
    by piece (never ``size`` bytes in this process)."""
    compressor = zstandard.ZstdCompressor(level=3).compressobj()
    out = [compressor.compress(b'{"node":"x","seq":1,"changes":[]')]
    piece = b" " * MIB
    for _ in range(size // MIB):
        out.append(compressor.compress(piece))
    out.append(compressor.compress(b"}"))
    out.append(compressor.flush())
    return b"".join(out)


def test_a_small_body_inflating_beyond_the_limit_is_refused_without_memory_growth(server):
    node = enrol_node(server, "AKT-05")
    bomb = _bomb(2048 * MIB)  # 2 GiB of spaces
    assert len(bomb) < 256 * 1024  # about 70 KB on the wire
    before = memory(server.process.pid)

    def send() -> httpx.Response:
        return httpx.post(server.url + "/v1/push", content=bomb, timeout=60,
                          headers=node.headers(**{"Content-Encoding": "zstd"}))

    answers = [send()]
    after_one = memory(server.process.pid)
    answers += [send() for _ in range(3)]
    for answer in answers:
        assert answer.status_code == 413, answer.text
        assert answer.json()["error"] == ErrorCode.TOO_LARGE.value
        assert "decompressed" in answer.json()["detail"]
    # what was inflated is the limit, not 2 GiB (a buffer of it, grown in place, and the
    # decompression's window), and bombs sent again take nothing more
    assert memory(server.process.pid).peak - before.rss < 4 * MAX_PUSH_BYTES
    assert memory(server.process.pid).rss - after_one.rss < 8 * MIB
    # just within the limit is taken (and answered as any body of that size)
    fits = httpx.post(server.url + "/v1/push", content=_bomb(MAX_PUSH_BYTES - 2 * MIB),
                      headers=node.headers(**{"Content-Encoding": "zstd"}), timeout=60)
    assert fits.status_code == 400 and "decompressed" not in fits.text  # node "x" is not it
    assert httpx.get(server.url + "/v1/status", headers=node.headers()).status_code == 200


def test_a_frame_asking_for_a_huge_window_is_refused(server):
    node = enrol_node(server, "AKT-05")
    # streamed (no content size in the frame), so the frame asks for its whole window
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=27)
    streaming = zstandard.ZstdCompressor(compression_params=params).compressobj()
    body = streaming.compress(_push_body(node.id, 1, [_office("AKT-05")])) + streaming.flush()
    answer = httpx.post(server.url + "/v1/push", content=body,
                        headers=node.headers(**{"Content-Encoding": "zstd"}))
    assert answer.status_code == 400, answer.text
    assert answer.json()["detail"] == "the body is not zstd"
    # the same body in a frame of an ordinary window is taken
    fits = httpx.post(server.url + "/v1/push", content=compression.compress(
        _push_body(node.id, 1, [_office("AKT-05")])),
        headers=node.headers(**{"Content-Encoding": "zstd"}))
    assert fits.status_code == 200, fits.text


class _Plain:
    """A desk of before: no ``Accept-Encoding: zstd``, pushes never compressed."""

    def __init__(self, transport) -> None:
        self.transport = transport
        transport.client.headers["Accept-Encoding"] = "gzip, deflate"

    def __getattr__(self, name):
        return getattr(self.transport, name)

    def push(self, body: bytes):
        self.transport.compress = False
        return self.transport.push(body)


def test_new_and_old_desks_sync_through_one_server_and_the_new_ones_send_less(
        server, desks, held_by, district_rows, history_duplicates):
    from desktop.sync.client.engine import open_transport, run_sync

    north, south = desks("AKT-05"), desks("AKT-06")
    district = desks("AUD-01", "district")
    north.fill(30, seed=31)
    south.fill(30, seed=31)  # the same families: the same bytes to send
    for desk in (north, south, district):
        desk.enrol(server)
    counted = {}
    for desk, old in ((north, False), (south, True)):
        with open_transport(desk.db) as transport:
            run_sync(desk.db, _Plain(transport) if old else transport, check=False)
            counted[desk.office_code] = (transport.sent, transport.received,
                                         transport.compress)
    with open_transport(district.db) as transport:
        report = run_sync(district.db, transport, check=False)
    assert report.unapplied == 0
    assert held_by(district) >= held_by(north) | held_by(south)
    assert set(district_rows()) == held_by(north) | held_by(south) | held_by(district)
    assert history_duplicates() == []
    assert sync_status(north.db).pending == sync_status(south.db).pending == 0
    new_sent, _new_received, new_compressed = counted["AKT-05"]
    old_sent, _old_received, _ = counted["AKT-06"]
    assert new_compressed
    assert new_sent * 4 < old_sent, (new_sent, old_sent)
    assert "too_large" not in server.log.read_text()
