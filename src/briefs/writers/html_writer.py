"""Lay a Document out as one self-contained, accessible HTML page: the quick preview of a brief.

The page needs no network and no script: its CSS is embedded and echoes the PDF's design (Noto
Serif for text, Noto Sans for headings and small print, the PDF writer's colours). Every text
of the document is escaped with `html.escape`; nothing from the data is ever written as markup.
"""

from __future__ import annotations

from html import escape
from typing import BinaryIO, assert_never

from briefs.document import (
    Block,
    Box,
    Callout,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Table,
)
from briefs.writers import FORMATS, Stamp

PALETTE: dict[str, str] = {
    "ink": "#1F2933",
    "accent": "#1B4F72",
    "muted": "#5F6B76",
    "rule": "#C9D3DC",
    "callout-fill": "#EAF1F6",
    "zebra": "#F5F8FA",
}
"""The PDF writer's colours (INK, ACCENT, MUTED, RULE, CALLOUT_FILL, ZEBRA) as CSS values."""

SERIF = "Noto Serif, Georgia, Times New Roman, serif"
SANS = "Noto Sans, Helvetica Neue, Arial, Liberation Sans, sans-serif"
"""Font stacks: the PDF's Noto faces where installed, then common look-alikes. Unquoted (valid
CSS for multi-word names), so the overview's template can embed them with autoescaping on."""

_VARIABLES = "".join(f"--{name}:{value};" for name, value in PALETTE.items())

STYLE = (
    f":root{{{_VARIABLES}}}"
    f"html{{font-family:{SERIF};color:var(--ink);background:#fff;line-height:1.5}}"
    "body{margin:0 auto;max-width:46rem;padding:1.5rem 1.25rem 3rem}"
    f"h1,h2,h3,.letterhead,.lead,.meta,.small,table,.callout,.running,footer{{font-family:{SANS}}}"
    "h1{font-size:1.9rem;line-height:1.2;color:var(--accent);margin:.3rem 0 .5rem}"
    "h2{font-size:1.3rem;color:var(--accent);margin:1.6rem 0 .4rem}"
    "h3{font-size:1.05rem;margin:1.1rem 0 .3rem}"
    "p{margin:0 0 .6rem}"
    ".letterhead{font-weight:700;color:var(--accent);font-size:.95rem;margin:0}"
    ".lead{font-size:1.15rem;color:var(--muted)}"
    ".meta,.small,.running,footer{font-size:.85rem;color:var(--muted)}"
    ".running{border-bottom:1px solid var(--rule);padding-bottom:.3rem;margin-bottom:1rem}"
    "footer{border-top:1px solid var(--rule);margin-top:2rem;padding-top:.3rem}"
    "em{color:var(--muted)}"
    "ol,ul{padding-left:1.6rem}li{margin-bottom:.3rem}"
    "ol li::marker{color:var(--accent);font-family:inherit;font-weight:700}"
    "ul li::marker{color:var(--accent)}"
    ".table{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.4rem 0 1rem}"
    "th{background:var(--accent);color:#fff;text-align:left}"
    "th,td{padding:.35rem .5rem;vertical-align:top}"
    "td{border-bottom:1px solid var(--rule)}"
    "tbody tr:nth-child(even){background:var(--zebra)}"
    ".callout{background:var(--callout-fill);border-left:4px solid var(--accent);"
    "margin:.6rem 0 1rem;padding:.6rem 1rem .7rem}"
    ".callout .value{font-size:1.9rem;font-weight:700;color:var(--accent);margin:0}"
    ".callout .label{font-weight:700;display:block}"
    ".callout .source{font-size:.85rem;color:var(--muted);display:block}"
    ".box{border:1px solid var(--rule);margin:1rem 0;padding:.5rem 1rem .3rem}"
    ".box>h2{margin-top:.2rem}"
    ".asks{border:2px solid var(--accent);background:var(--callout-fill)}"
    ".note{font-size:.92rem}.note>h2{font-size:1rem;color:var(--ink)}"
    "@media print{body{max-width:none}}"
)
"""The page's embedded stylesheet."""


class HtmlWriter:
    """Writes a brief as one HTML page, UTF-8, with its stylesheet embedded."""

    name = "html"
    suffix, media_type = FORMATS["html"]

    def prepare(self) -> None:
        """Nothing to prepare: the writer has no fonts or templates to load."""

    def write(self, document: Document, stream: BinaryIO, stamp: Stamp) -> None:
        """Write document to stream as an HTML page."""
        stream.write(page(document, stamp).encode("utf-8"))


def page(document: Document, stamp: Stamp) -> str:
    """Return the whole HTML page of a document."""
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(document.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(document.title)}</title>",
        _meta("author", document.author),
        _meta("description", document.subject),
        _meta("keywords", document.keywords),
        _meta("generator", stamp.producer),
        _meta("date", stamp.moment.date().isoformat()),
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
    ]
    if document.header:
        head.append(f'<header class="running"><p>{escape(document.header)}</p></header>')
    body = ["<main>", *_blocks(document.blocks, "b"), "</main>"]
    if document.footer:
        body.append(f"<footer><p>{escape(document.footer)}</p></footer>")
    return "\n".join([*head, *body, "</body>", "</html>", ""])


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{escape(content)}">' if content else ""


def _blocks(blocks: tuple[Block, ...], prefix: str) -> list[str]:
    return [_block(block, f"{prefix}{index}") for index, block in enumerate(blocks)]


def _block(block: Block, key: str) -> str:
    """Return the markup of one block; key makes the ids it needs unique in the page."""
    match block:
        case Heading(level=level, text=text, anchor=anchor):
            identifier = f' id="{escape(anchor)}"' if anchor else ""
            tag = f"h{min(level, 2) + 1}"
            return f"<{tag}{identifier}>{escape(text)}</{tag}>"
        case Paragraph(spans=spans, style=style):
            return f'<p class="{style}">{_inline(spans)}</p>'
        case ListBlock(ordered=ordered, items=items):
            tag = "ol" if ordered else "ul"
            return f"<{tag}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{tag}>"
        case Table():
            return _table(block)
        case Callout(value=value, label=label, source=source):
            return (
                '<figure class="callout">'
                f'<p class="value">{escape(value)}</p>'
                f'<figcaption><span class="label">{escape(label)}</span> '
                f'<span class="source">{escape(source)}</span></figcaption>'
                "</figure>"
            )
        case Box(title=title, blocks=inner, tone=tone):
            tag = "section" if tone == "asks" else "aside"
            heading = f"{key}-title"
            return (
                f'<{tag} class="box {tone}" aria-labelledby="{heading}">'
                f'<h2 id="{heading}">{escape(title)}</h2>'
                + "".join(_blocks(inner, f"{key}-"))
                + f"</{tag}>"
            )
        case _:
            assert_never(block)


def _inline(spans: Inline) -> str:
    parts = []
    for span in spans:
        text = escape(span.text)
        if span.italic:
            text = f"<em>{text}</em>"
        if span.bold:
            text = f"<strong>{text}</strong>"
        parts.append(text)
    return "".join(parts)


def _table(block: Table) -> str:
    total = sum(block.widths) or 1.0
    columns = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in block.widths)
    header = "".join(f'<th scope="col">{escape(text)}</th>' for text in block.header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(text)}</td>" for text in row) + "</tr>" for row in block.rows
    )
    return (
        f'<div class="table"><table><colgroup>{columns}</colgroup>'
        f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
