"""The DOCX package around the body: the base template, Word 2013 settings, theme, saving.

The base template is python-docx's default document with every part that carried the Office
2007 design (styles, numbering, theme, font table, settings) replaced by briefs' own. python-docx
opens it once, in `DocxParts`, the writer's context: every part that is the same in every
brief (settings, theme, font table, the embedded fonts…) is serialized and deflated there once,
and the parts a brief fills in (body, properties, numbering, header, footers, the language in
the styles) become shells with holes. A brief's package is these members copied, the holes
filled, in the order and with the bytes python-docx would have saved.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, BinaryIO

from docx import Document as open_docx
from docx.enum.section import WD_SECTION_START
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from briefs.document import Document
from briefs.writers import Stamp
from briefs.writers.docx_fonts import (
    FONT_CONTENT_TYPE,
    SANS,
    SERIF,
    embedded_fonts,
    font_table_rels_xml,
    font_table_xml,
)
from briefs.writers.docx_styles import (
    ACCENT,
    CALLOUT_FILL,
    FOOTER_DISTANCE,
    HEADER_DISTANCE,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    numbering_xml,
    styles_xml,
)
from briefs.writers.docx_xml import attribute, text
from briefs.writers.docx_zip import Member, deflate, write_zip

_XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_WORD = "http://schemas.microsoft.com/office/word"

# Word 2013's own compatibility settings: mode 15 means no "Compatibility Mode" banner
_COMPAT = (
    ("compatibilityMode", "15"),
    ("overrideTableStyleFontSizeAndJustification", "1"),
    ("enableOpenTypeFeatures", "1"),
    ("doNotFlipMirrorIndents", "1"),
    ("differentiateMultirowTableHeaders", "1"),
)

SETTINGS_XML = (
    f"{_XML_HEAD}"
    '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:zoom w:percent="100"/><w:embedTrueTypeFonts/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
    + "".join(
        f'<w:compatSetting w:name="{name}" w:uri="{_WORD}" w:val="{value}"/>'
        for name, value in _COMPAT
    )
    + '</w:compat><w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2"'
    ' w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4"'
    ' w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink"'
    ' w:followedHyperlink="followedHyperlink"/></w:settings>'
).encode()


def _theme_xml() -> bytes:
    """Return a theme whose fonts are Noto and whose colours are the PDF's (no Office theme)."""
    colours = (
        ("dk1", INK),
        ("lt1", "FFFFFF"),
        ("dk2", ACCENT),
        ("lt2", CALLOUT_FILL),
        ("accent1", ACCENT),
        ("accent2", MUTED),
        ("accent3", RULE),
        ("accent4", "2E6F95"),
        ("accent5", "7A8B99"),
        ("accent6", "A9BCCB"),
        ("hlink", ACCENT),
        ("folHlink", MUTED),
    )
    scheme = "".join(f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>' for name, value in colours)
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{fill}</a:ln>'

    def fonts(kind: str, name: str) -> str:
        return (
            f'<a:{kind}><a:latin typeface="{name}"/><a:ea typeface=""/><a:cs typeface=""/>'
            f"</a:{kind}>"
        )

    return (
        f"{_XML_HEAD}"
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Briefs">'
        f'<a:themeElements><a:clrScheme name="Briefs">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="Briefs">{fonts("majorFont", SANS.name)}'
        f"{fonts('minorFont', SERIF.name)}</a:fontScheme>"
        f'<a:fmtScheme name="Briefs"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}"
        f"</a:effectStyleLst><a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>"
        "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    ).encode()


_APP_XML = (
    f"{_XML_HEAD}"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>briefs</Application></Properties>"
).encode()

# parts of python-docx's default template that never ship, and their references
_DROPPED_PARTS = (
    "docProps/thumbnail.jpeg",
    "customXml/",
    "word/stylesWithEffects.xml",
    "word/webSettings.xml",
)
_DROPPED_REFERENCE = re.compile(
    rb"<(Override|Relationship|Default)\b[^>]*"
    rb"(thumbnail|customXml|jpeg|stylesWithEffects|webSettings)[^>]*/>"
)


def base_template() -> bytes:
    """Return the base DOCX every brief starts from (built once per process).

    Its section is A4 with the PDF's margins, a first-page header left empty (the letterhead
    is there) and a running header and a footer for the writer to fill.
    """
    word = open_docx()
    body = word.element.body
    for paragraph in list(body.iterchildren("{*}p")):
        body.remove(paragraph)
    section = word.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.left_margin = section.right_margin = Twips(MARGIN_X)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.header_distance = Twips(HEADER_DISTANCE)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    section.gutter = 0
    section.different_first_page_header_footer = True
    for part in (section.header, section.first_page_header, section.footer):
        part.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    buffer = io.BytesIO()
    word.save(buffer)
    return _replace_parts(buffer.getvalue())


def _replace_parts(data: bytes) -> bytes:
    """Swap in briefs' styles, numbering, settings, theme, font table; drop template leftovers."""
    replacements = {
        "word/styles.xml": styles_xml(),
        "word/numbering.xml": numbering_xml(),
        "word/settings.xml": SETTINGS_XML,
        "word/theme/theme1.xml": _theme_xml(),
        "word/fontTable.xml": font_table_xml(),
        "docProps/app.xml": _APP_XML,
    }
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name.startswith(_DROPPED_PARTS):
                continue
            content = replacements.get(name) or source.read(name)
            if name.endswith((".rels", "[Content_Types].xml")):
                content = _DROPPED_REFERENCE.sub(b"", content)
            target.writestr(name, content)
    return out.getvalue()


@dataclass(frozen=True)
class Content:
    """What a brief puts into its package: the body, header and footer paragraphs (WordprocessingML
    without namespace declarations) and the w:num elements of its numbered lists."""

    body: str
    header: str
    footer: str
    numbering: str


_HOLE = "BRIEFS-HOLE-"
_MOMENT_HOLE = dt.datetime(1901, 2, 3, 4, 5, 6)


def _hole(name: str) -> Any:
    """Return an element that marks where a brief's own content goes in a part."""
    element = OxmlElement("w:t")
    element.text = _HOLE + name
    return element


class _Shell:
    """A serialized part with holes: the bytes around them, filled in for each brief."""

    def __init__(self, blob: bytes, holes: dict[str, str]) -> None:
        """Split blob at holes, a map of the text marking each hole to the hole's name."""
        pattern = re.compile(b"|".join(re.escape(mark.encode()) for mark in holes))
        pieces = re.split(b"(" + pattern.pattern + b")", blob)
        self.literals = pieces[0::2]
        self.names = [holes[mark.decode()] for mark in pieces[1::2]]
        if set(self.names) != set(holes.values()):
            raise RuntimeError(f"python-docx did not keep every hole of a part: {holes}")

    def fill(self, values: dict[str, str]) -> bytes:
        out = [self.literals[0]]
        for name, literal in zip(self.names, self.literals[1:], strict=True):
            out += (values[name].encode(), literal)
        return b"".join(out)


class DocxParts:
    """The writer's context: a DOCX package prepared once, to be filled in for each brief.

    Holds the zip members in python-docx's order: the constant ones deflated, the others as
    shells. Styles are deflated once per language. Not thread-safe; fork-safe (nothing is
    written after construction but the per-language styles).
    """

    def __init__(self, template: bytes) -> None:
        word = open_docx(io.BytesIO(template))
        package = word.part.package
        section = word.sections[0]
        numbering = word.part.numbering_part.element
        numbers = sorted(int(num.numId) for num in numbering.num_lst)
        if numbers != list(range(1, len(numbers) + 1)):
            raise RuntimeError(f"numbering ids are not 1…n: {numbers}")
        self.first_num_id = len(numbers) + 1
        numbering.append(_hole("numbering"))
        body = word.element.body
        body.insert(body.index(body.sectPr), _hole("body"))
        for story, name in ((section.header, "header"), (section.footer, "footer")):
            for paragraph in story.paragraphs:
                paragraph._p.getparent().remove(paragraph._p)
            story._element.append(_hole(name))
        section.first_page_footer._element.remove(section.first_page_footer.paragraphs[0]._p)
        section.first_page_footer._element.append(_hole("footer"))
        lang = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        lang = lang.find(qn("w:rPr")).find(qn("w:lang"))
        for key in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(key), _HOLE + "language")
        _set_properties(word, _PROPERTY_HOLES, _MOMENT_HOLE)

        holes = {_HOLE + name: name for name in ("body", "header", "footer", "numbering")}
        holes.update({_HOLE + name: name for name in ("title", "subject", "author", "language")})
        holes[_HOLE + "keywords"] = "keywords"
        holes[_MOMENT_HOLE.strftime("%Y-%m-%dT%H:%M:%SZ")] = "moment"
        holes = {
            (f"<w:t>{mark}</w:t>" if mark[len(_HOLE) :] in _ELEMENT_HOLES else mark): name
            for mark, name in holes.items()
        }
        parts = list(package.iter_parts())
        content_types = _ContentTypesItem.from_parts(parts).blob  # type: ignore[no-untyped-call]
        font_default = f'<Default Extension="odttf" ContentType="{FONT_CONTENT_TYPE}"/>'.encode()
        content_types = content_types.replace(b"<Default ", font_default + b"<Default ", 1)
        self.members: list[Member | tuple[str, _Shell]] = [
            deflate("word/_rels/fontTable.xml.rels", font_table_rels_xml()),
            *(deflate(font.member, font.data) for font in embedded_fonts()),
            deflate("[Content_Types].xml", content_types),
            deflate("_rels/.rels", package.rels.xml),
        ]
        self.styles_shell: _Shell | None = None
        for part in parts:
            name = part.partname.membername
            blob = part.blob
            if _HOLE.encode() in blob:
                present = {mark: hole for mark, hole in holes.items() if mark.encode() in blob}
                shell = _Shell(blob, present)
                if getattr(part, "element", None) is word.styles.element:
                    self.styles_shell = shell
                self.members.append((name, shell))
            else:
                self.members.append(deflate(name, blob))
            if part.rels:
                self.members.append(deflate(part.partname.rels_uri.membername, part.rels.xml))
        self.styles: dict[str, Member] = {}

    def write(self, stream: BinaryIO, document: Document, content: Content, stamp: Stamp) -> None:
        """Write document's package, holding content, with stamp's time, to stream."""
        moment = stamp.moment.replace(tzinfo=None, microsecond=0)
        values = {
            "body": content.body,
            "header": content.header,
            "footer": content.footer,
            "numbering": content.numbering,
            "title": text(document.title),
            "subject": text(document.subject),
            "author": text(document.author),
            "language": text(document.language),
            "keywords": text(document.keywords),
            "moment": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        members: list[Member] = []
        made: dict[bytes, Member] = {}
        for member in self.members:
            if isinstance(member, Member):
                members.append(member)
                continue
            name, shell = member
            if shell is self.styles_shell:
                members.append(self._styles(name, shell, document.language))
                continue
            blob = shell.fill(values)
            known = made.get(blob)
            if known is None:
                known = made[blob] = deflate(name, blob)
            members.append(replace(known, name=name.encode("ascii")))
        write_zip(stream, members, stamp.moment.timetuple()[:6])

    def _styles(self, name: str, shell: _Shell, language: str) -> Member:
        member = self.styles.get(language)
        if member is None:
            blob = shell.fill({"language": attribute(language)})
            member = self.styles[language] = deflate(name, blob)
        return member


_ELEMENT_HOLES = ("body", "header", "footer", "numbering")
_PROPERTY_HOLES = Document(
    title=_HOLE + "title",
    subject=_HOLE + "subject",
    author=_HOLE + "author",
    language=_HOLE + "language",
    header="",
    footer="",
    page_label="",
    keywords=_HOLE + "keywords",
)


def _set_properties(word: Any, document: Document, moment: dt.datetime) -> None:
    props = word.core_properties
    props.title = document.title
    props.subject = document.subject
    props.author = document.author
    props.last_modified_by = document.author
    props.language = document.language
    props.keywords = document.keywords
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = moment
    props.modified = moment


@cache
def shared_parts() -> DocxParts:
    """Return this process's DOCX context, built on first use (a pure function of the bundled
    template, styles and fonts; `DocxWriter.prepare` builds it before workers fork)."""
    return DocxParts(base_template())
