"""The manifest's SHA-256 of each file, hashed once where a format's files begin alike."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from briefs.outputs import Digests

PREFIX = bytes(range(256)) * 300  # 76,800 bytes: longer than Digests.SHORTEST


@given(
    tails=st.lists(st.binary(max_size=300), min_size=2, max_size=6),
    cut=st.integers(min_value=0, max_value=len(PREFIX)),
    changed=st.integers(min_value=0, max_value=len(PREFIX) - 1),
)
def test_each_digest_is_the_sha256_of_the_whole_file(
    tails: list[bytes], cut: int, changed: int
) -> None:
    altered = bytearray(PREFIX)
    altered[changed] ^= 0xFF
    files = [PREFIX + tail for tail in tails]  # two or more that begin alike
    files += [
        PREFIX[:cut] + tails[0],  # shorter than the common beginning, or cut inside it
        bytes(altered) + tails[1],  # one byte of the common beginning differs
        PREFIX,  # the common beginning and nothing more
        b"",
    ]
    digests = Digests()
    for data in files:
        assert digests.sha256("docx", data) == hashlib.sha256(data).hexdigest()


def test_formats_are_kept_apart_and_unlike_files_are_hashed_whole() -> None:
    digests = Digests()
    docx = [PREFIX + b"one", PREFIX + b"two", PREFIX + b"three"]
    pdf = [b"%PDF-1.4 " + bytes([n]) * 70_000 for n in range(3)]  # alike only in 9 bytes
    for one, other in zip(docx, pdf, strict=True):
        assert digests.sha256("docx", one) == hashlib.sha256(one).hexdigest()
        assert digests.sha256("pdf", other) == hashlib.sha256(other).hexdigest()
    assert digests.sha256("pdf", docx[0]) == hashlib.sha256(docx[0]).hexdigest()
