"""The DOCX design: the PDF's page, typefaces, sizes, colours and spacing as Word styles.

Every value mirrors the PDF writer's styles, so a brief looks the same in Word, LibreOffice and
the PDF. Word, LibreOffice and reportlab all keep the larger of a paragraph's space after and
the next one's space before (ECMA-376 Part 1 §17.3.1.33), so the PDF's values carry over.
Line spacing is a multiple of the Noto line height (1.362 em) that gives the PDF's leading, so
pages fill alike and the spacing still follows a size a user changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefs.writers.docx_fonts import SANS, SERIF

INK = "1F2933"
ACCENT = "1B4F72"
MUTED = "5F6B76"
RULE = "C9D3DC"
CALLOUT_FILL = "EAF1F6"
ASKS_FILL = "F3F7FA"
NOTE_FILL = "F7F8F9"
ZEBRA = "F5F8FA"
WHITE = "FFFFFF"

NOTO_LINE_HEIGHT = 1.362  # (ascender + descender) / em of every bundled Noto font

# A4 in twentieths of a point; the margins are the PDF's frame with its 6 pt padding
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_X = 1537  # 25 mm + 6 pt
MARGIN_TOP = 1481  # 24 mm + 6 pt
MARGIN_BOTTOM = 1367  # 22 mm + 6 pt
HEADER_DISTANCE = FOOTER_DISTANCE = 635  # puts the running text where the PDF draws it
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
# tables, callouts and boxes span the PDF's full 160 mm: 6 pt into each side of the padding
OUTDENT = 120
TABLE_WIDTH = TEXT_WIDTH + 2 * OUTDENT

CELL_PADDING = {"top": 80, "left": 120, "bottom": 80, "right": 120}  # 4 pt, 6 pt
ROW_RULE = (3, RULE)  # the hairline under each body row
# Word and LibreOffice add a cell's border to its height, the PDF draws it on the edge: body
# rows give the rule's width back from their bottom padding
BODY_CELL_PADDING = {**CELL_PADDING, "bottom": CELL_PADDING["bottom"] - round(ROW_RULE[0] * 2.5)}
OVERHANG = 36
"""Twips a line of text may run into the right margin: reportlab lets a line's spaces shrink
by up to 5 % to fit a word (its spaceShrinkage), about 1.8 pt on a full 10 pt line of some 14
spaces; Word and LibreOffice never shrink a space. Table text has fewer spaces a line and gets
none (`Style.overhang`)."""
CALLOUT_PADDING = {"top": 120, "left": 240, "bottom": 160, "right": 120}
CALLOUT_RULE = (24, ACCENT)  # a 3 pt accent line before the key figure
# the PDF's box padding less the frame's width, which Word adds inside the cell
BOX_PADDING = {
    "asks": {"top": 136, "left": 260, "bottom": 96, "right": 200},
    "note": {"top": 110, "left": 200, "bottom": 60, "right": 200},
}
# border (width in eighths of a point, colour) of each side; the asks box has a 4 pt spine
BOX_FRAME = {
    "asks": {
        "top": (10, ACCENT),
        "left": (32, ACCENT),
        "bottom": (10, ACCENT),
        "right": (10, ACCENT),
    },
    "note": dict.fromkeys(("top", "left", "bottom", "right"), (4, RULE)),
}
BOX_FILL = {"asks": ASKS_FILL, "note": NOTE_FILL}
SPACER_AFTER = {"table": 8.0, "callout": 8.0, "box": 10.0}  # points, as the PDF's spacers

# style ids the writer sets on paragraphs and tables
TITLE, HEADING_1, HEADING_2 = "Title", "Heading1", "Heading2"
LIST_BULLET, LIST_NUMBER = "ListBullet", "ListNumber"
HEADER, RUNNING_HEADER, FOOTER = "Header", "BriefRunningHeader", "Footer"
TABLE_TEXT, TABLE_HEAD = "BriefTableText", "BriefTableHead"
CALLOUT_VALUE, CALLOUT_LABEL = "BriefCalloutValue", "BriefCalloutLabel"
BOX_TITLE = {"asks": "BriefAsksTitle", "note": "BriefNoteTitle"}
SPACER_STYLE = "BriefSpacer"
ASIDE = "BriefAside"  # character style of italic trailers
TABLE_STYLE = "BriefTable"
PARAGRAPH_STYLES = {
    "body": "Normal",
    "lead": "Subtitle",
    "meta": "BriefMeta",
    "letterhead": "BriefLetterhead",
    "small": "BriefSmall",
    "salutation": "BriefSalutation",
    "closing": "BriefClosing",
}
BULLET_NUM_ID, NUMBER_NUM_ID = 1, 2
# list numbers (bullets) right-aligned in a 20 pt (14 pt) gutter, 5 pt before the text:
# (left indent, hanging indent) in twentieths of a point
LIST_INDENT = {True: (400, 100), False: (280, 100)}
NUMBER_ABSTRACT_ID = 1


@dataclass(frozen=True)
class Style:
    """A paragraph style: its id, Word name, base, font and paragraph properties.

    Sizes are in points, spacing in points; `leading` is the PDF's line distance in points.
    """

    style_id: str
    name: str
    size: float
    leading: float
    based_on: str | None = "Normal"
    sans: bool = True
    bold: bool = False
    color: str | None = None
    before: float | None = None
    after: float | None = None
    keep_next: bool = False
    keep_lines: bool = False
    outline: int | None = None
    num_id: int | None = None
    indent: tuple[int, int] | None = None  # left, hanging in twentieths of a point
    border: str = ""  # "top" or "bottom": a hairline rule, as over the PDF's footer
    right_tab: bool = False
    width: int = 100  # glyph width in percent (w:w): sizes between half points
    overhang: bool = True  # lines may run OVERHANG into the right margin


def _twips(points: float) -> int:
    return round(points * 20)


def _line_spacing(style: Style) -> str:
    """Return the w:line and w:lineRule attributes that give the PDF's leading.

    A leading at least the font's own line height becomes a multiple of it ('auto'), so the
    spacing follows a size a user changes. A tighter one (titles, headings, table text) is
    exact: LibreOffice keeps a multiple in whole percent and shrinks lines below 100 %
    unevenly, which drew a two-line title 2.4 pt shorter than the PDF's.
    """
    if style.leading < style.size * NOTO_LINE_HEIGHT:
        return f'w:line="{_twips(style.leading)}" w:lineRule="exact"'
    multiple = round(240 * style.leading / (style.size * NOTO_LINE_HEIGHT))
    return f'w:line="{multiple}" w:lineRule="auto"'


STYLES = (
    Style("Normal", "Normal", 10, 14.5, based_on=None, sans=False, color=INK, after=6),
    Style(TITLE, "Title", 21, 25, bold=True, color=ACCENT, after=6, keep_next=True),
    Style("Subtitle", "Subtitle", 11.5, 15.5, color=MUTED, after=10),
    Style(
        HEADING_1, "heading 1", 13.5, 17, bold=True, color=ACCENT, before=14, after=5,
        keep_next=True, keep_lines=True, outline=0,
    ),
    Style(
        HEADING_2, "heading 2", 11, 14, bold=True, color=INK, before=9, after=3,
        keep_next=True, keep_lines=True, outline=1,
    ),
    Style("BriefLetterhead", "Brief Letterhead", 9.5, 12, bold=True, color=ACCENT, after=1),
    Style("BriefMeta", "Brief Meta", 8.5, 11, color=MUTED, after=16),
    Style("BriefSmall", "Brief Small", 8.5, 11, color=MUTED, after=6),
    Style("BriefSalutation", "Brief Salutation", 10, 14.5, sans=False, before=4),
    Style("BriefClosing", "Brief Closing", 10, 14.5, sans=False, after=1),
    Style(
        LIST_BULLET, "List Bullet", 10, 14.5, sans=False, after=4, keep_lines=True,
        num_id=BULLET_NUM_ID, indent=LIST_INDENT[False],
    ),
    Style(
        LIST_NUMBER, "List Number", 10, 14.5, sans=False, after=4, keep_lines=True,
        num_id=NUMBER_NUM_ID, indent=LIST_INDENT[True],
    ),
    Style(HEADER, "header", 7.5, 10.2, color=MUTED, after=0, right_tab=True),
    Style(RUNNING_HEADER, "Brief Running Header", 7.5, 10.2, based_on=HEADER, border="bottom"),
    Style(FOOTER, "footer", 7.5, 10.2, color=MUTED, after=0, border="top", right_tab=True),
    Style(TABLE_TEXT, "Brief Table Text", 9, 11.5, after=0, width=98, overhang=False),
    Style(
        TABLE_HEAD, "Brief Table Head", 9, 11.5, based_on=TABLE_TEXT, bold=True, color=WHITE,
        overhang=False,
    ),
    Style(
        CALLOUT_VALUE, "Brief Callout Value", 16, 20, bold=True, color=ACCENT, after=0,
        keep_next=True,
    ),
    Style(
        CALLOUT_LABEL, "Brief Callout Label", 10, 13.5, bold=True, color=INK, after=2,
        keep_next=True,
    ),
    Style(
        BOX_TITLE["asks"], "Brief Asks Title", 12, 15.5, bold=True, color=ACCENT, after=6,
        keep_next=True,
    ),
    Style(
        BOX_TITLE["note"], "Brief Note Title", 9.5, 12, bold=True, color=INK, after=3,
        keep_next=True,
    ),
)  # fmt: skip


SPACE_BEFORE = {style.style_id: style.before for style in STYLES if style.before}
"""Each style's space before in points, for the writer to add a gap the PDF has on top."""


def _fonts(sans: bool) -> str:
    name = (SANS if sans else SERIF).name
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def _border(side: str, size: int, color: str, space: int = 0) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


def _paragraph_properties(style: Style) -> str:
    """Return w:pPr in the schema's element order."""
    parts = []
    if style.keep_next:
        parts.append("<w:keepNext/>")
    if style.keep_lines:
        parts.append("<w:keepLines/>")
    if style.style_id == "Normal":
        parts.append("<w:widowControl/>")
    if style.num_id is not None:
        parts.append(f'<w:numPr><w:numId w:val="{style.num_id}"/></w:numPr>')
    if style.border:
        space = 4 if style.border == "bottom" else 3
        parts.append(f"<w:pBdr>{_border(style.border, 4, RULE, space)}</w:pBdr>")
    if style.right_tab:
        right = TEXT_WIDTH + OUTDENT
        parts.append(f'<w:tabs><w:tab w:val="right" w:pos="{right}"/></w:tabs>')
    spacing = ""
    if style.before is not None:
        spacing += f' w:before="{_twips(style.before)}"'
    if style.after is not None:
        spacing += f' w:after="{_twips(style.after)}"'
    parts.append(f"<w:spacing{spacing} {_line_spacing(style)}/>")
    if style.indent is not None:
        left, hanging = style.indent
        parts.append(f'<w:ind w:left="{left}" w:right="{-OVERHANG}" w:hanging="{hanging}"/>')
    elif style.right_tab:  # the running header and footer span the PDF's 160 mm
        parts.append(f'<w:ind w:left="-{OUTDENT}" w:right="-{OUTDENT}"/>')
    else:  # Normal's overhang is inherited unless a style sets its own
        parts.append(f'<w:ind w:right="{-OVERHANG if style.overhang else 0}"/>')
    if style.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{style.outline}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def _run_properties(style: Style) -> str:
    """Return w:rPr in the schema's element order."""
    parts = [_fonts(style.sans)]
    if style.bold:
        parts.append("<w:b/><w:bCs/>")
    if style.color is not None:
        parts.append(f'<w:color w:val="{style.color}"/>')
    if style.width != 100:
        parts.append(f'<w:w w:val="{style.width}"/>')
    half_points = round(style.size * 2)
    parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>"


def _paragraph_style(style: Style) -> str:
    default = ' w:default="1"' if style.style_id == "Normal" else ""
    based_on = f'<w:basedOn w:val="{style.based_on}"/>' if style.based_on else ""
    following = '<w:next w:val="Normal"/>' if style.keep_next else ""
    return (
        f'<w:style w:type="paragraph"{default} w:styleId="{style.style_id}">'
        f'<w:name w:val="{style.name}"/>{based_on}{following}<w:qFormat/>'
        f"{_paragraph_properties(style)}{_run_properties(style)}</w:style>"
    )


def _cell_margins(padding: dict[str, int]) -> str:
    return "".join(
        f'<w:{side} w:w="{padding[side]}" w:type="dxa"/>'
        for side in ("top", "left", "bottom", "right")
    )


_STYLES_HEAD = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
)


def styles_xml() -> bytes:
    """Return word/styles.xml: document defaults and every style a brief uses, nothing else."""
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(sans=False)}"
        '<w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "</w:pPrDefault></w:docDefaults>"
    )
    defaults_of_kinds = (
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
    )
    aside = (
        f'<w:style w:type="character" w:styleId="{ASIDE}"><w:name w:val="Brief Aside"/>'
        '<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        f'<w:rPr><w:i/><w:iCs/><w:color w:val="{MUTED}"/></w:rPr></w:style>'
    )
    table = (
        f'<w:style w:type="table" w:styleId="{TABLE_STYLE}"><w:name w:val="Brief Table"/>'
        '<w:basedOn w:val="TableNormal"/><w:qFormat/><w:pPr><w:spacing w:after="0"/></w:pPr>'
        f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>{_cell_margins(BODY_CELL_PADDING)}'
        "</w:tblCellMar></w:tblPr></w:style>"
    )
    spacer = (
        f'<w:style w:type="paragraph" w:styleId="{SPACER_STYLE}"><w:name w:val="Brief Spacer"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="0" w:after="0"'
        f' w:line="{round(SPACER_AFTER["table"] * 20)}" w:lineRule="exact"/></w:pPr>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:style>'
    )
    body = "".join(_paragraph_style(style) for style in STYLES)
    return (
        f"{_STYLES_HEAD}{defaults}{defaults_of_kinds}{body}{spacer}{aside}{table}</w:styles>"
    ).encode()


def _level(number_format: str, text: str, indent: tuple[int, int], run: str) -> str:
    left, hanging = indent
    return (
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="right"/>'
        f'<w:pPr><w:ind w:left="{left}" w:right="{-OVERHANG}" w:hanging="{hanging}"/></w:pPr>'
        f"{run}</w:lvl>"
    )


def numbering_xml() -> bytes:
    """Return word/numbering.xml: an accent bullet and bold accent numbers, as in the PDF."""
    bullet_run = (
        f'<w:rPr>{_fonts(sans=True)}<w:color w:val="{ACCENT}"/>'
        '<w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'
    )
    number_run = (
        f'<w:rPr>{_fonts(sans=True)}<w:b/><w:bCs/><w:color w:val="{ACCENT}"/>'
        '<w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
    )
    bullet = STYLES[[s.style_id for s in STYLES].index(LIST_BULLET)]
    number = STYLES[[s.style_id for s in STYLES].index(LIST_NUMBER)]
    assert bullet.indent is not None and number.indent is not None
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:abstractNum w:abstractNumId="0"><w:nsid w:val="5B1E0A01"/>'
        '<w:multiLevelType w:val="singleLevel"/>'
        f"{_level('bullet', '•', bullet.indent, bullet_run)}</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="{NUMBER_ABSTRACT_ID}"><w:nsid w:val="5B1E0A02"/>'
        '<w:multiLevelType w:val="singleLevel"/>'
        f"{_level('decimal', '%1.', number.indent, number_run)}</w:abstractNum>"
        f'<w:num w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="0"/></w:num>'
        f'<w:num w:numId="{NUMBER_NUM_ID}"><w:abstractNumId w:val="{NUMBER_ABSTRACT_ID}"/>'
        "</w:num></w:numbering>"
    ).encode()
