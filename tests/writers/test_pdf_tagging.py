"""The tagged PDF: a structure tree in reading order that matches the document tree, artifacts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import assert_never

import pytest
from pypdf.generic import ArrayObject, DictionaryObject

from briefs.document import (
    Block,
    Box,
    Callout,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Span,
    Table,
    inline_text,
)
from pdf_reading import (
    marked_ids,
    page_text,
    reader,
    squeeze,
    struct_roles,
    struct_text,
    unmarked_content,
)
from pdf_samples import FOOTER, HEADER, brief, filler, pdf

STANDARD_TYPES = set(
    [
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "Warichu",
        "Figure",
        "Formula",
        "Form",
    ]
)


@pytest.fixture
def boxed(document: Document) -> Document:
    """The writer test document with a key-asks box and a note box."""
    asks = Box(
        "Key asks to the ministry",
        (ListBlock(True, tuple((Span(f"Ask {n}"),) for n in range(1, 4))),),
        "asks",
    )
    note = Box("About the conference", (Paragraph((Span("130 participants."),)),), "note")
    wrapped = "Words that wrap over several lines, each ending in a space. " * 6
    mixed = (Span("Mixed "), Span(wrapped, bold=True), Span(wrapped, italic=True))
    blocks = (*document.blocks[:2], asks, Paragraph((Span(wrapped),)), Paragraph(mixed))
    return replace(document, blocks=(*blocks, *document.blocks[2:], note))


def expected_rows(blocks: tuple[Block, ...], depth: int = 1) -> list[tuple[int, str, str]]:
    """Return the structure the document tree calls for, as poppler lists it."""
    rows: list[tuple[int, str, str]] = []
    for block in blocks:
        match block:
            case Heading():
                rows.append((depth, ("H1", "H2", "H3")[block.level], block.text))
            case Paragraph():
                rows.append((depth, "P", inline_text(block.spans)))
            case ListBlock():
                rows.append((depth, "L", ""))
                for number, item in enumerate(block.items, start=1):
                    label = f"{number}." if block.ordered else "•"
                    rows += [(depth + 1, "LI", ""), (depth + 2, "Lbl", label)]
                    rows.append((depth + 2, "LBody", inline_text(item)))
            case Table():
                rows.append((depth, "Table", ""))
                for cell_type, row in [("TH", block.header), *(("TD", r) for r in block.rows)]:
                    rows.append((depth + 1, "TR", ""))
                    rows += [(depth + 2, cell_type, text) for text in row]
            case Callout():
                rows.append((depth, "Div", ""))  # an Aside, role-mapped to Div
                rows += [
                    (depth + 1, "P", text) for text in (block.value, block.label, block.source)
                ]
            case Box():
                rows.append((depth, "Sect" if block.tone == "asks" else "Div", ""))
                rows.append((depth + 1, "P", block.title))
                rows += expected_rows(block.blocks, depth + 1)
            case _:
                assert_never(block)
    return [(d, role, squeeze(text)) for d, role, text in rows]


def test_structure_tree_follows_the_document_tree(boxed: Document, tmp_path: Path) -> None:
    rows = struct_text(pdf(boxed), tmp_path)
    assert rows == [(0, "Document", ""), *expected_rows(boxed.blocks)]


def test_types_are_standard_or_role_mapped_and_headers_have_a_scope(boxed: Document) -> None:
    data = pdf(boxed)
    role_map = reader(data).trailer["/Root"]["/StructTreeRoot"]["/RoleMap"]
    mapped = {str(k)[1:]: str(v)[1:] for k, v in role_map.items()}
    assert set(mapped.values()) <= STANDARD_TYPES
    roles = struct_roles(data)
    assert {role for _, role, _ in roles} <= STANDARD_TYPES | set(mapped)
    headers = [attrs for _, role, attrs in roles if role == "TH"]
    assert len(headers) == 3
    assert all(attrs == {"/O": "/Table", "/Scope": "/Column"} for attrs in headers)
    lists = [attrs["/ListNumbering"] for _, role, attrs in roles if role == "L"]
    assert lists == ["/Decimal", "/Disc", "/Decimal", "/Decimal"]


def split_paragraph() -> Document:
    """A document whose last paragraph runs from page 1 onto page 2."""
    words = " ".join(f"w{n:03}" for n in range(1, 100))
    return brief(Heading(0, "Split"), *filler(31), Paragraph((Span(words),)))


def test_every_marked_sequence_belongs_to_the_element_the_parent_tree_names(
    boxed: Document,
) -> None:
    continued = 0
    for document in (boxed, split_paragraph()):
        data = pdf(document)
        pdf_reader = reader(data)
        nums = pdf_reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        pages = marked_ids(data)
        assert len(pages) == len(pdf_reader.pages) >= 2
        for page, marked in zip(pdf_reader.pages, pages, strict=True):
            assert page["/Tabs"] == "/S"
            owners = parents[int(page["/StructParents"])]
            assert len(owners) == len(marked) > 0
            for tag, mcid in marked:
                owner = owners[mcid].get_object()
                assert str(owner["/S"])[1:] == tag
                kids = owner["/K"]
                on_page = []
                for kid in kids if isinstance(kids, ArrayObject) else [kids]:
                    if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                        continued += 1
                        if kid["/Pg"].get_object() == page:
                            on_page.append(int(kid["/MCID"]))
                    elif isinstance(kid, int) and owner["/Pg"].get_object() == page:
                        on_page.append(int(kid))
                assert mcid in on_page, (tag, mcid)
    assert continued  # a paragraph continued on the next page was checked


def test_all_content_is_tagged_or_an_artifact(boxed: Document) -> None:
    assert unmarked_content(pdf(boxed)) == []


def test_running_header_and_footer_are_drawn_but_are_artifacts(tmp_path: Path) -> None:
    data = pdf(brief(Heading(0, "Artifacts"), *filler(90)))
    tagged = " ".join(text for _, _, text in struct_text(data, tmp_path))
    pages = len(reader(data).pages)
    assert pages == 3
    for page in range(1, pages + 1):
        shown = squeeze(page_text(data, page, tmp_path))
        assert FOOTER in shown and f"Page {page} of {pages}" in shown
        assert (HEADER in shown) == (page > 1), page
    for running in (HEADER, FOOTER, "Page 1 of"):
        assert running not in tagged
    assert "Filler line 90." in tagged


def test_a_repeated_table_header_is_an_artifact(document: Document, tmp_path: Path) -> None:
    data = pdf(document)
    assert "Organizacja" in page_text(data, 2, tmp_path)  # repeated on the table's 2nd page
    cells = [text for _, role, text in struct_text(data, tmp_path) if role == "TH"]
    assert cells == ["Organizacja", "Kraj", "Rodzaj"]
