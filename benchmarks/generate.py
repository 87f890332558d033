"""Write a synthetic conference: the bundled seed repeated COPIES times, with its catalogs.

    python benchmarks/generate.py --copies 10 /tmp/batch   # 240 briefs: 40 audiences x 6

Copy 0 is the seed itself; copy k (k >= 1) adds every session and every audience again under
ids ending in `-k`, with each copied recommendation addressed to the copied audiences. So each
copy adds exactly the seed's documents (20 theme briefs and 4 digests): the batch grows by more
ministries, not by longer digests, and each document keeps the seed's size.

The catalogs are written too (OUT/locales, for the plain loop's --locales; OUT is a briefs
workspace, so `briefs build` run inside it reads them): the interface catalog and its template
unchanged, and the conference's content catalog (<conference-id>.po) with every session entry
repeated under the copied session ids, so copied briefs are translated like the seed's.
"""

from __future__ import annotations

import argparse
import copy as copying
import shutil
from pathlib import Path
from typing import Any

from babel.messages.catalog import Message
from babel.messages.pofile import read_po, write_po
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "berlin-2024.yaml"
SEED_LOCALES = ROOT / "locales"
DOCUMENTS_PER_COPY = 24
DATA_NAME = "conference.yaml"


def _suffixed(identifier: str, copy: int) -> str:
    return identifier if copy == 0 else f"{identifier}-{copy}"


def synthetic_data(copies: int, seed: Path = SEED) -> dict[str, Any]:
    """Return the seed's raw data with its sessions and audiences repeated `copies` times."""
    yaml = YAML(typ="safe", pure=True)
    raw: dict[str, Any] = yaml.load(seed.read_text(encoding="utf-8"))
    # audiences in full, from the seed's registry, so that the copies stand alone
    registry = yaml.load((seed.parent / "audiences.yaml").read_text(encoding="utf-8"))
    profiles = {entry["id"]: entry for entry in registry["audiences"]}
    raw["audiences"] = [
        {**profiles[a["id"]], **a} if "institution" not in a else a for a in raw["audiences"]
    ]
    sessions, audiences = [], []
    for copy in range(copies):
        for session in raw["sessions"]:
            new = copying.deepcopy(session)
            new["id"] = _suffixed(session["id"], copy)
            for rec in new.get("recommendations", []):
                rec["audiences"] = [_suffixed(a, copy) for a in rec["audiences"]]
            sessions.append(new)
        for audience in raw["audiences"]:
            new = copying.deepcopy(audience)
            new["id"] = _suffixed(audience["id"], copy)
            for interest in new["interests"]:
                interest["theme"] = _suffixed(interest["theme"], copy)
            audiences.append(new)
    raw["sessions"], raw["audiences"] = sessions, audiences
    return raw


def synthetic_catalog(source: Path, session_ids: list[str], copies: int, language: str) -> Any:
    """Return the content catalog with each session's entries repeated for every copy."""
    with source.open("rb") as stream:
        catalog = read_po(stream, locale=language)
    originals = [m for m in catalog if m.id and m.context]
    for copy in range(1, copies):
        for message in originals:
            session, _, field = str(message.context).partition("|")
            if session not in session_ids:
                continue
            catalog[message.id] = Message(
                message.id,
                message.string,
                flags=message.flags,
                context=f"{_suffixed(session, copy)}|{field}",
            )
    return catalog


def write_synthetic(copies: int, out_dir: Path) -> Path:
    """Write OUT/conference.yaml and OUT/locales; return the data file's path."""
    if copies < 1:
        raise SystemExit(f"error: --copies must be at least 1, not {copies}")
    raw = synthetic_data(copies)
    out_dir.mkdir(parents=True, exist_ok=True)
    data_file = out_dir / DATA_NAME
    with data_file.open("w", encoding="utf-8") as stream:
        YAML(typ="safe", pure=True).dump(raw, stream)
    seed_sessions = [s["id"] for s in raw["sessions"][: len(raw["sessions"]) // copies]]
    content = f"{raw['conference']['id']}.po"
    (out_dir / "briefs.toml").write_text("[workspace]\n", encoding="utf-8")
    (out_dir / "locales").mkdir(exist_ok=True)
    shutil.copyfile(SEED_LOCALES / "briefs.pot", out_dir / "locales" / "briefs.pot")
    for language_dir in sorted(p.parent for p in SEED_LOCALES.glob("*/LC_MESSAGES")):
        target = out_dir / "locales" / language_dir.name / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(language_dir / "LC_MESSAGES" / "briefs.po", target / "briefs.po")
        catalog = synthetic_catalog(
            language_dir / "LC_MESSAGES" / content, seed_sessions, copies, language_dir.name
        )
        with (target / content).open("wb") as stream:
            write_po(stream, catalog, width=0)
    return data_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="seed copies (24 documents each)")
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    data_file = write_synthetic(args.copies, args.out_dir)
    print(f"{data_file}: {args.copies * DOCUMENTS_PER_COPY} documents")


if __name__ == "__main__":
    main()
