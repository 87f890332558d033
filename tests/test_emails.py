"""Email drafts parse strictly, carry the built files byte for byte, in the audience's language."""

from __future__ import annotations

import email
import hashlib
import json
from email.message import EmailMessage
from email.policy import SMTP, strict
from pathlib import Path

import pytest

from briefs.cli import main

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"


def entries(out: Path) -> list[dict[str, object]]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]


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

    from briefs.emails import Attachment, compose_email
    from briefs.loading import load_conference

    data = load_conference(SEED)
    name = "Notatka – więźniowie.pdf"
    draft = compose_email(
        data,
        data.audience("pl-msz"),
        [Attachment(name, b"%PDF-1.4 test", "application/pdf")],
        ["więźniowie"],
        dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
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
