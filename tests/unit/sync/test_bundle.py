"""Bundle files: sealed, authenticated, and refused with a reason when changed or foreign."""

from __future__ import annotations

import pytest

from desktop.sync.bundle import PUSH, BundleError, bundle_key, open_bundle, read_header, seal

KEY = bundle_key(b"k" * 32)
HEADER = {"kind": PUSH, "node": "0190a1b2-0000-7000-8000-000000000001", "id": "b1"}
BODY = {"batches": [{"seq": 1, "body": "{\"changes\":[]}"}], "cursor": 0}


def test_a_bundle_opens_with_its_key():
    bundle = open_bundle(seal(HEADER, BODY, KEY), KEY)
    assert bundle.body == BODY and bundle.node == HEADER["node"] and bundle.kind == PUSH


@pytest.mark.parametrize("where", [20, 40, -1, -30])
def test_any_changed_byte_is_refused(where):
    data = bytearray(seal(HEADER, BODY, KEY))
    data[where] ^= 0x01
    with pytest.raises(BundleError) as refused:
        open_bundle(bytes(data), KEY)
    assert refused.value.code in ("tampered", "not_a_bundle")


def test_another_desks_key_is_refused():
    with pytest.raises(BundleError) as refused:
        open_bundle(seal(HEADER, BODY, KEY), bundle_key(b"x" * 32))
    assert refused.value.code == "tampered"


def test_the_body_is_not_readable_in_the_file():
    secret_body = {"iin": "900101300126", "surname": "Әбдіров"}
    data = seal(HEADER, secret_body, KEY)
    assert b"900101300126" not in data and "Әбдіров".encode() not in data
    assert read_header(data)["node"] == HEADER["node"]


def test_a_file_that_is_no_bundle_says_so():
    with pytest.raises(BundleError) as refused:
        read_header(b"PK\x03\x04 a zip file")
    assert refused.value.code == "not_a_bundle"
