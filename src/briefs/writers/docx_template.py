"""The base DOCX every brief starts from, made with python-docx once, and its context.

The base template is python-docx's default document with every part that carried the Office
2007 design (styles, numbering, theme, font table, settings) replaced by briefs' own.
`prepare_parts` opens it, marks the holes a brief fills in and turns it into the writer's
context (`docx_package.DocxParts`): the only place a build needs python-docx.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from docx import Document as open_docx
from docx.enum.section import WD_SECTION_START
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from briefs.writers.docx_fonts import (
    FONT_CONTENT_TYPE,
    SANS,
    SERIF,
    embedded_fonts,
    font_table_rels_xml,
    font_table_xml,
)
from briefs.writers.docx_package import HOLE, MOMENT_HOLE, DocxParts, PartShell, ShellMember
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
from briefs.writers.docx_zip import Member, deflate

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
    """Return the base DOCX every brief starts from (`prepare_parts` builds on it, once).

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


def prepare_parts() -> DocxParts:
    """Return the writer's context, made from the DOCX `base_template` makes."""
    word = open_docx(io.BytesIO(base_template()))
    first_num_id = _first_free_num_id(word)
    _mark_holes(word)
    package = word.part.package
    parts = list(package.iter_parts())
    content_types = _ContentTypesItem.from_parts(parts).blob  # type: ignore[no-untyped-call]
    font_default = f'<Default Extension="odttf" ContentType="{FONT_CONTENT_TYPE}"/>'.encode()
    content_types = content_types.replace(b"<Default ", font_default + b"<Default ", 1)
    members: list[Member | ShellMember] = [
        deflate("word/_rels/fontTable.xml.rels", font_table_rels_xml()),
        *(deflate(font.member, font.data) for font in embedded_fonts()),
        deflate("[Content_Types].xml", content_types),
        deflate("_rels/.rels", package.rels.xml),
    ]
    styles_name = word.part.part_related_by(RT.STYLES).partname.membername
    for part in parts:
        name, blob = part.partname.membername, part.blob
        members.append((name, PartShell(blob)) if HOLE.encode() in blob else deflate(name, blob))
        if part.rels:
            members.append(deflate(part.partname.rels_uri.membername, part.rels.xml))
    return DocxParts(first_num_id, styles_name, members)


def _first_free_num_id(word: Any) -> int:
    """Return the w:numId python-docx gives the first list a brief adds (then one more each)."""
    numbers = sorted(int(num.numId) for num in word.part.numbering_part.element.num_lst)
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"the base template's numbering ids are not 1…n: {numbers}")
    return len(numbers) + 1


def _hole(name: str) -> Any:
    """Return an element that marks where a brief's own content goes in a part."""
    element = OxmlElement("w:t")
    element.text = HOLE + name
    return element


def _mark_holes(word: Any) -> None:
    """Put a hole wherever a brief writes: body, header, footers, numbering, language, properties.

    The body's blocks go before its w:sectPr, the header and footers are emptied, new w:num
    elements follow the others, the language is the run defaults' w:lang (Word's spell checker
    uses it), and the core properties are set as `DocxWriter` always set them.
    """
    numbering = word.part.numbering_part.element
    numbering.append(_hole("numbering"))
    body = word.element.body
    body.insert(body.index(body.sectPr), _hole("body"))
    section = word.sections[0]
    stories = (section.header, "header"), (section.footer, "footer")
    for story, name in (*stories, (section.first_page_footer, "footer")):
        for paragraph in story.paragraphs:
            story._element.remove(paragraph._p)
        story._element.append(_hole(name))
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    lang = defaults.find(qn("w:rPr")).find(qn("w:lang"))
    for key in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(key), HOLE + "language")
    props = word.core_properties
    props.title = HOLE + "title"
    props.subject = HOLE + "subject"
    props.author = HOLE + "author"
    props.last_modified_by = HOLE + "author"
    props.language = HOLE + "language"
    props.keywords = HOLE + "keywords"
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = MOMENT_HOLE
    props.modified = MOMENT_HOLE
