"""Header values built token by token, so no data text can inject or disguise a header.

CPython's own header folding is not safe on every Python the project supports: on 3.11.7 it
decodes RFC 2047 encoded words found in data (``=?utf-8?q?=0D=0ABcc:…?=``) and writes the CR LF
they contain, and it leaves a display name with a comma unquoted after folding (gh-80222), so
``Platform, for Civic Initiatives`` becomes two addresses. The functions here therefore return
finished, already folded ASCII values for ``EmailMessage.set_raw``, generated with
``refold_source="none"`` (see ``GENERATOR_POLICY``) so that Python never refolds them:

- a display name is made of quoted strings for its plain printable ASCII words and base64
  encoded words for the others (non-ASCII, a quote, a backslash, anything that looks like an
  encoded word), which every reader decodes exactly once, back to the literal text;
- unstructured text (the subject) follows the same rule;
- an attachment name is written once as an RFC 2231 ``filename*`` on a single line (no
  continuations, which older parsers mishandle) and once as the de-facto ``name=`` of
  Content-Type in encoded words, for clients that read only that.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from email.headerregistry import Address
from email.policy import SMTP
from urllib.parse import quote

from briefs.errors import OutputError

GENERATOR_POLICY = SMTP.clone(refold_source="none")
"""Write raw header values exactly as built here; header objects are still folded normally."""

MAX_LINE = 78  # RFC 5322's recommended line length, "Name: " included
MAX_PARAMETER_LINE = 900  # under RFC 5322's hard limit of 998, with room for "filename*="
_WORD_BYTES = 42  # -> 56 base64 characters, a 68-character word: fits after "Subject: "
_ATTR_CHARS = "!#$&+-.^_`|~"  # RFC 2231 attribute-chars left unescaped besides letters, digits


def is_plain(text: str) -> bool:
    """Return whether text can stand in a header as written: printable ASCII, nothing to decode."""
    return (
        text.isascii()
        and text.isprintable()
        and "=?" not in text
        and '"' not in text
        and "\\" not in text
    )


def encoded_words(text: str) -> list[str]:
    """Return text as RFC 2047 base64 encoded words of at most 75 characters each."""
    words, chunk = [], b""
    for char in text:
        data = char.encode("utf-8")
        if len(chunk) + len(data) > _WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += data
    if chunk:
        words.append(chunk)
    return [_encoded_word(word) for word in words]


def _encoded_word(data: bytes) -> str:
    return f"=?utf-8?b?{base64.b64encode(data).decode('ascii')}?="


def fold(name: str, tokens: Iterable[str]) -> str:
    """Join tokens with spaces, breaking lines before a token that would pass 78 characters."""
    lines: list[str] = []
    line = ""
    width = len(name) + 2
    for token in tokens:
        if line and width + len(line) + 1 + len(token) > MAX_LINE:
            lines.append(line)
            line, width = token, 1
        else:
            line = f"{line} {token}" if line else token
    lines.append(line)
    return "\n ".join(lines)


def unstructured(name: str, text: str) -> str:
    """Return a folded value for a free-text header such as Subject."""
    tokens = text.split(" ") if is_plain(text) else encoded_words(text)
    return fold(name, [token for token in tokens if token])


def addr_spec(email: str) -> str:
    """Return the address part of a mailbox, checked to be plain ASCII with one @."""
    username, _, domain = email.rpartition("@")
    if not (username and domain and email.isascii() and email.isprintable()) or " " in email:
        raise OutputError(f"email address {email!r} cannot be written in a header")
    return Address(username=username, domain=domain).addr_spec


def phrase(text: str) -> list[str]:
    """Return the tokens of a display name: quoted strings and encoded words, alternating.

    Consecutive words that need encoding share one encoded word, even past 75 characters:
    RFC 2047 readers drop the space between two encoded words, while CPython's address parser
    (before gh-128110) keeps it, so splitting a run would read differently in each.
    """
    groups: list[tuple[bool, list[str]]] = []
    for word in text.split(" "):
        plain = is_plain(word)
        if groups and groups[-1][0] == plain:
            groups[-1][1].append(word)
        else:
            groups.append((plain, [word]))
    tokens = []
    for plain, words in groups:
        text = " ".join(words)
        if plain:
            tokens.append(f'"{text}"')
        elif len(word := _encoded_word(text.encode("utf-8"))) <= MAX_PARAMETER_LINE:
            tokens.append(word)
        else:  # too long for one line: RFC 2047 readers still read it right
            tokens += encoded_words(text)
    return tokens


def mailbox(display_name: str, email: str) -> list[str]:
    """Return the tokens of `"Display Name" <user@domain>`; the name always quoted or encoded."""
    if not display_name:
        return [f"<{addr_spec(email)}>"]
    return [*phrase(display_name), f"<{addr_spec(email)}>"]


def address_list(name: str, mailboxes: Sequence[tuple[str, str]]) -> str:
    """Return a folded address-list value (From, To) from (display name, email) pairs."""
    tokens: list[str] = []
    for index, (display_name, email) in enumerate(mailboxes):
        box = mailbox(display_name, email)
        if index < len(mailboxes) - 1:
            box[-1] += ","
        tokens += box
    return fold(name, tokens)


def mail_filename(filename: str) -> str:
    """Return the attachment name to use in a message: filename, shortened if too long to fit.

    The stem is cut (ending in "…") until its RFC 2231 form fits one parameter line.
    """
    stem, dot, suffix = filename.rpartition(".")
    if not dot:
        stem, suffix = filename, ""
    name = filename
    while len(_rfc2231(name)) > MAX_PARAMETER_LINE and stem:
        stem = stem[:-1]
        name = f"{stem.rstrip()}…{dot}{suffix}"
    return name


def _rfc2231(filename: str) -> str:
    return "utf-8''" + quote(filename, safe=_ATTR_CHARS)


def attachment_headers(media_type: str, filename: str) -> tuple[str, str]:
    """Return (Content-Type, Content-Disposition) values naming the attachment filename."""
    if is_plain(filename):
        return (
            f'{media_type};\n name="{filename}"',
            f'attachment;\n filename="{filename}"',
        )
    return (
        f'{media_type};\n name="{" ".join(encoded_words(filename))}"',
        f"attachment;\n filename*={_rfc2231(filename)}",
    )
