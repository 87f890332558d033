"""Page 1 of a PDF as a small PNG, and the page count, with PDFium (pypdfium2)."""

from __future__ import annotations

import io
import os
import struct
from dataclasses import dataclass
from pathlib import Path

THUMBNAIL_WIDTH = 240  # pixels: sharp at the 120 CSS pixels the overview shows, on 2x screens
THUMBS_DIR = ".thumbs"
"""Beside the overview page: one PNG per PDF, named by the PDF's SHA-256 (same PDF, same file)."""


def thumbnail_name(pdf_sha256: str) -> str:
    """Return where the thumbnail of a PDF with this SHA-256 goes, relative to the overview."""
    return f"{THUMBS_DIR}/{pdf_sha256[:20]}.png"


@dataclass(frozen=True)
class Rendered:
    """A PDF's first page as PNG bytes, with its size, and the PDF's page count."""

    png: bytes
    width: int
    height: int
    pages: int


def prepare() -> None:
    """Import PDFium and Pillow now, e.g. before forking workers that draw thumbnails."""
    import pypdfium2  # noqa: F401
    from PIL import Image  # noqa: F401


def render_first_page(pdf: bytes) -> Rendered:
    """Render page 1 of a PDF to a PNG THUMBNAIL_WIDTH pixels wide (a 64-colour palette).

    Fast octree quantization and zlib's default level: 5 ms and 10 KB a page, where median cut
    and `optimize` took 40 ms for the same size.
    """
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        scale = THUMBNAIL_WIDTH / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGB")
        pages = len(document)
        page.close()
    finally:
        document.close()
    small = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG")
    return Rendered(buffer.getvalue(), image.width, image.height, pages)


def page_count(pdf: bytes) -> int:
    """Return a PDF's number of pages."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


PAGES_CACHE = "pages"
"""Under the cache folder: one small file per PDF, named by its SHA-256, saying its page count."""


def known_page_count(cache_dir: Path | None, pdf_sha256: str) -> int | None:
    """Return the page count of the PDF with this SHA-256 from the cache, or None if unknown.

    Named by the PDF's content, an entry is never stale; a damaged one is not a number ending
    in a newline, and is ignored (and written again).
    """
    if cache_dir is None:
        return None
    try:
        text = (cache_dir / PAGES_CACHE / pdf_sha256).read_text(encoding="ascii")
    except (OSError, UnicodeError):
        return None
    if not text.endswith("\n") or not text[:-1].isdigit():
        return None
    return int(text[:-1]) or None


def remember_page_count(cache_dir: Path | None, pdf_sha256: str, pages: int) -> None:
    """Keep a PDF's page count in the cache; failing to (a read-only folder) costs nothing."""
    if cache_dir is None:
        return
    target = cache_dir / PAGES_CACHE / pdf_sha256
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(f"{pages}\n", encoding="ascii")
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)


_PNG_START = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def png_size(path: Path) -> tuple[int, int] | None:
    """Return the (width, height) of a PNG file from its header, or None if it is not one.

    The PNG format puts both in the first chunk (IHDR), right after the signature: 24 bytes
    say it, where opening the picture would import an imaging library.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(24)
    except OSError:
        return None
    if len(head) < 24 or not head.startswith(_PNG_START):
        return None
    width, height = struct.unpack(">II", head[16:24])
    return (width, height) if width and height else None
