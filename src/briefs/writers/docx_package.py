"""The DOCX package around the body, prepared once and filled in for each brief.

`DocxParts` is the writer's context: the zip members of a brief's package in the order
python-docx saves them — every part that is the same in every brief (settings, theme, font
table, the embedded fonts…) already deflated, and the parts a brief fills in (body,
properties, numbering, header, footers, the language in the styles) as shells with holes. A
brief's package is these members copied, the holes filled, with the bytes python-docx would
have saved. `docx_template` makes a context with python-docx; `to_bytes` and `from_bytes`
keep it between runs, so a build whose context is cached needs no python-docx at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import BinaryIO

from briefs.document import Document
from briefs.writers import Stamp
from briefs.writers.docx_xml import attribute, text
from briefs.writers.docx_zip import Member, deflate, write_zip


@dataclass(frozen=True)
class Content:
    """What a brief puts into its package, as WordprocessingML without namespace declarations:
    the body's blocks, the running header's and the footer's paragraph, and the w:num elements
    of its numbered lists."""

    body: str
    header: str
    footer: str
    numbering: str


HOLE = "BRIEFS-HOLE-"
_ELEMENT_HOLES = ("body", "header", "footer", "numbering")
_TEXT_HOLES = ("title", "subject", "author", "language", "keywords")
MOMENT_HOLE = dt.datetime(1901, 2, 3, 4, 5, 6)
_W3CDTF = "%Y-%m-%dT%H:%M:%SZ"
_HOLES = {
    **{f"<w:t>{HOLE}{name}</w:t>": name for name in _ELEMENT_HOLES},
    **{HOLE + name: name for name in _TEXT_HOLES},
    MOMENT_HOLE.strftime(_W3CDTF): "moment",
}
"""The text that marks each hole in a serialized part -> the hole's name."""


class PartShell:
    """A serialized part with holes: the bytes around them, filled in for each brief."""

    def __init__(self, blob: bytes) -> None:
        marks = [mark.encode() for mark in _HOLES if mark.encode() in blob]
        pieces = re.split(b"(" + b"|".join(re.escape(mark) for mark in marks) + b")", blob)
        self.literals = pieces[0::2]
        self.names = [_HOLES[mark.decode()] for mark in pieces[1::2]]

    @classmethod
    def from_pieces(cls, literals: list[bytes], names: list[str]) -> PartShell:
        """Return the shell of these literals with these holes between them."""
        shell = cls.__new__(cls)
        shell.literals, shell.names = literals, names
        return shell

    def fill(self, values: dict[str, str]) -> bytes:
        """Return the part with each hole replaced by its value (escaped by the caller)."""
        out = [self.literals[0]]
        for name, literal in zip(self.names, self.literals[1:], strict=True):
            out += (values[name].encode(), literal)
        return b"".join(out)


ShellMember = tuple[str, PartShell]
"""A member a brief fills in: its name and its shell."""

_MAGIC = b"briefs-docx-parts 1\n"


class DocxParts:
    """The writer's context: a DOCX package prepared once, to be filled in for each brief.

    Holds the zip members in the order python-docx saves them: the constant ones deflated, the
    others as shells; the styles are deflated once per language. Nothing else changes after
    construction, so a context built before forking serves every worker.
    """

    def __init__(
        self, first_num_id: int, styles_name: str, members: list[Member | ShellMember]
    ) -> None:
        """first_num_id: the w:numId of a brief's first list; styles_name: the styles member."""
        self.first_num_id = first_num_id
        self.styles_name = styles_name
        self.members = members
        self.styles: dict[str, Member] = {}

    def write(self, stream: BinaryIO, document: Document, content: Content, stamp: Stamp) -> None:
        """Write document's package, holding content, with stamp's time, to stream."""
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
            "moment": stamp.moment.replace(tzinfo=None, microsecond=0).strftime(_W3CDTF),
        }
        members: list[Member] = []
        made: dict[bytes, Member] = {}  # the two footers are equal: deflated once
        for member in self.members:
            if isinstance(member, Member):
                members.append(member)
            elif member[0] == self.styles_name:
                members.append(self._styles(*member, document.language))
            else:
                name, shell = member
                blob = shell.fill(values)
                known = made.get(blob)
                if known is None:
                    known = made[blob] = deflate(name, blob)
                members.append(replace(known, name=name.encode("ascii")))
        write_zip(stream, members, stamp.moment.timetuple()[:6])

    def _styles(self, name: str, shell: PartShell, language: str) -> Member:
        """Return the styles with language as the document default, deflated once per language."""
        member = self.styles.get(language)
        if member is None:
            blob = shell.fill({"language": attribute(language)})
            member = self.styles[language] = deflate(name, blob)
        return member

    def to_bytes(self) -> bytes:
        """Return this context as bytes `from_bytes` reads back: a JSON index, then the data,
        with the data's SHA-256 in the index so that a damaged copy is never used."""
        index: list[list[object]] = []
        chunks: list[bytes] = []
        for member in self.members:
            if isinstance(member, Member):
                index.append(["member", member.name.decode("ascii"), member.crc, member.size])
                chunks.append(member.data)
            else:
                name, shell = member
                index.append(["shell", name, shell.names])
                chunks += shell.literals
        data = b"".join(chunks)
        head = {
            "first_num_id": self.first_num_id,
            "styles_name": self.styles_name,
            "members": index,
            "lengths": [len(chunk) for chunk in chunks],
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        return _MAGIC + json.dumps(head).encode() + b"\n" + data

    @classmethod
    def from_bytes(cls, blob: bytes) -> DocxParts:
        """Return the context `to_bytes` wrote; ValueError if blob is not one, or is damaged."""
        if not blob.startswith(_MAGIC):
            raise ValueError("not a briefs DOCX context")
        head_end = blob.index(b"\n", len(_MAGIC))
        try:
            head = json.loads(blob[len(_MAGIC) : head_end])
            data = blob[head_end + 1 :]
            if hashlib.sha256(data).hexdigest() != head["sha256"]:
                raise ValueError("damaged briefs DOCX context")
            lengths = iter(head["lengths"])
            position = 0

            def chunk() -> bytes:
                nonlocal position
                start, position = position, position + next(lengths)
                return data[start:position]

            members: list[Member | ShellMember] = []
            for entry in head["members"]:
                if entry[0] == "member":
                    _, name, crc, size = entry
                    members.append(Member(name.encode("ascii"), crc, size, chunk()))
                else:
                    _, name, names = entry
                    literals = [chunk() for _ in range(len(names) + 1)]
                    members.append((name, PartShell.from_pieces(literals, names)))
            if position != len(data):
                raise ValueError("damaged briefs DOCX context")
            return cls(head["first_num_id"], head["styles_name"], members)
        except (KeyError, TypeError, StopIteration, json.JSONDecodeError) as error:
            raise ValueError("damaged briefs DOCX context") from error


@cache
def shared_parts() -> DocxParts:
    """Return this process's DOCX context, built on first use (a pure function of the bundled
    template, styles and fonts; `DocxWriter.prepare` builds it before workers fork)."""
    from briefs.writers.docx_template import prepare_parts

    return prepare_parts()
