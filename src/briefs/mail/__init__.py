"""Email: compose drafts from built briefs, check them, and send each content once.

compose.py   one draft (RFC 5322) for one audience
headers.py   header values built token by token, so data can neither inject nor split one
drafts.py    one draft per audience from the files a build left in the output directory
outbox.py    the drafts of an output directory, checked against the manifest and the leak guard
send.py      what goes to whom (a dry run) and SMTP delivery
sendlog.py   sent.json: what each address received (by content digest) and when
"""
