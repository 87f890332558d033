"""The overview page of a build: `out/<conference>/index.html`, one file that shows everything.

`sources` reads what a build left behind (manifest, send log), `thumbnails` draws page 1 of each
PDF, `page` assembles the typed model of the page, and `writing` renders and writes it.
"""
