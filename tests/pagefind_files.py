"""Reading Pagefind's data files in tests: gzip, a header, then CBOR (or JSON for fragments)."""

from __future__ import annotations

import gzip
import json

import cbor2

HEADER = b"pagefind_dcd"


def _payload(blob: bytes) -> bytes:
    data = gzip.decompress(blob)
    assert data.startswith(HEADER), data[:20]
    return data[len(HEADER) :]


def decode(blob: bytes):
    """A filter or metadata file's contents."""
    return cbor2.loads(_payload(blob))


def encode(value) -> bytes:
    return gzip.compress(HEADER + cbor2.dumps(value))


def fragment(blob: bytes) -> dict:
    """One indexed page: its url, content, filters and meta."""
    return json.loads(_payload(blob))
