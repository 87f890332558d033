"""How the PDF's streams are compressed: Flate by libdeflate, quick rather than thorough.

reportlab compresses every stream with zlib's default level (6). libdeflate (the `deflate`
package) at its level 1 compresses a brief's page contents, font subsets and ToUnicode maps to
about the size zlib makes at level 3, in a third of zlib's time; any Flate decoder reads them.
"""

from __future__ import annotations

import zlib

import deflate

LEVEL = 1


class Deflate:
    """A stream filter: FlateDecode, encoded by libdeflate at LEVEL."""

    pdfname = "FlateDecode"

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf-8") if isinstance(text, str) else text
        return bytes(deflate.zlib_compress(data, LEVEL))  # it returns a bytearray

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


DEFLATE = Deflate()
