"""A small tagging layer for reportlab: marked content, the structure tree and XMP metadata.

Open-source reportlab draws untagged PDFs. Flowables call `Tagger.begin` / `Tagger.end`
around what they draw, which wraps it in `BDC`/`EMC` with a marked-content id (MCID) per page
and records which structure element owns that id. Once every page is drawn,
`write_structure` adds the structure tree (StructTreeRoot, ParentTree, one StructElem per
node, in reading order) and /MarkInfo to the catalog with reportlab's own PDF objects, and
`xmp_stream` makes the XMP packet. Anything drawn outside a structure element (rules, fills,
running header and footer, repeated table headers) is marked as an /Artifact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
)

from briefs.writers.pdf_tuning import pdf_array

ROLE_MAP = {"Aside": "Div"}
"""Non-standard structure types this layer uses and the PDF 1.7 types they stand for."""


@dataclass(eq=False)
class StructNode:
    """A structure element: its type, its children in reading order and its attributes.

    A child is another node or a (page, mcid) pair: content drawn on that page.
    """

    role: str
    kids: list[StructNode | tuple[int, int]] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)

    def add(self, role: str, **attributes: str) -> StructNode:
        """Append a child element and return it."""
        child = StructNode(role, attributes=attributes)
        self.kids.append(child)
        return child


class Tagger:
    """Hands out MCIDs per page while drawing and remembers which element owns each."""

    def __init__(self) -> None:
        self.root = StructNode("Document")
        self._owners: dict[int, list[StructNode]] = {}

    def begin(self, canvas: Any, node: StructNode) -> None:
        """Open a marked-content sequence for node on the canvas's current page."""
        page = canvas._pageNumber
        owners = self._owners.setdefault(page, [])
        mcid = len(owners)
        owners.append(node)
        node.kids.append((page, mcid))
        canvas._code.append(f"/{node.role} <</MCID {mcid}>> BDC")

    @staticmethod
    def begin_artifact(canvas: Any, kind: str = "") -> None:
        """Open an artifact: content that is not part of the document's text (e.g. a rule)."""
        if kind:
            canvas._code.append(f"/Artifact <</Type /{kind}>> BDC")
        else:
            canvas._code.append("/Artifact BMC")

    @staticmethod
    def end(canvas: Any) -> None:
        """Close the innermost marked-content sequence."""
        canvas._code.append("EMC")

    def owners(self, page: int) -> list[StructNode]:
        """Return the element owning each MCID of a page, by MCID."""
        return self._owners.get(page, [])


class _StructElem(PDFObject):  # type: ignore[misc]  # reportlab ships no type hints
    """One StructElem object, formatted directly: a generic PDFDictionary is much slower."""

    def __init__(self, node: StructNode) -> None:
        self.node = node
        self.ref = PDFObjectReference("")
        self.parent = PDFObjectReference("")
        self.kid_refs: dict[int, PDFObjectReference] = {}

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion

        def ref(name: str) -> str:
            number, version = numbers[name]
            return f"{number} {version} R"

        node = self.node
        parts = [f"<< /Type /StructElem /S /{node.role} /P {ref(self.parent.name)}"]
        first_page = next((kid[0] for kid in node.kids if isinstance(kid, tuple)), None)
        if first_page is not None:
            parts.append(f" /Pg {ref(f'Page{first_page}')}")
        parts.append(" /K [")
        for kid in node.kids:
            if isinstance(kid, StructNode):
                parts.append(f" {ref(self.kid_refs[id(kid)].name)}")
            elif kid[0] == first_page:
                parts.append(f" {kid[1]}")
            else:
                parts.append(f" << /Type /MCR /Pg {ref(f'Page{kid[0]}')} /MCID {kid[1]} >>")
        parts.append(" ]")
        if node.attributes:
            attributes = " ".join(f"/{name} /{value}" for name, value in node.attributes.items())
            parts.append(f" /A << {attributes} >>")
        parts.append(" >>")
        return "".join(parts).encode()


class _ParentTreeNums(PDFObject):  # type: ignore[misc]
    """The ParentTree's Nums array: per page, its key and the elements owning its MCIDs.

    Written directly, as reportlab's PDFArray writes it (a line break every ten items).
    """

    def __init__(self, owners: list[list[str]]) -> None:
        self.owners = owners

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        items = []
        for key, names in enumerate(self.owners):
            refs = [f"{numbers[name][0]} {numbers[name][1]} R".encode() for name in names]
            items += [str(key).encode(), pdf_array(refs)]
        return pdf_array(items)


def write_structure(doc: Any, tagger: Tagger, pages: int) -> None:
    """Add the structure tree and the tagged-PDF markers to a reportlab PDFDocument."""
    tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(tree_root)
    elements: dict[int, _StructElem] = {}

    def register(node: StructNode, parent: PDFObjectReference) -> _StructElem:
        element = _StructElem(node)
        element.ref = doc.Reference(element)
        element.parent = parent
        elements[id(node)] = element
        for kid in node.kids:
            if isinstance(kid, StructNode):
                element.kid_refs[id(kid)] = register(kid, element.ref).ref
        return element

    document = register(tagger.root, root_ref)
    owners = [
        [elements[id(owner)].ref.name for owner in tagger.owners(page)]
        for page in range(1, pages + 1)
    ]
    tree_root["K"] = document.ref
    tree_root["ParentTree"] = PDFDictionary({"Nums": _ParentTreeNums(owners)})
    tree_root["ParentTreeNextKey"] = pages
    tree_root["RoleMap"] = PDFDictionary({k: PDFName(v) for k, v in ROLE_MAP.items()})
    catalog = doc.Catalog
    catalog.StructTreeRoot = tree_root
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})


def tag_page(page: Any, number: int) -> None:
    """Give a page object its ParentTree key and structure tab order."""
    page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
    page.StructParents = number - 1
    page.Tabs = PDFName("S")


@dataclass(frozen=True)
class XmpFields:
    """What the XMP packet says; equal to the Info dictionary's values."""

    title: str
    creator: str
    description: str
    language: str
    keywords: str
    producer: str
    moment: dt.datetime


def xmp_stream(fields: XmpFields) -> PDFStream:
    """Return the uncompressed XMP metadata stream, with the PDF/UA-1 identification."""
    when = fields.moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def text(value: str) -> str:
        return escape(value)

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title>{alt(fields.title)}</dc:title>
<dc:creator><rdf:Seq><rdf:li>{text(fields.creator)}</rdf:li></rdf:Seq></dc:creator>
<dc:description>{alt(fields.description)}</dc:description>
<dc:language><rdf:Bag><rdf:li>{text(fields.language)}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{text(fields.producer)}</pdf:Producer>
<pdf:Keywords>{text(fields.keywords)}</pdf:Keywords>
<xmp:CreatorTool>{text(fields.producer)}</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary, packet.encode("utf-8"))
