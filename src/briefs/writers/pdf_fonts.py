"""The embedded TrueType fonts: reportlab's TTFont, with smaller subsets made faster.

Each document embeds, per font, only the glyphs it uses. reportlab's default also puts all of
ASCII into the first subset, so that the content stream shows ASCII text as ASCII: that costs
about a third of every file's bytes and the time to subset and compress them, and is not how
text is read (extractors and screen readers go through each subset's ToUnicode map). The
subsets themselves are made by `pdf_subsets` from glyphs read once, their widths written at
once; the objects are those reportlab's TTFont adds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)

from briefs.writers.pdf_streams import DEFLATE
from briefs.writers.pdf_subsets import FontGlyphs, make_subset, read_glyphs
from briefs.writers.pdf_tuning import pdf_array


class EmbeddedFont(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    """A TrueType font embedded as subsets of the characters a document uses."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name, str(path), asciiReadable=False)
        self._formatted_widths: dict[int, bytes] = {}
        self._glyphs: FontGlyphs = read_glyphs(self.face)  # before workers fork, not in each

    def addObjects(self, doc: Any) -> None:
        """Add a Font object per subset, as reportlab's TTFont does, its widths written at once."""
        state = self._assignState(doc)
        state.frozen = 1
        face = self.face
        fonts = doc.idToObject["BasicFonts"].dict
        for number, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(number, doc)[1:]
            base_name = b"".join((SUBSETN(number), b"+", face.name, face.subfontNameX)).decode(
                "pdfdoc"
            )
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {number}"
            font.Name = internal_name
            font.BaseFont = base_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = _Formatted(self._widths_array(subset))
            cmap = pdfdoc.PDFStream()
            cmap.content = makeToUnicodeCMap(base_name, subset)
            if doc.compression:
                cmap.filters = [DEFLATE]
            font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_name)
            font.FontDescriptor = self._descriptor(doc, base_name, subset)
            doc.Reference(font, internal_name)
            fonts[internal_name] = font
        del self.state[doc]

    def _descriptor(self, doc: Any, base_name: str, subset: list[int]) -> Any:
        """Add the subset's font file and descriptor as reportlab's TTFontFace does."""
        face = self.face
        font_file = pdfdoc.PDFStream()
        font_file.content = make_subset(self._glyphs, subset)
        font_file.dictionary["Length1"] = len(font_file.content)
        if doc.compression:
            font_file.filters = [DEFLATE]
        file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({base_name})")
        flags = face.flags & ~FF_NONSYMBOLIC | FF_SYMBOLIC
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": face.ascent,
                "CapHeight": face.capHeight,
                "Descent": face.descent,
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArray(face.bbox),
                "FontName": pdfdoc.PDFName(base_name),
                "ItalicAngle": face.italicAngle,
                "StemV": face.stemV,
                "FontFile2": file_ref,
                "MissingWidth": face.defaultWidth,
            }
        )
        return doc.Reference(descriptor, "fontDescriptor:" + base_name)

    def _widths_array(self, subset: list[int]) -> bytes:
        """Return the PDF array of the subset's glyph widths as reportlab's PDFArray writes it."""
        formatted = self._formatted_widths
        items = []
        for code in subset:
            width = formatted.get(code)
            if width is None:
                width = formatted[code] = fp_str(self.face.getCharWidth(code)).encode("latin-1")
            items.append(width)
        return pdf_array(items)


class _Formatted(pdfdoc.PDFObject):  # type: ignore[misc]
    """A direct PDF object already written out."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data
