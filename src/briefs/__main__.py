"""Allow `python -m briefs`."""

from briefs.cli import run

run()
