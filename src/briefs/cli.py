"""The `briefs` command line: parses arguments, calls the library, and owns the exit codes."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefs import __version__
from briefs.errors import (
    BriefsError,
    DataError,
    LeakError,
    OutputError,
    SelectionError,
    TranslationError,
)

if TYPE_CHECKING:
    from briefs.mail.outbox import Outgoing

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INVALID = 2
EXIT_OUTPUT = 3
EXIT_LEAK = 4

_out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Output directory: briefs, drafts and manifest.json.",
)
_audience_option = click.option(
    "--audience", "audiences", multiple=True, metavar="ID", help="Only this audience (repeatable)."
)
_data_argument = click.argument(
    "data", required=False, type=click.Path(path_type=Path, dir_okay=False)
)


def _exit_code(error: BriefsError) -> int:
    if isinstance(error, LeakError):
        return EXIT_LEAK
    if isinstance(error, OutputError):
        return EXIT_OUTPUT
    if isinstance(error, DataError | SelectionError | TranslationError):
        return EXIT_INVALID
    return EXIT_INTERNAL


class _Group(click.Group):
    """Turns known errors into clear lines and exit codes; tracebacks only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefsError as error:
            if ctx.meta.get("debug"):
                traceback.print_exc()
            for line in error.lines():
                click.echo(f"error: {line}" if not isinstance(error, DataError) else line, err=True)
            if isinstance(error, DataError):
                count = len(error.problems)
                click.echo(f"{count} problem{'s' if count != 1 else ''} found", err=True)
            ctx.exit(_exit_code(error))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `briefs … | head`: the reader left; stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_INTERNAL)
        except Exception as error:  # a bug: say so, keep the traceback behind --debug
            if ctx.meta.get("debug"):
                raise
            click.echo(f"internal error: {type(error).__name__}: {error}", err=True)
            click.echo("rerun with --debug for the traceback, and please report it", err=True)
            ctx.exit(EXIT_INTERNAL)


def _load(data: Path | None) -> Any:
    from briefs.loading import load_conference
    from briefs.resources import default_data_file, display_path

    path = data if data is not None else default_data_file()
    return load_conference(path, display_path(path))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="briefs")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn a conference's conclusions into localized advocacy briefs for ministries.

    DATA is a conference file (.yaml or .json); without it, the bundled Berlin 2024
    conference is used. Exit codes: 0 ok, 1 internal error, 2 invalid input,
    3 output could not be written, 4 a protected name leaked into an output.
    """
    ctx.meta["debug"] = debug


@cli.command()
@_data_argument
def validate(data: Path | None) -> None:
    """Check a conference file and print a one-screen summary."""
    from briefs.summary import summarize

    conference = _load(data)
    for line in summarize(conference):
        click.echo(line)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the conference data format."""
    from briefs.models import ConferenceFile

    document = ConferenceFile.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "briefs conference file"
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@cli.command()
@_data_argument
@_out_option
@_audience_option
@click.option(
    "--theme",
    "themes",
    multiple=True,
    metavar="ID",
    help="Only this theme, even for audiences not interested in it (repeatable); no digests.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["docx", "pdf"]),
    help="Only this format (repeatable; default: both).",
)
@click.option(
    "--date",
    "build_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date printed on the briefs (default: SOURCE_DATE_EPOCH or today).",
)
@click.option(
    "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per core)."
)
@click.option(
    "--strict", is_flag=True, help="Refuse to build when a needed translation is missing or fuzzy."
)
def build(
    data: Path | None,
    out_dir: Path,
    audiences: tuple[str, ...],
    themes: tuple[str, ...],
    formats: tuple[str, ...],
    build_date: Any,
    jobs: int,
    strict: bool,
) -> None:
    """Render theme briefs and digests as DOCX and PDF into the output directory."""
    from briefs.build import (
        BuildOptions,
        build_date_from_environment,
        plan,
        render_all,
        summarize_outputs,
        write_outputs,
    )

    conference = _load(data)
    options = BuildOptions(
        audiences=audiences,
        themes=themes,
        formats=formats or ("docx", "pdf"),
        build_date=build_date_from_environment(build_date.date() if build_date else None),
        jobs=jobs,
    )
    jobs_planned = plan(conference, options)
    _check_translations(
        conference, {conference.audience(job.audience).language for job in jobs_planned}, strict
    )
    with click.progressbar(
        length=len(jobs_planned), label="rendering briefs", file=sys.stderr
    ) as bar:
        outputs = render_all(conference, jobs_planned, options, progress=bar.update)
    removed = write_outputs(out_dir, outputs, options.build_date)
    audience_count = len({output.audience for output in outputs})
    click.echo(
        f"wrote {len(outputs)} files for {audience_count} "
        f"audience{'s' if audience_count != 1 else ''} into {out_dir}/ "
        f"(manifest: {out_dir / 'manifest.json'})"
    )
    for line in summarize_outputs(outputs):
        click.echo(line)
    if removed:
        click.echo(f"removed {len(removed)} outdated file(s) from an earlier build")


@cli.command()
@_data_argument
@_out_option
@_audience_option
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["pdf", "docx"]),
    help="Attach this format (repeatable; default: pdf).",
)
@click.option(
    "--warn-size",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    help="Warn when a message's attachments exceed this many MB.",
)
@click.option(
    "--max-size",
    type=click.FloatRange(min=0),
    default=20.0,
    show_default=True,
    help="Refuse a message whose attachments exceed this many MB.",
)
def email(
    data: Path | None,
    out_dir: Path,
    audiences: tuple[str, ...],
    formats: tuple[str, ...],
    warn_size: float,
    max_size: float,
) -> None:
    """Write an email draft (.eml) per audience with its briefs attached, ready to send."""
    from briefs.build import write_outputs
    from briefs.mail.drafts import MEGABYTE, EmailOptions, draft_emails, email_moment

    conference = _load(data)
    options = EmailOptions(
        audiences=audiences,
        formats=formats or ("pdf",),
        warn_bytes=int(warn_size * MEGABYTE),
        max_bytes=int(max_size * MEGABYTE),
    )
    moment = email_moment()
    outputs, drafts = draft_emails(out_dir, conference, options, moment, warn=_warn)
    drafted = {output.audience for output in outputs}
    write_outputs(
        out_dir,
        outputs,
        moment.date(),
        replaces=lambda e: e.get("kind") == "email" and e.get("audience") in drafted,
    )
    for output, draft in zip(outputs, drafts, strict=True):
        click.echo(
            f"{out_dir / output.path}: to {', '.join(draft.recipients)}, "
            f"{len(draft.attachments)} attachments"
        )


TEST_EXIT_AFTER_SENDS = "BRIEFS_TEST_EXIT_AFTER_SENDS"
"""Test hook (the only one): `send` calls os._exit(75) right after logging the N-th message."""


@cli.command()
@_data_argument
@_out_option
@_audience_option
@click.option(
    "--smtp",
    "server",
    metavar="HOST:PORT",
    default="localhost:25",
    show_default=True,
    help="SMTP server.",
)
@click.option(
    "--starttls", "security", flag_value="starttls", help="Upgrade the connection with STARTTLS."
)
@click.option(
    "--ssl", "security", flag_value="ssl", help="Connect with TLS from the start (port 465)."
)
@click.option(
    "--user", help="SMTP user; the password comes from $BRIEFS_SMTP_PASSWORD or a prompt."
)
@click.option(
    "--resend-changed",
    is_flag=True,
    help="Also send drafts whose content differs from what their ministry last received.",
)
@click.option("--yes", is_flag=True, help="Really send. Without it, only show what would be sent.")
def send(
    data: Path | None,
    out_dir: Path,
    audiences: tuple[str, ...],
    server: str,
    security: str | None,
    user: str | None,
    resend_changed: bool,
    yes: bool,
) -> None:
    """Send the email drafts; a dry run unless --yes. The same content never goes twice.

    Before anything is sent, every draft and attachment is checked against the manifest and
    the leak guard runs again over each draft.
    """
    from briefs.leaks import Guard
    from briefs.mail.outbox import load_outbox
    from briefs.mail.send import describe, parse_smtp_address, plan_sends
    from briefs.mail.sendlog import SentLog, send_lock

    conference = _load(data)
    host, port = parse_smtp_address(server)
    known = sorted(audience.id for audience in conference.audiences)
    for audience_id in audiences:
        if audience_id not in known:
            raise SelectionError(f"unknown audience {audience_id!r} (known: {', '.join(known)})")
    guard = Guard(conference.secret_names())
    outbox = load_outbox(out_dir, conference.conference.id, audiences, guard)
    if not yes:
        plans = plan_sends(outbox, SentLog.read(out_dir))
        for plan in plans:
            for line in describe(plan, resend_changed):
                click.echo(line)
        click.echo(f"dry run: nothing was sent; add --yes to send via {host}:{port}")
        return
    with send_lock(out_dir):
        _send_checked(outbox, out_dir, host, port, security, user, resend_changed)


def _send_checked(
    outbox: list[Outgoing],
    out_dir: Path,
    host: str,
    port: int,
    security: str | None,
    user: str | None,
    resend_changed: bool,
) -> None:
    from briefs.mail.send import SmtpSettings, describe, plan_sends, send_planned
    from briefs.mail.sendlog import SentLog

    log = SentLog.read(out_dir)  # read under the lock: what another send just logged counts
    plans = plan_sends(outbox, log)
    held = [plan for plan in plans if plan.changed and not resend_changed]
    if held:
        raise SelectionError(
            "\n  ".join(
                [
                    f"{len(held)} draft(s) differ from what their ministry last received; "
                    "nothing was sent:",
                    *(
                        f"{plan.item.path} (last send: {plan.previous.sent_at})"
                        for plan in held
                        if plan.previous is not None
                    ),
                    "see what changed with 'briefs send' (a dry run), then add "
                    "--resend-changed to send them, or leave them out with --audience",
                ]
            )
        )
    for plan in plans:
        if not plan.pending:
            click.echo(describe(plan, resend_changed)[0])
    password = None
    if user:
        password = os.environ.get("BRIEFS_SMTP_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise SelectionError("--user needs a password: set BRIEFS_SMTP_PASSWORD")
            password = click.prompt(f"SMTP password for {user}", hide_input=True)
    settings = SmtpSettings(host, port, security or "none", user, password)
    sent, failures = send_planned(
        plans, settings, log, report=click.echo, after_each=_test_exit_hook()
    )
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    click.echo(
        f"sent {sent} message(s); {len(failures)} failed"
        + ("; rerun to retry them" if failures else "")
    )
    if failures:
        raise click.exceptions.Exit(EXIT_OUTPUT)


def _test_exit_hook() -> Callable[[int], None]:
    """Return what `send` calls after each logged message: nothing, unless the test hook is set."""
    limit = os.environ.get(TEST_EXIT_AFTER_SENDS, "")
    if not limit.isdigit():
        return lambda count: None

    def exit_after(count: int) -> None:
        if count >= int(limit):
            sys.stdout.flush()
            os._exit(75)

    return exit_after


@cli.command(name="check-leaks")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--data",
    "data",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Conference file whose protected names to look for (default: the bundled one).",
)
def check_leaks(directory: Path, data: Path | None) -> None:
    """Search every file under DIRECTORY (text and metadata) for protected names and aliases."""
    from briefs.leaks import Guard

    conference = _load(data)
    secrets = conference.secret_names()
    findings = Guard(secrets).scan_directory(directory)
    if findings:
        raise LeakError(findings)
    count = sum(1 for p in directory.rglob("*") if p.is_file())
    click.echo(
        f"no protected name found in {count} files under {directory} ({len(secrets)} names checked)"
    )


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _message_labeller(conference: Any) -> Callable[[str, str | None], str]:
    """Return a function naming a message for the log, withholding texts with protected names."""
    from briefs.catalogs import label
    from briefs.leaks import Guard

    guard = Guard(conference.secret_names())

    def shown(msgid: str, context: str | None) -> str:
        if guard.find(msgid):  # the whole text: a shortened label could cut a name in half
            return f"[{context}] (text withheld: it contains a protected name)"
        return label(msgid, context)

    return shown


def _check_translations(conference: Any, languages: set[str], strict: bool) -> None:
    """Refuse (strict) or warn once per message when a language's catalogs have gaps."""
    from briefs.catalogs import statuses
    from briefs.resources import resource_dir

    shown = _message_labeller(conference)
    gaps = []
    for status in statuses(resource_dir("locales"), conference, only=sorted(languages)):
        where = f"{status.language}: {status.domain}"
        gaps += [f"{where}: missing translation {shown(*needed)}" for needed in status.missing]
        gaps += [f"{where}: fuzzy translation {shown(*needed)}" for needed in status.fuzzy]
    if gaps and strict:
        raise TranslationError(gaps)
    for gap in gaps:
        click.echo(f"warning: {gap}; the English text is used", err=True)


@cli.group()
def i18n() -> None:
    """Manage the translation catalogs in locales/ (templates and conference content)."""


_locales_option = click.option(
    "--locales",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Catalog directory (default: the project's locales/).",
)


def _locales(locales: Path | None) -> Path:
    from briefs.resources import resource_dir

    return locales or resource_dir("locales")


@i18n.command()
@_data_argument
@_locales_option
def extract(data: Path | None, locales: Path | None) -> None:
    """Write the templates briefs.pot (templates, code) and content.pot (DATA's texts)."""
    from briefs.catalogs import extract_content, extract_templates, template_path, write_catalog
    from briefs.localization import CONTENT_DOMAIN, TEMPLATE_DOMAIN
    from briefs.resources import display_path, resource_dir

    directory = _locales(locales)
    root = resource_dir("templates").parent
    if not (root / "babel.cfg").is_file():
        raise OutputError(f"no babel.cfg in {root}: run extract in a source checkout")
    conference = _load(data)
    source = display_path(data) if data else "data/" + (data or Path("berlin-2024.yaml")).name
    templates = extract_templates(root)
    content = extract_content(conference, source)  # may refuse: then nothing is written
    write_catalog(templates, template_path(directory, TEMPLATE_DOMAIN), template=True)
    write_catalog(content, template_path(directory, CONTENT_DOMAIN), template=True)
    written = [template_path(directory, domain) for domain in (TEMPLATE_DOMAIN, CONTENT_DOMAIN)]
    click.echo(f"wrote {written[0]} and {written[1]}")


@i18n.command()
@click.argument("language")
@_locales_option
def init(language: str, locales: Path | None) -> None:
    """Start catalogs for a new LANGUAGE (e.g. uk) from the templates."""
    from briefs.catalogs import init_language

    for path in init_language(_locales(locales), language):
        click.echo(f"created {path}")


@i18n.command()
@_locales_option
def update(locales: Path | None) -> None:
    """Merge the templates into every language; changed source texts become fuzzy."""
    from briefs.catalogs import update_languages

    for path in update_languages(_locales(locales)):
        click.echo(f"updated {path}")


@i18n.command(name="compile")
@_locales_option
def compile_(locales: Path | None) -> None:
    """Check every catalog and write .mo files (builds compile in memory and do not need them)."""
    from briefs.catalogs import compile_languages

    for path in compile_languages(_locales(locales)):
        click.echo(f"compiled {path}")


@i18n.command()
@_data_argument
@_locales_option
@click.option("--check", is_flag=True, help="Exit 2 when anything is missing or fuzzy.")
@click.option("--verbose", "-v", is_flag=True, help="List each missing or fuzzy message.")
def status(data: Path | None, locales: Path | None, check: bool, verbose: bool) -> None:
    """Show translation coverage per language and catalog."""
    from briefs.catalogs import statuses

    conference = _load(data)
    shown = _message_labeller(conference)
    complete = True
    click.echo(
        f"{'language':<9} {'catalog':<8} {'translated':>11} {'fuzzy':>6} {'missing':>8}   coverage"
    )
    for entry in statuses(_locales(locales), conference):
        complete &= entry.complete
        click.echo(
            f"{entry.language:<9} {entry.domain:<8} {entry.translated:>5} / {entry.total:<4}"
            f"{len(entry.fuzzy):>6} {len(entry.missing):>8}   {entry.percent:6.1f} %"
        )
        if verbose:
            for needed in entry.fuzzy:
                click.echo(f"    fuzzy   {shown(*needed)}")
            for needed in entry.missing:
                click.echo(f"    missing {shown(*needed)}")
    if check and not complete:
        click.echo("translations are incomplete", err=True)
        raise click.exceptions.Exit(EXIT_INVALID)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    try:
        # without standalone mode, click returns the exit code of ctx.exit() instead of raising
        result = cli.main(args=argv, prog_name="briefs", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return EXIT_INVALID
    except click.Abort:
        click.echo("aborted", err=True)
        return 130
    return result if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
