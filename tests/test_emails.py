"""Email drafts parse strictly, carry the built files byte for byte, in the audience's language."""

from __future__ import annotations

import email
import hashlib
import json
from email.message import EmailMessage, Message
from email.policy import SMTP, strict
from pathlib import Path

import pytest

from briefs.cli import main
from briefs.i18n import typography
from briefs.workspace import bundled_resources

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"


def entries(out: Path) -> list[dict[str, object]]:
    return json.loads((out / "berlin-2024" / "manifest.json").read_text(encoding="utf-8"))["files"]


def parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=strict.clone(raise_on_defect=True))
    assert isinstance(message, EmailMessage)
    return message


def test_one_draft_per_audience_is_listed_in_the_manifest(drafted: Path) -> None:
    drafts = [e for e in entries(drafted) if e["kind"] == "email"]
    assert sorted(str(e["audience"]) for e in drafts) == ["de-mfa", "eeas", "fr-meae", "pl-msz"]
    for entry in drafts:
        data = (drafted / str(entry["path"])).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_attachments_are_the_built_files_byte_for_byte(drafted: Path) -> None:
    manifest = entries(drafted)
    for entry in (e for e in manifest if e["kind"] == "email"):
        by_name = {
            Path(str(e["path"])).name: e
            for e in manifest
            if e["kind"] != "email" and e["audience"] == entry["audience"]
        }
        message = parse(drafted / str(entry["path"]))
        attachments = list(message.iter_attachments())
        built = [e for e in manifest if e["audience"] == entry["audience"] and e["kind"] != "email"]
        assert len(attachments) == len([e for e in built if e["format"] != "html"])  # previews stay
        for part in attachments:
            name = part.get_filename()
            assert name in by_name
            assert part.get_content_type() == "application/pdf"
            payload = part.get_payload(decode=True)
            assert hashlib.sha256(payload).hexdigest() == by_name[name]["sha256"]


def test_drafts_are_unsent_with_a_host_free_message_id(drafted: Path) -> None:
    import socket

    for path in drafted.rglob("*.eml"):
        message = parse(path)
        assert message["X-Unsent"] == "1"
        assert message["Message-ID"].endswith("@example.org>")
        assert socket.gethostname() not in message["Message-ID"]
        assert message["From"].addresses[0].addr_spec == "briefs@example.org"
        kinds = [part.get_content_type() for part in message.walk()]
        assert "text/plain" in kinds and "text/html" in kinds


@pytest.mark.parametrize(
    ("audience", "salutation"),
    [
        ("de-mfa", "Sehr geehrte Damen und Herren,"),
        ("fr-meae", "Madame, Monsieur,"),
        ("pl-msz", "Szanowni Państwo,"),
        ("eeas", "Dear Sir or Madam,"),
    ],
)
def test_body_opens_with_the_audience_salutation(
    drafted: Path, audience: str, salutation: str
) -> None:
    message = parse(next(drafted.rglob(f"draft-{audience}.eml")))
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.splitlines()[0] == salutation
    assert salutation in html
    assert message["Content-Language"] == {"eeas": "en"}.get(audience, audience[:2])


def test_non_ascii_attachment_names_survive(tmp_path: Path) -> None:
    import datetime as dt

    from briefs.loading import load_conference
    from briefs.mail.compose import Attachment, compose_email
    from briefs.workspace import bundled_resources

    data = load_conference(SEED)
    name = "Notatka – więźniowie.pdf"
    draft = compose_email(
        data,
        data.audience("pl-msz"),
        [Attachment(name, b"%PDF-1.4 test", "application/pdf")],
        ["więźniowie"],
        dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        bundled_resources(),
    )
    raw = draft.data.decode("ascii")  # the wire format stays 7-bit
    assert "filename*" in raw  # RFC 2231
    message = email.message_from_bytes(draft.data, policy=SMTP)
    [part] = list(message.iter_attachments())
    assert part.get_filename() == name


def test_same_inputs_give_identical_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")
    results = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert main(["build", str(SEED), "--out", str(out), "--audience", "eeas"]) == 0
        assert main(["email", str(SEED), "--out", str(out), "--audience", "eeas"]) == 0
        results.append((out / "berlin-2024" / "eeas" / "draft-eeas.eml").read_bytes())
    assert results[0] == results[1]
    assert b"Date: Wed, 26 Nov 2025 00:00:00 +0000" in results[0]


def test_email_without_a_build_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["email", str(SEED), "--out", str(tmp_path)]) == 3
    assert "run 'briefs build' first" in capsys.readouterr().err


def test_size_limits_warn_and_refuse(drafted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            ["email", str(SEED), "--out", str(drafted), "--audience", "eeas", "--warn-size", "0.01"]
        )
        == 0
    )
    assert "warning: eeas: attachments total" in capsys.readouterr().err
    assert (
        main(
            ["email", str(SEED), "--out", str(drafted), "--audience", "eeas", "--max-size", "0.01"]
        )
        == 3
    )
    assert "MB limit (--max-size)" in capsys.readouterr().err


def test_a_changed_attachment_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["build", str(SEED), "--out", str(tmp_path), "--audience", "eeas", "--format", "pdf"])
        == 0
    )
    victim = next(tmp_path.rglob("*.pdf"))
    victim.write_bytes(victim.read_bytes() + b"\n% edited")
    assert main(["email", str(SEED), "--out", str(tmp_path), "--audience", "eeas"]) == 3
    assert "changed since it was built" in capsys.readouterr().err


INJECTION = "=?utf-8?q?x=0D=0ABcc:_evil@example.org?="
COMMA_ORGANISER = "Platform for Civic Anti-War and Humanitarian Initiatives, for Civic Initiatives"
ADDRESS_HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Sender")


def addresses(message: Message, *names: str) -> list[tuple[str, str]]:
    """Return (display name, address) of every mailbox in the named headers, as parsed.

    A message parsed with the compat32 policy is read the old way: getaddresses, then
    decode_header, which follows RFC 2047 on the space between two encoded words.
    """
    from email.header import decode_header, make_header
    from email.utils import getaddresses

    found = []
    for name in names:
        for header in message.get_all(name, []):
            if hasattr(header, "addresses"):
                found += [(a.display_name, a.addr_spec) for a in header.addresses]
            else:
                found += [
                    (str(make_header(decode_header(display))), address)
                    for display, address in getaddresses([header])
                ]
    return found


@pytest.fixture(scope="module")
def hostile_drafts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Drafts of a copy of the seed whose contact, title and organiser try to forge headers."""
    text = SEED.read_text(encoding="utf-8")
    registry = (SEED.parent / "audiences.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("name: Erika Beispiel", f'name: "{INJECTION}"'),
        ("name: Jan Przykładowy", f'name: "Przykładowy, {INJECTION}"'),
        (
            'title: "Cooperation Conference: France, Poland, Germany"',
            f'title: "Cooperation Conference {INJECTION}"',
        ),
        (
            "name: Platform for Civic Anti-War and Humanitarian Initiatives",
            f'name: "{COMMA_ORGANISER}"',
        ),
    ]:
        if old in registry:  # contacts are defined in the audience registry
            registry = registry.replace(old, new, 1)
        else:
            assert old in text
            text = text.replace(old, new, 1)
    root = tmp_path_factory.mktemp("hostile")
    data = root / "hostile.yaml"
    data.write_text(text, encoding="utf-8")
    (root / "audiences.yaml").write_text(registry, encoding="utf-8")
    out = root / "out"
    build = ["build", str(data), "--out", str(out), "--date", "2026-11-26", "--format", "pdf"]
    assert main(build) == 0
    assert main(["email", str(data), "--out", str(out)]) == 0
    return data, out


@pytest.mark.parametrize("policy_name", ["strict", "default", "compat32"])
def test_data_cannot_add_or_split_recipients(
    hostile_drafts: tuple[Path, Path], policy_name: str
) -> None:
    from email import policy
    from email.header import decode_header, make_header

    from briefs.loading import load_conference

    data_path, out = hostile_drafts
    data = load_conference(data_path)
    chosen = {
        "strict": policy.strict.clone(raise_on_defect=True),
        "default": policy.default,
        "compat32": policy.compat32,
    }[policy_name]
    for audience in data.audiences:
        raw = next(out.rglob(f"draft-{audience.id}.eml")).read_bytes()
        message = email.message_from_bytes(raw, policy=chosen)
        expected = [(contact.name, contact.email) for contact in audience.contacts]
        recipients = addresses(message, "To", "Cc", "Bcc", "Reply-To")
        assert recipients == expected
        assert addresses(message, "From") == [(COMMA_ORGANISER, "briefs@example.org")]
        assert message.get_all("Bcc") is None and message.get_all("Reply-To") is None
        for name in ADDRESS_HEADERS:
            assert len(message.get_all(name, [])) <= 1
        subject = str(message["Subject"])
        if chosen is policy.compat32:
            subject = str(make_header(decode_header(subject)))
        # the draft's language (English where the changed title is not translated), its
        # typography, but the text intact
        title = f"Cooperation Conference {INJECTION}"
        shown = {typography.apply(title, language) for language in (audience.language, "en")}
        assert any(form in subject for form in shown), subject
        head = raw.partition(b"\r\n\r\n")[0]
        assert b"evil@example.org" not in head  # only ever inside an encoded word


def test_drafts_are_ascii_with_lines_under_the_hard_limit(
    hostile_drafts: tuple[Path, Path],
) -> None:
    _, out = hostile_drafts
    for path in out.rglob("*.eml"):
        raw = path.read_bytes()
        assert raw.isascii()
        assert max(len(line) for line in raw.split(b"\r\n")) <= 998


ATTACHMENT_NAMES = [
    "Notatka – więźniowie.pdf",
    'Brief, "quoted" =?utf-8?q?x=0D=0A?= evil.pdf',
    "01 Справка – Освобождение украинских гражданских лиц, незаконно удерживаемых.pdf",
    "plain-ascii name; with (specials).pdf",
]


def test_attachment_names_read_the_same_in_every_parser() -> None:
    import datetime as dt
    from email import policy
    from email.header import decode_header, make_header

    from briefs.loading import load_conference
    from briefs.mail.compose import Attachment, compose_email

    data = load_conference(SEED)
    attachments = [
        Attachment(name, f"%PDF-1.4 {index}".encode(), "application/pdf")
        for index, name in enumerate(ATTACHMENT_NAMES)
    ]
    draft = compose_email(
        data,
        data.audience("pl-msz"),
        attachments,
        ["więźniowie"],
        dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        bundled_resources(),
    )
    assert draft.data.isascii()
    assert b"filename*0" not in draft.data  # no RFC 2231 continuations
    for chosen in (policy.strict.clone(raise_on_defect=True), policy.default, policy.compat32):
        message = email.message_from_bytes(draft.data, policy=chosen)
        parts = [p for p in message.walk() if p.get_content_disposition() == "attachment"]
        assert [part.get_filename() for part in parts] == ATTACHMENT_NAMES
        for part, attachment in zip(parts, attachments, strict=True):
            assert part.get_payload(decode=True) == attachment.data
            name = part.get_param("name")
            assert isinstance(name, str)
            if chosen is policy.compat32:  # the old API hands back the encoded words
                name = str(make_header(decode_header(name)))
            assert name == attachment.filename


MIME_TOOLS_NAMES = r"""
use strict; use warnings; use MIME::Parser; use Encode;
binmode STDOUT, ':encoding(UTF-8)';
my $parser = MIME::Parser->new; $parser->output_to_core(1); $parser->tmp_to_core(1);
for my $part ($parser->parse(\*STDIN)->parts_DFS) {
    next if $part->is_multipart;
    my $name = $part->head->recommended_filename;
    next unless defined $name;
    my $fallback = decode('MIME-Header', $part->head->mime_attr('content-type.name'));
    print "$name\t$fallback\n";
}
"""


def test_attachment_names_read_the_same_in_perl_mime_tools() -> None:
    """MIME-tools (Perl, an independent parser) reads both the filename and the name= fallback."""
    import datetime as dt
    import subprocess

    from briefs.loading import load_conference
    from briefs.mail.compose import Attachment, compose_email

    data = load_conference(SEED)
    attachments = [Attachment(name, b"%PDF-1.4", "application/pdf") for name in ATTACHMENT_NAMES]
    draft = compose_email(
        data,
        data.audience("pl-msz"),
        attachments,
        ["x"],
        dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        bundled_resources(),
    )
    result = subprocess.run(
        ["perl", "-e", MIME_TOOLS_NAMES], input=draft.data, capture_output=True, check=True
    )
    rows = [line.split("\t") for line in result.stdout.decode("utf-8").splitlines()]
    assert rows == [[name, name] for name in ATTACHMENT_NAMES]


def test_the_first_ask_is_the_top_ask_of_the_audience_first_theme(drafted: Path) -> None:
    import re

    from briefs.i18n.content import localize_content
    from briefs.loading import load_conference

    data = load_conference(SEED)
    for audience in data.audiences:
        localized = localize_content(data, audience.language, bundled_resources())
        first_theme = min(audience.interests, key=lambda interest: interest.priority).theme
        asks = [
            rec
            for rec in localized.session(first_theme).recommendations
            if audience.id in rec.audiences
        ]
        ranks = ["high", "medium", "low"]
        asks.sort(
            key=lambda rec: (ranks.index(rec.priority.value), rec.audiences[0] != audience.id)
        )
        message = parse(next(drafted.rglob(f"draft-{audience.id}.eml")))
        body = message.get_body(preferencelist=("plain",)).get_content()
        first = re.search(r"^\s+1\. (.+)$", body, re.MULTILINE)
        assert first is not None, body
        assert first.group(1).strip() == asks[0].text, audience.id


def test_a_very_long_attachment_name_is_shortened_to_one_parameter() -> None:
    import datetime as dt

    from briefs.loading import load_conference
    from briefs.mail.compose import Attachment, compose_email

    data = load_conference(SEED)
    stem = "Справка " * 60
    draft = compose_email(
        data,
        data.audience("eeas"),
        [Attachment(f"{stem}.pdf", b"%PDF-1.4", "application/pdf")],
        ["x"],
        dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        bundled_resources(),
    )
    assert b"filename*0" not in draft.data
    assert max(len(line) for line in draft.data.split(b"\r\n")) <= 998
    message = email.message_from_bytes(draft.data, policy=strict.clone(raise_on_defect=True))
    [part] = list(message.iter_attachments())
    name = part.get_filename()
    assert name is not None and name.endswith("….pdf") and stem.startswith(name[:-5])
    assert len(name) > 80  # still readable: shortened only as far as needed


def test_a_display_name_too_long_for_one_encoded_word_stays_within_line_limits() -> None:
    import datetime as dt
    from email import policy
    from email.header import decode_header, make_header
    from email.utils import getaddresses

    from briefs.loading import load_conference
    from briefs.mail.compose import compose_email

    data = load_conference(SEED)
    audience = data.audience("eeas")
    name = "„…” " * 75  # 300 characters (the most a name may have), 750 bytes of UTF-8
    contact = audience.contacts[0].model_copy(update={"name": name.strip()})
    audience = audience.model_copy(update={"contacts": [contact]})
    moment = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    draft = compose_email(data, audience, [], [], moment, bundled_resources())
    assert max(len(line) for line in draft.data.split(b"\r\n")) <= 998
    message = email.message_from_bytes(draft.data, policy=policy.compat32)
    [(display, address)] = getaddresses(message.get_all("To"))
    assert (str(make_header(decode_header(display))), address) == (name.strip(), contact.email)
    strict_message = email.message_from_bytes(draft.data, policy=strict.clone(raise_on_defect=True))
    assert [a.addr_spec for a in strict_message["To"].addresses] == [contact.email]
