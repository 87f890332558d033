"""Texts the writer tests look for: Polish, Cyrillic and markup characters."""

POLISH = "Zażółć gęślą jaźń — Ministerstwo Spraw Zagranicznych"
CYRILLIC = "Съешь же ещё этих мягких французских булок, ґедзь і їжак"
MARKUP = "<b>not bold</b> & <i>not italic</i> # not a heading"
