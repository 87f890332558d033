"""How the C allocator keeps the memory rendering frees, so the next document reuses it."""

from __future__ import annotations

import ctypes
import sys

_M_TRIM_THRESHOLD = -1  # glibc's malloc.h
_M_MMAP_THRESHOLD = -3
HEAP_BLOCKS_UP_TO = 4 * 1024 * 1024
"""Blocks up to this size come from the heap and go back to it (default: 128 KB)."""
TRIM_ABOVE = 64 * 1024 * 1024
"""Free memory at the top of the heap is given back to the system above this (default: 128 KB)."""


def keep_freed_memory() -> bool:
    """Let glibc's malloc keep the memory a document frees for the next, for the process's life.

    By default glibc takes each block of 128 KB or more (a DOCX's half a megabyte, the zip it
    is assembled from, a PDF's bytes) straight from the kernel and gives it back when freed,
    and gives back the top of the heap as soon as 128 KB of it are free: so every document's
    large buffers were fresh pages, each zeroed by the kernel at its first touch (66,000
    page faults for 240 documents; 20,000 with these settings, about 0.3 ms of CPU less a
    document). The largest heap, and so the peak memory, stays what it was: what is kept is
    reused. Returns whether the settings took (False where the C library is not glibc).

    Called where documents are rendered: by a build's workers, and by the `briefs` command's
    own process when it renders (`BuildOptions.keep_freed_memory`), not when it only writes
    what workers send (large blocks from the heap made that process's peak grow at 2,000
    documents, 141 MiB against 129). A program rendering through the API keeps its settings.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_ABOVE)
    )
