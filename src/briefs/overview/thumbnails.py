"""Page 1 of a PDF as a small PNG, and the page count, with PDFium (pypdfium2)."""

from __future__ import annotations

import io
from dataclasses import dataclass

THUMBNAIL_WIDTH = 240  # pixels: sharp at the 120 CSS pixels the overview shows, on 2x screens


@dataclass(frozen=True)
class Rendered:
    """A PDF's first page as PNG bytes, with its size, and the PDF's page count."""

    png: bytes
    width: int
    height: int
    pages: int


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


def reuse(pdf: bytes, png: bytes) -> Rendered:
    """Return an earlier thumbnail of the same PDF with the PDF's page count, without drawing."""
    import pypdfium2
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = len(document)
    finally:
        document.close()
    return Rendered(png, width, height, pages)
