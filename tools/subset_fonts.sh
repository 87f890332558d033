#!/usr/bin/env bash
# Regenerate src/briefs/fonts/ from Debian's fonts-noto-core (run once by a maintainer, not at build).
# Needs: apt-get install fonts-noto-core; pip install fonttools.
# The subset covers Latin (with Latin Extended A/B for Polish, Czech, Baltic...), Cyrillic
# (Ukrainian, Russian, Belarusian), combining marks and typographic punctuation; models.py
# rejects data text outside it, so the PDF can never show a missing-glyph box.
set -euo pipefail
src=${NOTO_DIR:-/usr/share/fonts/truetype/noto}
dst=$(dirname "$0")/../src/briefs/fonts
unicodes="U+0020-007E,U+00A0-024F,U+0259,U+02BB-02BC,U+02C6-02DD,U+0300-036F,U+0400-052F,U+1E00-1EFF,U+2000-200A,U+2010-2027,U+202F-205E,U+20A0-20C0,U+2116,U+2122,U+2190-2193,U+2212,U+25A0-25CF,U+FFFD"
for family in NotoSans NotoSerif; do
  for style in Regular Bold Italic BoldItalic; do
    pyftsubset "$src/$family-$style.ttf" --unicodes="$unicodes" --no-hinting \
      --layout-features='' --name-IDs='*' --output-file="$dst/$family-$style.ttf"
  done
done
