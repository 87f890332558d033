"""Page 1 of a PDF as a small JPEG, and the page count, with PDFium (pypdfium2)."""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import Path

THUMBNAIL_WIDTH = 240  # pixels: sharp at the 120 CSS pixels the overview shows, on 2x screens
THUMBS_DIR = ".thumbs"
"""Beside the overview page: one picture per PDF, named by the PDF's SHA-256 (same PDF, same
file)."""
THUMBNAIL_SUFFIX = ".jpg"
JPEG_QUALITY = 85


def thumbnail_name(pdf_sha256: str) -> str:
    """Return where the thumbnail of a PDF with this SHA-256 goes, relative to the overview."""
    return f"{THUMBS_DIR}/{pdf_sha256[:20]}{THUMBNAIL_SUFFIX}"


@dataclass(frozen=True)
class Rendered:
    """A PDF's first page as JPEG bytes, with its size, and the PDF's page count."""

    picture: bytes
    width: int
    height: int
    pages: int


def prepare() -> None:
    """Import PDFium and Pillow now, e.g. before forking workers that draw thumbnails."""
    import pypdfium2  # noqa: F401
    from PIL import Image  # noqa: F401


def render_first_page(pdf: bytes) -> Rendered:
    """Render page 1 of a PDF to a JPEG THUMBNAIL_WIDTH pixels wide.

    JPEG at quality 85 keeps the page's tints (a palette PNG flattened them) at about 19 KB,
    and costs 0.3 ms where quantizing and compressing a PNG cost 1.4 ms. The page is drawn
    in RGBX, PDFium's own pixel format with its bytes in Pillow's order, which Pillow encodes
    from PDFium's buffer as it is: drawing BGR and converting it to RGB made the same
    picture in 0.4 ms more.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        scale = THUMBNAIL_WIDTH / page.get_width()
        bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        pages = len(document)
        page.close()
    finally:
        document.close()
    image = bitmap.to_pil()  # shares the bitmap's buffer: encoded while bitmap is alive
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return Rendered(buffer.getvalue(), image.width, image.height, pages)


def page_count(pdf: bytes) -> int:
    """Return a PDF's number of pages."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


PAGES_DETAIL = "pages"
"""The detail of a PDF's manifest entry that says its number of pages, recorded by the build
as it draws the thumbnail (PDFium knows it then): the overview reads it there."""


_START_OF_FRAME = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # markers without a length: TEM, RST0-7


def picture_size(path: Path) -> tuple[int, int] | None:
    """Return the (width, height) of a whole JPEG file, or None if it is not one.

    Reads the markers up to the frame header (SOFn), which says both, and checks that the
    file ends with the end-of-image marker, so a truncated picture is drawn again; opening
    the picture would import an imaging library.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not (data.startswith(b"\xff\xd8") and data.endswith(b"\xff\xd9")):
        return None
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in _START_OF_FRAME:
            if position + 9 > len(data) or length < 7:
                return None
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return (width, height) if width and height else None
        if marker == 0xDA or length < 2:  # scan data before any frame header: not a picture
            return None
        position += 2 + length
    return None
