"""File names readable for a recipient and safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
import unicodedata

MAX_STEM_CHARS = 80
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = re.compile(
    r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)[ .]*(\..*)?", re.IGNORECASE
)


def is_windows_reserved(name: str) -> bool:
    """Return whether Windows refuses name for a file or folder (CON, aux.txt, Com1 .pdf...).

    Windows reserves these device names in any case, with any extension, and ignores
    trailing spaces and dots before the extension.
    """
    return _WINDOWS_RESERVED.fullmatch(name.strip(" .")) is not None


def safe_filename(stem: str, suffix: str) -> str:
    """Return stem + suffix made safe: no separators or reserved names, NFC, at most 80 chars."""
    text = unicodedata.normalize("NFC", stem)
    text = _FORBIDDEN.sub(" ", text).replace("'", "’")
    text = " ".join(text.split())
    if len(text) > MAX_STEM_CHARS:
        cut = text[: MAX_STEM_CHARS - 1]
        if " " in cut[MAX_STEM_CHARS // 2 :]:
            cut = cut[: cut.rindex(" ")]  # end on a whole word
        text = cut.rstrip(" .,;:–-") + "…"
    text = text.strip(" .")
    if not text or is_windows_reserved(text + suffix):
        text = f"_{text}" if text else "brief"
    return text + suffix
