"""The plain baseline: the seed's briefs written the way anyone would with python-docx + reportlab.

    python benchmarks/plain_loop.py [DATA] --out DIR [--locales DIR] [--date YYYY-MM-DD]

One process, no caches, no tricks: the YAML is read with ruamel.yaml into plain dicts (no
validation), each language's two PO catalogs are compiled once with Babel, and for every
audience a digest and one brief per theme it follows are built as a list of simple blocks
(letterhead lines, title, lead line, the key asks as a numbered list, figures, summary, findings
as bullets, further asks, the participants, the note about the conference: the same texts, in
the same language, as briefs' templates — about as many words and pages), then written as DOCX
with `docx.Document()` (the default template) and as PDF with reportlab's `SimpleDocTemplate` in
Noto fonts, one file after the other, straight to disk.

It writes OUT/<conference>/<audience>/NN-<theme>.docx|.pdf: as many files as `briefs build`.
benchmarks/bench.py times it against briefs, run by run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
)
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "src" / "briefs" / "fonts"
PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}
PRIORITY = {"high": "high priority", "medium": "medium priority", "low": "low priority"}
FORMAT = {"roundtable": "roundtable", "panel": "panel discussion", "discussion": "discussion"}
LEVER = {
    "sanctions": "sanctions",
    "visas-and-documents": "visas and documents",
    "funding": "funding",
    "diplomatic-pressure": "diplomatic pressure",
    "media": "media and public diplomacy",
    "other": "other instruments",
}
KIND = {
    "ngo": "NGO",
    "media": "media",
    "research": "research",
    "government": "government",
    "parliament": "parliament",
    "international": "international organisation",
    "network": "network",
    "other": "other",
}

Block = tuple[str, Any]


def load_translations(locales: Path, language: str, domain: str) -> gettext.NullTranslations:
    """Compile one .po file in memory with Babel; English (or no catalog) is the source text."""
    path = locales / language / "LC_MESSAGES" / f"{domain}.po"
    if language == "en" or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Language:
    """What a brief in one locale needs: interface and content translations, CLDR formats."""

    def __init__(self, locales: Path, locale: str, today: dt.date, conference: str) -> None:
        self.locale = locale
        self.today = today
        self.code = locale.split("_")[0]
        self.ui = load_translations(locales, self.code, "briefs")
        self.content = load_translations(locales, self.code, conference)  # <conference-id>.po

    def _(self, text: str, **values: Any) -> str:
        translated = self.ui.gettext(text)
        return translated % values if values else translated

    def n_(self, singular: str, plural: str, count: int, **values: Any) -> str:
        # the catalogs name the count %(number)s where a template spells it out
        text = self.ui.ngettext(singular, plural, count)
        return text % {"count": count, "number": count, **values}

    def c(self, context: str, text: str) -> str:
        return self.content.pgettext(context, text)

    def date(self, value: dt.date | str) -> str:
        if isinstance(value, str):  # a YAML loader may leave dates as text
            value = dt.date.fromisoformat(value)
        return str(format_date(value, format="long", locale=self.locale))

    def items(self, values: list[str]) -> str:
        return str(format_list(values, locale=self.locale)) if values else ""

    def country(self, code: str | None) -> str:
        return str(Locale.parse(self.locale).territories.get(code, code)) if code else "–"


KEY_ASKS = 5  # page 1's asks, as briefs' templates show them


def brief_blocks(
    data: dict[str, Any], audience: dict[str, Any], session: dict[str, Any], lang: Language
) -> list[Block]:
    """Return the blocks of one theme brief for one audience, as briefs' brief template has them."""
    sid = session["id"]
    title = lang.c(f"{sid}|title", session["title"])
    mine = sorted_for(
        [r for r in session.get("recommendations", []) if audience["id"] in r["audiences"]]
    )
    others = sorted_for(
        [r for r in session.get("recommendations", []) if audience["id"] not in r["audiences"]]
    )
    blocks = opening(data, audience, lang, lang._("Policy brief"), title)
    conference = data["conference"]
    blocks.append(
        (
            "lead",
            lang.c("conference|title", conference["title"])
            + f" ({lang.c('conference|city', conference['city'])}, "
            + f"{lang.date(conference['date'])}) · "
            + lang._("Session format: %(format)s", format=lang._(FORMAT[session["format"]])),
        )
    )
    if mine:
        blocks.append(
            ("h2", lang._("Key asks – %(institution)s", institution=audience["institution"]))
        )
        blocks.append(("numbered", [ask(data, audience, sid, r, lang) for r in mine[:KEY_ASKS]]))
    else:
        blocks.append(
            (
                "p",
                lang._(
                    "This session made no recommendation addressed to you directly; its findings "
                    "inform the recommendations in the other briefs."
                ),
            )
        )
    for figure in session.get("figures", []):
        blocks.append(("figure", figure_text(data, sid, figure, lang)))
    blocks.append(("h1", lang._("Summary")))
    blocks.append(("p", lang.c(f"{sid}|summary", session["summary"])))
    blocks.append(("h1", lang._("Key findings")))
    blocks.append(("bullets", [lang.c(f"{sid}|findings", f) for f in session["findings"]]))
    if mine[KEY_ASKS:]:
        blocks.append(("h1", lang._("Further asks to you")))
        blocks.append(("numbered", [ask(data, audience, sid, r, lang) for r in mine[KEY_ASKS:]]))
    if others:
        blocks.append(("h2", lang._("Recommendations to other partners")))
        names = {a["id"]: a["institution"] for a in data["audiences"]}
        blocks.append(
            (
                "bullets",
                [
                    lang.c(f"{sid}|recommendations", r["text"])
                    + " "
                    + lang._(
                        "to: %(addressees)s",
                        addressees=lang.items([names[a] for a in r["audiences"]]),
                    )
                    for r in others
                ],
            )
        )
    participants = [organisation(data, org_id) for org_id in session["participants"]]
    blocks.append(("h1", lang._("Participating organisations")))
    blocks.append(
        (
            "p",
            lang.n_(
                "One organisation took an active part in this session.",
                "In this session, %(number)s organisations took an active part.",
                len(participants),
            ),
        )
    )
    blocks.append(
        (
            "small",
            " · ".join(
                f"{org_name(org, lang)} ({lang.country(org.get('country'))})"
                for org in participants
            ),
        )
    )
    return blocks + closing(data, lang)


def digest_blocks(data: dict[str, Any], audience: dict[str, Any], lang: Language) -> list[Block]:
    """Return the blocks of an audience's digest, as briefs' digest template has them: its asks
    first, one paragraph per theme it follows, the rest of its asks by priority."""
    conference = data["conference"]
    sessions = themes_of(data, audience)
    title = lang.c("conference|title", conference["title"])
    blocks = opening(data, audience, lang, lang._("Conference digest"), title)
    blocks.append(
        (
            "lead",
            lang.n_(
                "Conclusions of %(number)s thematic session, %(city)s, %(date)s",
                "Conclusions of %(number)s thematic sessions, %(city)s, %(date)s",
                len(sessions),
                city=lang.c("conference|city", conference["city"]),
                date=lang.date(conference["date"]),
            ),
        )
    )
    asks = [
        (r, s)
        for s in sessions + [s for s in data["sessions"] if s not in sessions]
        for r in s.get("recommendations", [])
        if audience["id"] in r["audiences"]
    ]
    asks.sort(key=lambda pair: PRIORITY_RANK[pair[0]["priority"]])
    number = {s["id"]: n for n, s in enumerate(sessions, start=1)}
    items = [ask(data, audience, s["id"], r, lang, number.get(s["id"])) for r, s in asks]
    blocks.append(("h2", lang._("Key asks – %(institution)s", institution=audience["institution"])))
    blocks.append(("numbered", items[:KEY_ASKS]))
    blocks.append(("h1", lang._("The themes")))
    blocks.append(
        (
            "numbered",
            [
                (
                    lang.c(f"{s['id']}|title", s["title"]) + ".",
                    lang.c(f"{s['id']}|summary", s["summary"]).split(". ")[0] + ".",
                )
                for s in sessions
            ],
        )
    )
    closing_blocks = closing(data, lang)
    if items[KEY_ASKS:]:
        closing_blocks.append(("h1", lang._("Further asks to you, by priority")))
        closing_blocks.append(("numbered", items[KEY_ASKS:]))
    return blocks + closing_blocks


def opening(
    data: dict[str, Any], audience: dict[str, Any], lang: Language, kind: str, title: str
) -> list[Block]:
    """Return the letterhead lines and the title."""
    organiser = data["conference"]["organiser"]
    contact = " · ".join(
        part for part in (organiser.get("website"), organiser.get("email")) if part
    )
    meta = " · ".join(
        [
            kind,
            lang._("For the attention of: %(institution)s", institution=audience["institution"]),
            lang.date(lang.today),
        ]
    )
    return [("small", organiser["name"]), ("small", contact), ("small", meta), ("title", title)]


def closing(data: dict[str, Any], lang: Language) -> list[Block]:
    """Return the note 'About the conference': facts in label style, purpose, closing line."""
    conference = data["conference"]
    institutions = {a["id"]: a["institution"] for a in data["audiences"]}
    facts = [
        lang._(
            "Participants: %(number)s",
            number=format_decimal(conference["participants"], locale=lang.locale),
        ),
        lang._(
            "Countries represented: %(countries)s",
            countries=lang.items([lang.country(c) for c in conference["countries_represented"]]),
        ),
    ]
    if conference.get("opened_by"):
        facts.append(
            lang._(
                "Opened by: %(institutions)s",
                institutions=lang.items([institutions[a] for a in conference["opened_by"]]),
            )
        )
    meeting = conference.get("next_meeting")
    if meeting:
        year, month = (int(part) for part in meeting["month"].split("-"))
        facts.append(
            lang._(
                "Next meeting: %(occasion)s, %(place)s, %(month)s",
                occasion=lang.c("conference|next_meeting|occasion", meeting["occasion"]),
                place=meeting["place"],
                month=format_skeleton("yMMMM", dt.date(year, month, 1), locale=lang.locale),
            )
        )
    purpose = conference["organiser"].get("purpose", "")
    return [
        ("h2", lang._("About the conference")),
        ("small", " · ".join(facts)),
        (
            "small",
            (purpose + " " if purpose else "")
            + lang._(
                "We would welcome the opportunity to discuss these recommendations with you and "
                "remain at your disposal for any further information."
            ),
        ),
    ]


def organisation(data: dict[str, Any], org_id: str) -> dict[str, Any]:
    """Return the organisation with this id."""
    return next(org for org in data["organisations"] if org["id"] == org_id)


def org_name(org: dict[str, Any], lang: Language) -> str:
    """Return a public name, or a protected organisation's translated description."""
    if org.get("protection") == "protected":
        return lang.c(f"organisation|{org['id']}|description", org["description"])
    return str(org["name"])


def themes_of(data: dict[str, Any], audience: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the sessions an audience follows, by its priority."""
    interests = sorted(audience["interests"], key=lambda i: i["priority"])
    by_id = {s["id"]: s for s in data["sessions"]}
    return [by_id[i["theme"]] for i in interests]


def sorted_for(recommendations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return recommendations by priority."""
    return sorted(recommendations, key=lambda r: PRIORITY_RANK[r["priority"]])


def figure_text(data: dict[str, Any], sid: str, figure: dict[str, Any], lang: Language) -> str:
    """Return a key figure as one line: value, what it counts, its source."""
    value = format_decimal(figure["value"], locale=lang.locale)
    qualifier = figure.get("qualifier", "exact")
    if qualifier != "exact":
        value = lang._(f"{qualifier} %(value)s", value=value)
    label = lang.c(f"{sid}|figures|label", figure["label"])
    source = org_name(organisation(data, figure["source"]), lang)
    return f"{value} – {label}. " + lang._("Source: %(source)s", source=source)


def ask(
    data: dict[str, Any],
    audience: dict[str, Any],
    sid: str,
    rec: dict[str, Any],
    lang: Language,
    theme: int | None = None,
) -> tuple[str, str]:
    """Return a recommendation's text and its tags (priority, lever, theme number, lead)."""
    names = {a["id"]: a["institution"] for a in data["audiences"]}
    notes = [lang._(PRIORITY[rec["priority"]]), lang._(LEVER[rec["lever"]])]
    if theme:
        notes.append(lang._("theme %(number)s", number=theme))
    if rec["audiences"][0] == audience["id"]:
        notes.append(lang._("you lead"))
    else:
        notes.append(lang._("lead: %(name)s", name=names[rec["audiences"][0]]))
    return lang.c(f"{sid}|recommendations", rec["text"]), " · ".join(notes)


def write_docx(blocks: list[Block], title: str, author: str, path: Path) -> None:
    """Write blocks with python-docx's default template and its built-in styles."""
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.sections[0].header.paragraphs[0].text = author
    for kind, value in blocks:
        if kind == "title":
            document.add_heading(value, 0)
        elif kind in ("h1", "h2"):
            document.add_heading(value, 1 if kind == "h1" else 2)
        elif kind == "bullets":
            for item in value:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "numbered":
            for text, note in value:
                paragraph = document.add_paragraph(style="List Number")
                paragraph.add_run(text).bold = True
                paragraph.add_run(" " + note).italic = True
        elif kind == "figure":
            document.add_paragraph(value, style="Intense Quote")
        elif kind == "small":
            document.add_paragraph().add_run(value).font.size = Pt(8)
        elif kind == "lead":
            document.add_paragraph(value, style="Subtitle")
        else:
            document.add_paragraph(value)
    document.save(str(path))


def register_fonts() -> None:
    """Register Noto Serif (body) and Noto Sans (headings) with their bold and italic faces."""
    for family in ("NotoSerif", "NotoSans"):
        faces = {}
        for face in ("Regular", "Bold", "Italic", "BoldItalic"):
            name = f"{family}-{face}"
            pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
            faces[face] = name
        pdfmetrics.registerFontFamily(
            family,
            normal=faces["Regular"],
            bold=faces["Bold"],
            italic=faces["Italic"],
            boldItalic=faces["BoldItalic"],
        )


def pdf_styles() -> dict[str, ParagraphStyle]:
    """Return the sample style sheet's styles in Noto fonts."""
    sample = getSampleStyleSheet()
    body = ParagraphStyle(
        "body",
        parent=sample["BodyText"],
        fontName="NotoSerif-Regular",
        fontSize=10.5,
        leading=14.5,
        spaceAfter=6,
    )
    return {
        "p": body,
        "small": ParagraphStyle("small", parent=body, fontName="NotoSans-Regular", fontSize=8.5),
        "lead": ParagraphStyle(
            "lead", parent=body, fontName="NotoSans-Regular", fontSize=11.5, leading=15.5
        ),
        "figure": ParagraphStyle(
            "figure",
            parent=body,
            fontName="NotoSans-Bold",
            fontSize=12,
            leading=16,
            leftIndent=12,
            spaceBefore=6,
            spaceAfter=10,
        ),
        "title": ParagraphStyle(
            "title",
            parent=sample["Title"],
            fontName="NotoSans-Bold",
            fontSize=20,
            leading=25,
            alignment=0,
        ),
        "h1": ParagraphStyle(
            "h1", parent=sample["Heading1"], fontName="NotoSans-Bold", fontSize=14, leading=17
        ),
        "h2": ParagraphStyle(
            "h2", parent=sample["Heading2"], fontName="NotoSans-Bold", fontSize=11.5, leading=14
        ),
    }


def write_pdf(
    blocks: list[Block], title: str, author: str, path: Path, styles: dict[str, ParagraphStyle]
) -> None:
    """Write blocks with reportlab's platypus: paragraphs, lists and a table, A4."""
    story: list[Any] = []
    for kind, value in blocks:
        if kind == "bullets":
            story.append(
                ListFlowable(
                    [ListItem(Paragraph(escape(item), styles["p"])) for item in value],
                    bulletType="bullet",
                )
            )
        elif kind == "numbered":
            items = [
                ListItem(Paragraph(f"<b>{escape(text)}</b> <i>{escape(note)}</i>", styles["p"]))
                for text, note in value
            ]
            story.append(ListFlowable(items, bulletType="1"))
        else:
            story.append(Paragraph(escape(value), styles[kind]))

    def footer(canvas: Any, document: Any) -> None:
        canvas.setFont("NotoSans-Regular", 8)
        canvas.drawString(2 * cm, 1.2 * cm, f"{author} · {canvas.getPageNumber()}")

    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=title,
        author=author,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=ROOT / "data" / "berlin-2024.yaml")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--locales", type=Path, default=ROOT / "locales")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()

    data = YAML(typ="safe").load(args.data.read_text(encoding="utf-8"))
    registry = args.data.parent / "audiences.yaml"  # ministries defined once, as briefs reads them
    if not registry.is_file():
        registry = ROOT / "data" / "audiences.yaml"
    profiles = {a["id"]: a for a in YAML(typ="safe").load(registry.read_text("utf-8"))["audiences"]}
    data["audiences"] = [
        a if "institution" in a else {**profiles[a["id"]], **a} for a in data["audiences"]
    ]
    register_fonts()
    styles = pdf_styles()
    locales = {a["locale"] for a in data["audiences"]}
    conference = data["conference"]["id"]
    languages = {
        locale: Language(args.locales, locale, args.date, conference) for locale in locales
    }
    author = data["conference"]["organiser"]["name"]
    written = 0
    for audience in data["audiences"]:
        lang = languages[audience["locale"]]
        folder = args.out / data["conference"]["id"] / audience["id"]
        folder.mkdir(parents=True, exist_ok=True)
        documents = [("00-digest", digest_blocks(data, audience, lang))]
        for number, session in enumerate(themes_of(data, audience), start=1):
            documents.append(
                (f"{number:02d}-{session['id']}", brief_blocks(data, audience, session, lang))
            )
        for stem, blocks in documents:
            title = next(value for kind, value in blocks if kind == "title")
            write_docx(blocks, title, author, folder / f"{stem}.docx")
            write_pdf(blocks, title, author, folder / f"{stem}.pdf", styles)
            written += 2
    print(f"wrote {written} files into {args.out}/")


if __name__ == "__main__":
    main()
