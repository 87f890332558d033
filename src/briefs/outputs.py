"""Where outputs go: one folder and one manifest per conference, changed all-or-nothing.

A conference's outputs live in `<out>/<conference-id>/`, listed in its `manifest.json`. A build
or a drafting run changes that folder in a *transaction*:

1. it takes the conference's lock (a second run into the same folder waits for the first);
2. it writes every new file into a staging folder beside the conference folder
   (`<out>/.<conference-id>.staging`), as each file is produced and has passed the leak guard;
3. on success it links into the staging folder everything it keeps — files of earlier runs
   that this run does not replace, and any file briefs did not write (a user's notes) — writes
   the manifest, syncs everything to disk (once, see `_sync_staging`), and swaps the staging
   folder with the conference folder in one atomic rename (Linux `renameat2(RENAME_EXCHANGE)`;
   elsewhere two renames with recovery on the next run);
4. on any error, or if killed, the conference folder is the old one, untouched; leftovers are
   removed by the next run.

So a reader of the conference folder always sees a complete set of files whose manifest
matches them: the old set or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from briefs.errors import OutputError

MANIFEST_NAME = "manifest.json"
STAGING_SUFFIX = ".staging"
RETIRED_SUFFIX = ".retired"

Kind = Literal["brief", "digest", "email"]
Entry = dict[str, Any]


@dataclass(frozen=True)
class Output:
    """A produced file: its path relative to the output folder, what it is, and its bytes."""

    path: str
    kind: Kind
    audience: str
    theme: str | None
    language: str
    format: str
    data: bytes
    details: tuple[tuple[str, Any], ...] = field(default=())
    beside: tuple[tuple[str, bytes], ...] = field(default=())
    """Files written with this one that the manifest does not list: (path, bytes), such as
    the overview's picture of a PDF's first page."""

    def manifest_entry(self, sha256: str | None = None) -> Entry:
        """Return this output's manifest record (`sha256`: its bytes' SHA-256, if known)."""
        return {
            "path": self.path,
            "sha256": sha256 or hashlib.sha256(self.data).hexdigest(),
            "bytes": len(self.data),
            "kind": self.kind,
            "audience": self.audience,
            "theme": self.theme,
            "language": self.language,
            "format": self.format,
            **dict(self.details),
        }


class Digests:
    """SHA-256 of one run's files, hashing once the bytes that a format's files all begin with.

    Every DOCX of a run begins with the same 460 KB: the embedded fonts come first in the zip,
    stamped with the run's date. So the common beginning of a format's first two files, if
    long, is hashed once, and each later file that begins with it (checked byte for byte)
    has only the rest hashed, from a copy of that hash's state: 0.2 ms less for each DOCX.
    A file that does not begin with it is hashed whole; the result is always the SHA-256 of
    all the bytes.
    """

    SHORTEST = 64 * 1024  # a shorter common beginning is not worth keeping
    BLOCK = 4096  # the common beginning is found, and kept, in whole blocks

    def __init__(self) -> None:
        self._first: dict[str, bytes] = {}
        self._prefixes: dict[str, tuple[bytes, Any] | None] = {}

    def sha256(self, kind: str, data: bytes) -> str:
        """Return the hex SHA-256 of data, one of the files of kind (e.g. a format)."""
        if kind not in self._prefixes:
            first = self._first.pop(kind, None)
            if first is None:
                self._first[kind] = data
                return hashlib.sha256(data).hexdigest()
            length = _common_length(first, data, self.BLOCK)
            prefix = data[:length] if length >= self.SHORTEST else None
            self._prefixes[kind] = (prefix, hashlib.sha256(prefix)) if prefix else None
        known = self._prefixes[kind]
        if known is None or not data.startswith(known[0]):
            return hashlib.sha256(data).hexdigest()
        prefix, state = known
        digest = state.copy()
        digest.update(memoryview(data)[len(prefix) :])
        return str(digest.hexdigest())


def _common_length(one: bytes, other: bytes, block: int) -> int:
    """Return how many whole blocks long the beginning two byte strings share is, in bytes."""
    length = 0
    end = min(len(one), len(other))
    while length + block <= end and one[length : length + block] == other[length : length + block]:
        length += block
    return length


@dataclass(frozen=True)
class Committed:
    """What a transaction changed: the manifest it wrote and the earlier files it removed."""

    entries: list[Entry]
    removed: list[str]


def conference_dir(out_dir: Path, conference_id: str) -> Path:
    """Return the folder of one conference's outputs."""
    return out_dir / conference_id


def manifest_path(out_dir: Path, conference_id: str) -> Path:
    """Return the manifest of one conference's outputs."""
    return conference_dir(out_dir, conference_id) / MANIFEST_NAME


def read_manifest(out_dir: Path, conference_id: str) -> list[Entry]:
    """Return the file records of a conference's manifest, or [] if there is none."""
    try:
        text = manifest_path(out_dir, conference_id).read_text(encoding="utf-8")
        files = json.loads(text).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [e for e in files if isinstance(e, dict) and isinstance(e.get("path"), str)]


def _test_hook(point: str) -> None:
    """Kill this process at a named point when a test asks (BRIEFS_TEST_KILL_AT=point)."""
    if os.environ.get("BRIEFS_TEST_KILL_AT") == point:
        os.kill(os.getpid(), 9)


class Transaction:
    """Collects one run's outputs in a staging folder; `commit` swaps them in atomically."""

    def __init__(self, out_dir: Path, conference_id: str, staging: Path) -> None:
        self.out_dir = out_dir
        self.conference_id = conference_id
        self.staging = staging
        self.entries: list[Entry] = []
        self._paths: set[str] = set()
        self._written_files: list[Path] = []  # synced to disk in one pass before the swap
        self._digests = Digests()
        self._folders: set[Path] = set()  # made in the staging folder by _write

    def add(self, output: Output) -> None:
        """Write one output (and the files beside it) into the staging folder now.

        Written at once, so memory stays flat however many outputs a run has; synced to disk
        only before the swap (see `_sync_staging`).
        """
        target = self._staged(output.path)
        if output.path in self._paths:
            raise OutputError(f"two outputs of one run would both be written to {output.path!r}")
        self._paths.add(output.path)
        self._write(target, output.data)
        self.entries.append(output.manifest_entry(self._digests.sha256(output.format, output.data)))
        for path, data in output.beside:
            if path not in self._paths:  # two identical PDFs share one thumbnail
                self._paths.add(path)
                self._write(self._staged(path), data)
        _test_hook("after-first-write")

    def _write(self, target: Path, data: bytes) -> None:
        folder = target.parent
        _write_file(target, data, make_folder=folder not in self._folders)
        self._folders.add(folder)
        self._written_files.append(target)

    def keep(self, entry: Entry) -> None:
        """Carry a file of the current folder into this run unchanged, as if written again.

        The file is linked (or copied) into the staging folder and its manifest entry is kept
        as it is: an incremental build keeps the documents whose inputs did not change.
        """
        path = str(entry["path"])
        target = self._staged(path)
        if path in self._paths:
            raise OutputError(f"two outputs of one run would both be written to {path!r}")
        self._paths.add(path)
        _link_or_copy(self.out_dir / path, target)
        self.entries.append(dict(entry))

    def unchanged(self, entry: Entry) -> bool:
        """Return whether an earlier entry's file is in the current folder with its bytes."""
        path = str(entry.get("path"))
        try:
            self._staged(path)
            data = (self.out_dir / path).read_bytes()
        except (OSError, OutputError):
            return False
        return hashlib.sha256(data).hexdigest() == entry.get("sha256")

    def _staged(self, path: str) -> Path:
        parts = PurePosixPath(path).parts
        if not parts or parts[0] != self.conference_id or ".." in parts or len(parts) < 2:
            raise OutputError(f"output path {path!r} is not inside {self.conference_id}/")
        return self.staging.joinpath(*parts[1:])

    def commit(
        self,
        replaces: Callable[[Entry], bool],
        date: str,
        stale: Callable[[Entry], bool] = lambda entry: False,
    ) -> Committed:
        """Keep what this run does not replace, write the manifest, swap the folders.

        If the run only kept files, removes none and its manifest is the one in place, the
        folder is left as it is (no swap): the files and manifest are the same already.

        Kept entries for which `stale` is true are marked `"stale": true` (an email draft whose
        attachments this run changed); a later run that writes them again clears the mark.
        """
        folder = conference_dir(self.out_dir, self.conference_id)
        previous = read_manifest(self.out_dir, self.conference_id)
        listed = {entry["path"] for entry in previous}
        kept = [
            {**e, "stale": True} if stale(e) else e
            for e in previous
            if e["path"] not in self._paths and not replaces(e)
        ]
        keep_paths = {entry["path"] for entry in kept}
        removed = sorted(listed - keep_paths - self._paths)
        entries = sorted(self.entries + kept, key=lambda entry: str(entry["path"]))
        manifest = {
            "generator": "briefs",
            "conference": self.conference_id,
            "date": date,
            "files": entries,
        }
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        if (
            not self._written_files
            and not removed
            and _read(manifest_path(self.out_dir, self.conference_id)) == text.encode("utf-8")
        ):
            return Committed(entries, removed)  # every file kept as it was: nothing to swap
        if folder.is_dir():
            for source in sorted(folder.rglob("*")):
                if source.is_dir() or (source.name == MANIFEST_NAME and source.parent == folder):
                    continue
                path = f"{self.conference_id}/{source.relative_to(folder).as_posix()}"
                if path in self._paths or (path in listed and path not in keep_paths):
                    continue
                _link_or_copy(source, self._staged(path))
        self._write(self.staging / MANIFEST_NAME, text.encode("utf-8"))
        _sync_staging(self.staging, self._written_files)
        _test_hook("before-swap")
        _swap_in(self.staging, folder)
        _test_hook("after-swap")
        return Committed(entries, removed)


@contextlib.contextmanager
def transaction(out_dir: Path, conference_id: str) -> Iterator[Transaction]:
    """Open a transaction on a conference's outputs; nothing changes unless it is committed."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {out_dir}: {exc.strerror or exc}") from exc
    with _locked(out_dir):
        recover(out_dir, conference_id)
        staging = out_dir / f".{conference_id}{STAGING_SUFFIX}"
        try:
            staging.mkdir()
        except OSError as exc:
            raise OutputError(f"cannot write {staging}: {exc.strerror or exc}") from exc
        try:
            yield Transaction(out_dir, conference_id, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            retired = out_dir / f".{conference_id}{RETIRED_SUFFIX}"
            shutil.rmtree(retired, ignore_errors=True)


def recover(out_dir: Path, conference_id: str) -> None:
    """Finish or undo what a killed run left: a half-made swap, staging and temporary files."""
    folder = conference_dir(out_dir, conference_id)
    retired = out_dir / f".{conference_id}{RETIRED_SUFFIX}"
    staging = out_dir / f".{conference_id}{STAGING_SUFFIX}"
    if not folder.exists() and retired.is_dir():
        os.replace(retired, folder)  # killed between the two renames: the old set comes back
    shutil.rmtree(retired, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    if folder.is_dir():
        for stray in folder.rglob(".briefs-*.tmp"):  # left by versions before staging folders
            stray.unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder; another run waits until it is released.

    On POSIX the folder itself is locked (flock on its descriptor), so no lock file is left
    behind; the lock goes with the process, also when it is killed.
    """
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        handle = os.open(out_dir / ".briefs.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    time.sleep(0.1)
            yield
        finally:
            os.close(handle)
        return
    import fcntl

    handle = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def atomic_write(path: Path, data: bytes) -> None:
    """Write one file outside a transaction (the send log): a synced temporary file, renamed."""
    temporary = path.with_name(f".{path.name}.briefs-tmp")
    try:
        _write_synced(temporary, data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _write_synced(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _write_file(path: Path, data: bytes, make_folder: bool = True) -> None:
    """Write a file into a staging folder, not yet synced (see `_sync_staging`), making its
    folder first unless the caller knows it is there."""
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    except OSError as exc:
        raise OutputError(f"cannot keep {source}: {exc.strerror or exc}") from exc


def _sync_staging(staging: Path, written: list[Path]) -> None:
    """Make the staging folder durable before it is swapped in: every file and folder of it.

    What crash safety needs: the rename that swaps the folders must not reach the disk before
    what the new folder holds — the bytes of the files this run wrote and the folder entries
    naming them and the files it linked (a crash would leave a folder of empty or missing
    files). The files need not reach the disk one by one as they are written, only all of
    them before the rename: so they are written unsynced and synced here, in one pass. On
    Linux that pass is one `syncfs` of the staging folder's file system (all dirty data and
    metadata of that file system, in one journal commit, instead of one commit per file);
    elsewhere, or if it fails, each written file and then each folder is fsynced. The swap
    itself is then synced through the parent folder (`_swap_in`).
    """
    if _syncfs(staging):
        return
    for path in written:
        try:
            handle = os.open(path, os.O_RDWR)  # Windows syncs only what is open for writing
        except OSError as exc:
            raise OutputError(f"cannot sync {path}: {exc.strerror or exc}") from exc
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    _sync_tree(staging)


def _syncfs(folder: Path) -> bool:
    """Sync the whole file system holding folder (Linux syncfs); False where unavailable."""
    if not sys.platform.startswith("linux") or os.environ.get("BRIEFS_TEST_NO_SYNCFS"):
        return False
    syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    if syncfs is None:
        return False
    handle = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(handle) == 0)
    finally:
        os.close(handle)


def _sync_tree(root: Path) -> None:
    """fsync every folder of a tree (so the entries naming its files are on disk)."""
    if sys.platform == "win32":  # pragma: no cover - folders cannot be opened there
        return
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _swap_in(staging: Path, folder: Path) -> None:
    """Make staging the folder; the old folder is left at staging's path (or retired)."""
    try:
        if not folder.exists():
            os.replace(staging, folder)
        elif not _exchange(staging, folder):
            retired = staging.with_name(staging.name.replace(STAGING_SUFFIX, RETIRED_SUFFIX))
            os.replace(folder, retired)
            _test_hook("between-renames")
            os.replace(staging, folder)
        _sync_tree_shallow(folder.parent)
    except OSError as exc:
        raise OutputError(f"cannot replace {folder}: {exc.strerror or exc}") from exc


def _sync_tree_shallow(folder: Path) -> None:
    if sys.platform != "win32":
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux renameat2; return False where that is unavailable."""
    if not sys.platform.startswith("linux") or os.environ.get("BRIEFS_TEST_NO_EXCHANGE"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)  # the running process's symbols include libc's
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)
