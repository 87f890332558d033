"""Rendering workers started as a build begins, so that they get ready while the data loads.

`briefs build` forks them before it reads and checks the conference: each imports the writers
and prepares them (reportlab, the fonts, the DOCX package, PDFium: about 70 ms) on another
core meanwhile, and is sent the loaded data with the documents it is given. The build then
renders on them and in its own process (see `briefs.build.iter_outputs`), which prepares its
own writers while the workers start on the first documents. Workers forked after loading, as
before, inherited the data but could only start preparing then.

A worker renders exactly the data the build loaded (it is sent, never read again) and checks
every output with the leak guard before sending it back, as any worker does. If the build
needs no worker after all (nothing changed, one document, a batch large enough for fresh
workers), they are stopped unused; when nothing seems to have changed since the last build,
they are not started (`worth_starting`).
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from briefs.build import BuildOptions, Job
    from briefs.models import ConferenceFile
    from briefs.outputs import Output


MOST_BY_DEFAULT = 7  # early workers without --jobs (with this process rendering: 8 renderers)


class EarlyWorkers:
    """A pool of warming workers and the data they render, once the build has loaded it."""

    def __init__(self, pool: Pool, count: int) -> None:
        self._pool = pool
        self.count = count
        self._data: tuple[str, bytes] | None = None
        self._stopping: threading.Thread | None = None

    def send(self, data: ConferenceFile) -> None:
        """Give the workers the loaded data (pickled once here, unpickled once per worker)."""
        blob = pickle.dumps(data, pickle.HIGHEST_PROTOCOL)
        self._data = (hashlib.sha256(blob).hexdigest(), blob)

    def submit(self, job: Job, options: BuildOptions) -> AsyncResult[list[Output]]:
        """Render a job's document in every format on a worker; its outputs come back."""
        assert self._data is not None, "send the data first"
        digest, blob = self._data
        return self._pool.apply_async(_render, (digest, blob, job, options))

    def release(self) -> None:
        """Start stopping the workers, whatever they are doing, and return at once.

        The build calls this as soon as it needs them no more; stopping them (about 7 ms of
        waiting for processes and the pool's threads to end) then overlaps what it does next.
        """
        if self._stopping is None:
            self._stopping = threading.Thread(target=self._pool.terminate, daemon=True)
            self._stopping.start()

    def stop(self) -> None:
        """Stop the workers and wait until they have ended."""
        self.release()
        assert self._stopping is not None
        self._stopping.join()


def worth_starting(out_dir: Path, inputs: Sequence[Path], force: bool) -> bool:
    """Return whether a build will probably render anything, guessed from modification times.

    Not if a manifest in the output folder is newer than every input (the data file, and the
    files in the template and catalog folders): then this is most likely a rebuild with
    nothing changed, and workers started now would only be stopped, having prepared writers
    for nothing on the other cores. Cheap and on the safe side: a build that does render
    after all renders without early workers, as fast as before they existed.
    """
    if force:
        return True
    try:
        manifests = [path.stat().st_mtime_ns for path in out_dir.glob("*/manifest.json")]
        if not manifests:
            return True
        files = [path for path in inputs if path.is_file()]
        for folder in (path for path in inputs if path.is_dir()):
            files += [path for path in folder.rglob("*") if path.is_file()]
        changed = [path.stat().st_mtime_ns for path in files]
    except OSError:  # a file removed while looked at, a folder that cannot be read: a guess
        return True
    return not changed or max(changed) >= max(manifests)


@contextmanager
def started(
    formats: Sequence[str], cache_dir: Path | None, jobs: int
) -> Iterator[EarlyWorkers | None]:
    """Start `jobs - 1` workers, stopped when the block ends.

    With `jobs` 0, one per core but one, and at most MOST_BY_DEFAULT: how many documents the
    build will render is not known yet, and each worker costs its preparation and about 50 MiB
    even if it renders nothing. None where they cannot be forked (Windows) or would not run
    beside this process (one core, `--jobs 1`): the build then renders as without them.
    """
    count = (jobs or min(os.cpu_count() or 1, MOST_BY_DEFAULT + 1)) - 1
    if count < 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    pool = multiprocessing.get_context("fork").Pool(count, _warm, (tuple(formats), cache_dir))
    workers = EarlyWorkers(pool, count)
    try:
        yield workers
    finally:
        workers.stop()


# What a worker holds: its writers, prepared while the build loads, and the data it was sent.
_WORKER: dict[str, Any] = {}


def _warm(formats: tuple[str, ...], cache_dir: Path | None) -> None:
    """Import the renderer and prepare the writers, in a worker, before any document is sent.

    Never raises: the pool would start the worker again, and again. What fails here is done
    again, and reported, with the first document.
    """
    from briefs.allocator import keep_freed_memory

    keep_freed_memory()  # as any worker: what a document frees is kept for the next
    try:
        from briefs.overview import thumbnails
        from briefs.writer_setup import writers_for

        _WORKER["writers"] = writers_for(formats, cache_dir)
        thumbnails.prepare()
    except Exception:  # see above
        pass
    gc.freeze()  # what it prepared lives as long as it does (see briefs.build._collecting)
    gc.enable()  # off in the `briefs` command that forked it: its own garbage is collected


def _render(digest: str, blob: bytes, job: Job, options: BuildOptions) -> list[Output]:
    """Render one job in a worker, with the data it was sent (unpickled once)."""
    from briefs.build import produce
    from briefs.guard import Guard
    from briefs.writer_setup import writers_for

    if _WORKER.get("digest") != digest:
        data = pickle.loads(blob)  # pickled by the build that forked this worker
        _WORKER.update(digest=digest, data=data, guard=Guard(data.secret_names()))
        gc.freeze()
    formats = options.written_formats()
    writers = _WORKER.get("writers")
    if writers is None or set(writers) != set(formats):
        writers = _WORKER["writers"] = writers_for(formats, options.resources.cache_dir)
    return produce(_WORKER["data"], job, options, _WORKER["guard"], writers)
