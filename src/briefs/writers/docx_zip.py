"""Lay out a zip archive byte for byte as `zipfile` does, from members deflated beforehand.

Every DOCX of a build shares most of its members (the embedded fonts, settings, theme…), and
`zipfile` can only deflate what it writes. Here a member is deflated once (`deflate`) and its
bytes are copied into every archive (`write_zip`) with the local headers, central directory
and end record that `zipfile.ZipFile.writestr` writes to a seekable stream: no data
descriptors, no extra fields, Unix permissions 0644, names in ASCII.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_VERSION = 20  # deflate, as zipfile records it
_UNIX = 3
_PERMISSIONS = 0o644 << 16
_LIMIT = (1 << 31) - 1  # beyond this zipfile would switch to zip64


@dataclass(frozen=True)
class Member:
    """One deflated zip member: its name, the CRC-32 and size of its content, its bytes."""

    name: bytes
    crc: int
    size: int
    data: bytes


def deflate(name: str, content: bytes) -> Member:
    """Deflate content as zipfile does (default level, raw stream) into a member named name."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    if len(content) > _LIMIT or len(data) > _LIMIT:
        raise ValueError(f"zip member too large for a plain zip: {name!r}")
    return Member(name.encode("ascii"), zlib.crc32(content), len(content), data)


def write_zip(stream: BinaryIO, members: Sequence[Member], date_time: tuple[int, ...]) -> None:
    """Write an archive of members, in order, all stamped with date_time (year … second)."""
    year, month, day, hour, minute, second = date_time[:6]
    dos_date = (year - 1980) << 9 | month << 5 | day
    dos_time = hour << 11 | minute << 5 | second // 2
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for member in members:
        fields = (
            0, zlib.DEFLATED, dos_time, dos_date, member.crc, len(member.data), member.size,
            len(member.name),
        )  # fmt: skip
        header = _LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, 0, *fields, 0)
        central = (b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, *fields, 0, 0, 0, 0)
        directory += (_CENTRAL_HEADER.pack(*central, _PERMISSIONS, offset), member.name)
        chunks += (header, member.name, member.data)
        offset += len(header) + len(member.name) + len(member.data)
    if offset > _LIMIT:
        raise ValueError("archive too large for a plain zip")
    central_directory = b"".join(directory)
    count = len(members)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(central_directory), offset, 0)
    stream.write(b"".join([*chunks, central_directory, end]))  # the archive copied once
