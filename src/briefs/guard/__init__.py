"""The leak guard: protected names must not reach any output, file name or message.

- `skeleton`: folds disguises away (confusables, invisible characters, diacritics, case, spacing)
- `matching`: one pattern per listed name, with inflections and transliterations
- `readers`: every text of a file, per file type, recursively through containers
- `scanning`: the `Guard` that finds, masks and reports
"""

from briefs.guard.readers import Unreadable, extract_texts
from briefs.guard.scanning import MASK, FolderCheck, Guard

__all__ = ["MASK", "FolderCheck", "Guard", "Unreadable", "extract_texts"]
