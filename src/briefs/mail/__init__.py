"""Email: compose drafts from built briefs, check them, and send each content once.

compose.py   one draft (RFC 5322) for one audience, headers built so data cannot inject any
drafts.py    one draft per audience from the files a build left in the output directory
send.py      SMTP delivery with a dry run
"""
