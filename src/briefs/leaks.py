"""The leak guard's former home; it lives in the `briefs.guard` package now."""

from briefs.guard import Guard, extract_texts

__all__ = ["Guard", "extract_texts"]
