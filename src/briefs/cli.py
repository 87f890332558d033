"""The `briefs` command line: parses arguments, calls the library, and owns the exit codes."""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

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
from briefs.writers import FORMATS

if TYPE_CHECKING:
    from briefs.mail.outbox import Outgoing

ATTACHABLE = ("pdf", "docx")
"""The formats an email may attach (the HTML preview is for the overview only)."""

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INVALID = 2
EXIT_OUTPUT = 3
EXIT_LEAK = 4

_out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output directory (default: the workspace's out/); one folder per conference.",
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


def _remember_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["debug"] = True  # meta is shared by the whole command chain


class _Command(click.Command):
    """A subcommand that also accepts --debug after its name: `briefs validate f.yaml --debug`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(
            click.Option(
                ["--debug"],
                is_flag=True,
                expose_value=False,
                callback=_remember_debug,
                help="Show tracebacks for errors.",
            )
        )


class _Group(click.Group):
    """Turns known errors into clear lines and exit codes; tracebacks only with --debug."""

    command_class = _Command
    group_class = type  # subgroups (i18n) are _Groups too, so their commands take --debug

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefsError as error:
            if ctx.meta.get("debug"):
                traceback.print_exc()
            for line in error.lines():
                _echo(f"error: {line}" if not isinstance(error, DataError) else line, err=True)
            if isinstance(error, DataError):
                count = len(error.problems)
                _echo(f"{count} problem{'s' if count != 1 else ''} found", err=True)
            ctx.exit(_exit_code(error))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            _echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `briefs … | head`: the reader left; stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_INTERNAL)
        except Exception as error:  # a bug: say so, keep the traceback behind --debug
            if ctx.meta.get("debug"):
                raise
            _echo(f"internal error: {type(error).__name__}: {error}", err=True)
            _echo("rerun with --debug for the traceback, and please report it", err=True)
            ctx.exit(EXIT_INTERNAL)


def _echo(message: str, err: bool = False) -> None:
    """Print one line; every line briefs prints passes here, with protected names masked."""
    context = click.get_current_context(silent=True)
    guard = context.meta.get("guard") if context is not None else None
    click.echo(guard.mask(message) if guard else message, err=err)


def _workspace() -> Any:
    """Return the workspace of the current directory (found once per command)."""
    from briefs.workspace import find_workspace

    ctx = click.get_current_context()
    root = ctx.find_root()
    if "workspace" not in root.meta:
        root.meta["workspace"] = find_workspace(Path.cwd())
    return root.meta["workspace"]


def _data_file(data: Path | None) -> Path:
    return data if data is not None else Path(_workspace().conference_file())


def _load(data: Path | None) -> Any:
    from briefs.guard import Guard
    from briefs.loading import load_conference
    from briefs.resources import display_path

    path = _data_file(data)
    conference = load_conference(path, display_path(path))
    click.get_current_context().meta.update(
        guard=Guard(conference.secret_names()), source=display_path(path)
    )
    return conference


def _cache_dir() -> Path:
    """Return where compiled catalogs and templates are kept between runs: the user's cache.

    Not under the output folder, which is shared: it must hold nothing but what passed the
    leak guard.
    """
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefs"))


def _out(out_dir: Path | None) -> Path:
    return out_dir if out_dir is not None else Path(_workspace().out_dir)


def _data_argument_text(data: Path | None) -> str:
    """Return how the user names the conference file in commands we suggest."""
    from briefs.resources import display_path

    return display_path(_data_file(data))


@contextlib.contextmanager
def _leaks_traced(conference: Any, languages: set[str]) -> Iterator[None]:
    """Add to a leak error the data fields and translations whose text holds the name."""
    try:
        yield
    except LeakError as error:
        from briefs.guard import Guard
        from briefs.guard.sources import leak_sources
        from briefs.i18n.content import localize_content
        from briefs.i18n.localization import content_domain
        from briefs.loading import format_location

        resources = _workspace().resources
        domain = content_domain(conference.conference.id)
        translated = {}
        for language in sorted(languages):
            with contextlib.suppress(BriefsError):
                localized = localize_content(conference, language, resources)
                catalog = resources.catalog(language, domain)
                translated[str(catalog or language)] = localized.model_dump()
        source = click.get_current_context().meta.get("source", "the data")
        guard = Guard(conference.secret_names())
        lines = [
            f"{catalog}: translation of {format_location(location)}: holds a protected name"
            if catalog
            else f"{source}: {format_location(location)}: holds a protected name"
            for catalog, location in leak_sources(guard, conference.model_dump(), translated)
        ]
        raise LeakError(
            error.findings
            + (lines or ["no data field or translation holds it: look at the templates"])
        ) from None


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
    """Check a conference file and print a one-screen summary.

    \b
    Examples:
      briefs validate
      briefs validate data/brussels-2025.yaml
    """
    from briefs.i18n.coverage import coverage, incomplete_message
    from briefs.summary import summarize

    conference = _load(data)
    for line in summarize(conference):
        _echo(line)
    resources = dataclasses.replace(_workspace().resources, cache_dir=_cache_dir())
    languages = coverage(conference, resources)  # catalogs indexed in the cache
    if languages:
        _echo("  translations:")
    for found in languages:
        _echo(f"    {found.summary()}")
    for found in languages:
        if not found.complete:
            _warn(incomplete_message(found, _data_argument_text(data), strict=False))


@cli.command(name="init")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--conference",
    "conference_id",
    metavar="ID",
    default=None,
    help="Id of the conference to start (default: my-conference).",
)
def init_workspace(directory: Path | None, conference_id: str | None) -> None:
    """Start a workspace in DIRECTORY, or a new conference in the current workspace.

    \b
    Examples:
      briefs init my-platform                  a new workspace with a starter conference
      briefs init --conference brussels-2025   another conference in this workspace
    """
    import datetime as dt
    import re

    from briefs.resources import display_path
    from briefs.workspace import create_conference, create_workspace

    conference_id = conference_id or "my-conference"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", conference_id):
        raise SelectionError(
            f"conference id {conference_id!r}: use lowercase letters, digits and hyphens, "
            "at most 40 characters, e.g. 'brussels-2025'"
        )
    today = dt.date.today().isoformat()
    workspace = _workspace()
    if directory is None and not workspace.bundled:
        path = create_conference(workspace.data_dir, conference_id, today)
        _echo(f"created {display_path(path)}")
        root = workspace.root
    else:
        root = directory or Path.cwd()
        for path in create_workspace(root, conference_id, today):
            _echo(f"created {display_path(path)}")
    data = display_path(root / "data" / f"{conference_id}.yaml")
    _echo("next steps:")
    if directory is not None:
        _echo(f"  cd {display_path(root)}")
        data = f"data/{conference_id}.yaml"
    _echo(f"  edit {data}: replace every [BRACKETED] text with your own")
    _echo(f"  briefs validate {data}")
    _echo(f"  briefs build {data}      (then open out/{conference_id}/)")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the conference data format.

    \b
    Examples:
      briefs schema > conference.schema.json
    """
    from briefs.models import AudienceReference, ConferenceFile

    document = ConferenceFile.model_json_schema()
    reference = AudienceReference.model_json_schema()
    document["$defs"].update(reference.pop("$defs", {}))
    document["$defs"]["AudienceReference"] = reference
    document["properties"]["audiences"]["items"] = {  # in full, or by id from the registry
        "anyOf": [{"$ref": "#/$defs/Audience"}, {"$ref": "#/$defs/AudienceReference"}]
    }
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "briefs conference file"
    _echo(json.dumps(document, indent=2, ensure_ascii=False))


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
    type=click.Choice(list(FORMATS)),
    help="Only this format (repeatable; default: docx and pdf). The HTML preview the overview "
    "links is always written.",
)
@click.option(
    "--date",
    "build_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date printed on the briefs (default: SOURCE_DATE_EPOCH or today).",
)
@click.option(
    "--jobs", type=click.IntRange(min=0), default=0, help="Processes that render (0: one per core)."
)
@click.option(
    "--strict", is_flag=True, help="Refuse to build when a needed translation is missing or fuzzy."
)
@click.option(
    "--force", is_flag=True, help="Rebuild every document, also those whose inputs did not change."
)
def build(
    data: Path | None,
    out_dir: Path | None,
    audiences: tuple[str, ...],
    themes: tuple[str, ...],
    formats: tuple[str, ...],
    build_date: Any,
    jobs: int,
    strict: bool,
    force: bool,
) -> None:
    """Render theme briefs and digests as DOCX and PDF into the output directory.

    A rebuild renders only the documents whose inputs (data, catalogs, templates, code, date)
    changed; the others keep their files. Compiled catalogs and templates are cached in the
    user's cache folder (e.g. ~/.cache/briefs).

    \b
    Examples:
      briefs build
      briefs build data/brussels-2025.yaml --strict
      briefs build --audience de-mfa --format pdf --date 2025-01-15
      briefs build --force
    """
    from briefs import early_workers
    from briefs.build import (
        BuildOptions,
        build_date_from_environment,
        build_outputs,
        plan,
        summarize_outputs,
    )
    from briefs.outputs import manifest_path

    out_dir = _out(out_dir)
    resources = dataclasses.replace(_workspace().resources, cache_dir=_cache_dir())
    options = BuildOptions(
        audiences=audiences,
        themes=themes,
        formats=formats or ("docx", "pdf"),
        build_date=build_date_from_environment(build_date.date() if build_date else None),
        jobs=jobs,
        resources=resources,
        force=force,
        thumbnails=True,  # drawn as each PDF is made, for the overview written after
        keep_freed_memory=True,  # this process is the command's own
    )
    # rendering workers get ready on the other cores while the data loads (unless nothing
    # seems to have changed since the last build)
    inputs = [_data_file(data), *resources.template_dirs, *resources.catalog_dirs]
    early = None
    if early_workers.worth_starting(out_dir, inputs, force):
        early = click.get_current_context().with_resource(
            early_workers.started(options.written_formats(), resources.cache_dir, jobs)
        )
    conference = _load(data)
    jobs_planned = plan(conference, options)
    needed = sorted({conference.audience(job.audience).language for job in jobs_planned})
    gaps = _check_translations(conference, needed, strict, _data_argument_text(data))
    options = dataclasses.replace(options, gaps=gaps)
    with (
        click.progressbar(
            length=len(jobs_planned), label="rendering briefs", file=sys.stderr
        ) as bar,
        _leaks_traced(conference, set(needed)),
    ):
        result = build_outputs(conference, options, out_dir, progress=bar.update, early=early)
    from briefs.resources import display_path

    audience_count = len({entry["audience"] for entry in result.written})
    folder = display_path(out_dir / conference.conference.id)
    _echo(
        f"wrote {len(result.written)} files for {audience_count} "
        f"audience{'s' if audience_count != 1 else ''} into {folder}/ "
        f"(manifest: {display_path(manifest_path(out_dir, conference.conference.id))})"
    )
    for line in summarize_outputs(result.written):
        _echo(line)
    _echo(f"rebuilt {result.rebuilt} documents, kept {result.kept} unchanged")
    for path in result.removed:
        _echo(f"removed {path}: this selection no longer produces it")
    if result.stale_drafts:
        _warn(
            f"{len(result.stale_drafts)} email draft(s) attach briefs that changed and are now "
            f"stale; run 'briefs email' to redraft them: {', '.join(result.stale_drafts)}"
        )
    # every file of the run was just written or checked against the manifest: not read again
    _write_overview(
        out_dir, conference, options.build_date, verified=[e["path"] for e in result.written]
    )


@cli.command()
@_data_argument
@_out_option
@_audience_option
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice([name for name in FORMATS if name in ATTACHABLE]),
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
    out_dir: Path | None,
    audiences: tuple[str, ...],
    formats: tuple[str, ...],
    warn_size: float,
    max_size: float,
) -> None:
    """Write an email draft (.eml) per audience with its briefs attached, ready to send.

    \b
    Examples:
      briefs email
      briefs email --audience pl-msz --format pdf --format docx
    """
    from briefs.mail.drafts import MEGABYTE, EmailOptions, draft_emails, email_moment, write_drafts
    from briefs.resources import display_path

    conference = _load(data)
    out_dir = _out(out_dir)
    options = EmailOptions(
        audiences=audiences,
        formats=formats or ("pdf",),
        warn_bytes=int(warn_size * MEGABYTE),
        max_bytes=int(max_size * MEGABYTE),
        resources=_workspace().resources,
    )
    moment = email_moment()
    warned: list[str] = []

    def warn(message: str) -> None:
        warned.append(message)
        _warn(message)

    with _leaks_traced(conference, {audience.language for audience in conference.audiences}):
        outputs, drafts = draft_emails(out_dir, conference, options, moment, warn=warn)
    write_drafts(out_dir, conference.conference.id, outputs, moment)
    _write_overview(out_dir, conference, moment.date(), warned)
    for output, draft in zip(outputs, drafts, strict=True):
        _echo(
            f"{display_path(out_dir / output.path)}: to {', '.join(draft.recipients)}, "
            f"{len(draft.attachments)} attachments"
        )
    _write_overview(out_dir, conference, moment.date(), warned)


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
    out_dir: Path | None,
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

    \b
    Examples:
      briefs send                                  (a dry run: who gets what)
      briefs send --smtp smtp.example.org:587 --starttls --user me --yes
    """
    from briefs.guard import Guard
    from briefs.mail.outbox import load_outbox
    from briefs.mail.send import describe, parse_smtp_address, plan_sends
    from briefs.mail.sendlog import SentLog, send_lock

    conference = _load(data)
    host, port = parse_smtp_address(server)
    out_dir = _out(out_dir)
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
                _echo(line)
        _echo(f"dry run: nothing was sent; add --yes to send via {host}:{port}")
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
            _echo(describe(plan, resend_changed)[0])
    password = None
    if user:
        password = os.environ.get("BRIEFS_SMTP_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise SelectionError("--user needs a password: set BRIEFS_SMTP_PASSWORD")
            password = click.prompt(f"SMTP password for {user}", hide_input=True)
    settings = SmtpSettings(host, port, security or "none", user, password)
    sent, failures = send_planned(plans, settings, log, report=_echo, after_each=_test_exit_hook())
    for failure in failures:
        _echo(f"error: {failure}", err=True)
    _echo(
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
@click.option(
    "--allow-unchecked",
    is_flag=True,
    help="Exit 0 even when some files could not be read (they are still listed).",
)
def check_leaks(directory: Path, data: Path | None, allow_unchecked: bool) -> None:
    """Search every file under DIRECTORY (text and metadata) for protected names and aliases.

    A file the guard cannot read is listed as not checked and makes the exit code 3, unless
    --allow-unchecked is given.

    \b
    Examples:
      briefs check-leaks out
      briefs check-leaks ~/outgoing --data data/brussels-2025.yaml
    """
    from briefs.guard import Guard

    conference = _load(data)
    secrets = conference.secret_names()
    result = Guard(secrets).check_folder(directory)
    for line in result.unchecked:
        _echo(f"warning: {line}", err=True)
    if result.findings:
        raise LeakError(result.findings)
    _echo(
        f"no protected name found in {result.checked} files under {directory} "
        f"({len(secrets)} names checked)"
        + (f"; {len(result.unchecked)} file(s) not checked" if result.unchecked else "")
    )
    if result.unchecked and not allow_unchecked:
        raise OutputError(
            f"{len(result.unchecked)} file(s) could not be read and were not checked "
            "(add --allow-unchecked to accept this)"
        )


def _write_overview(
    out_dir: Path,
    conference: Any,
    date: Any,
    email_warnings: list[str] | None = None,
    verified: Sequence[str] = (),
) -> None:
    """Regenerate the overview page of the build in out_dir and print where it is."""
    from briefs.overview.page import Notice
    from briefs.overview.writing import write_overview
    from briefs.resources import display_path

    notices = [Notice("Email drafts", message) for message in email_warnings or []]
    resources = dataclasses.replace(_workspace().resources, cache_dir=_cache_dir())
    path = write_overview(out_dir, conference, date, resources, notices, verified=verified)
    _echo(f"Overview: {display_path(path)}")


@cli.command(name="open")
@_out_option
@_data_argument
def open_(out_dir: Path | None, data: Path | None) -> None:
    """Open the overview of the last build (out/<conference>/index.html) in the web browser.

    \b
    Examples:
      briefs open
      briefs open data/brussels-2025.yaml
    """
    import webbrowser

    from briefs.overview.writing import overview_path
    from briefs.resources import display_path

    path = overview_path(_out(out_dir), _load(data).conference.id)
    if not path.is_file():
        raise OutputError(f"no overview at {path} yet: run 'briefs build' first")
    _echo(f"Overview: {display_path(path)}")
    webbrowser.open(path.resolve().as_uri())


def _warn(message: str) -> None:
    _echo(f"warning: {message}", err=True)


def _message_labeller(conference: Any) -> Callable[[str, str | None], str]:
    """Return a function naming a message for the log, withholding texts with protected names."""
    from briefs.guard import Guard
    from briefs.i18n.catalogs import label

    guard = Guard(conference.secret_names())

    def shown(msgid: str, context: str | None) -> str:
        if guard.find(msgid):  # the whole text: a shortened label could cut a name in half
            return f"[{context}] (text withheld: it contains a protected name)"
        return label(msgid, context)

    return shown


def _check_translations(
    conference: Any, languages: list[str], strict: bool, data_argument: str
) -> dict[str, frozenset[tuple[str, str | None]]]:
    """Return each language's missing or fuzzy texts; one grouped message per language."""
    from briefs.i18n.coverage import coverage, incomplete_message

    resources = dataclasses.replace(_workspace().resources, cache_dir=_cache_dir())
    found = coverage(conference, resources, languages)  # catalogs indexed in the cache
    gaps = [incomplete_message(c, data_argument, strict) for c in found if not c.complete]
    if gaps and strict:
        raise TranslationError(gaps)
    for gap in gaps:
        _warn(gap)
    return {
        c.language: frozenset(
            needed for status in c.catalogs for needed in (*status.missing, *status.fuzzy)
        )
        for c in found
    }


@cli.group()
def i18n() -> None:
    """Manage the translation catalogs in locales/ (templates and conference content)."""


def _locales() -> Path:
    """Return the workspace's own catalog folder, where i18n commands write."""
    return Path(_workspace().locales_dir)


@i18n.command()
@_data_argument
def extract(data: Path | None) -> None:
    """Write the conference's catalog template, locales/<conference-id>.pot, from DATA.

    In a source checkout (a babel.cfg beside templates/), also locales/briefs.pot from the
    templates and code.

    \b
    Examples:
      briefs i18n extract data/brussels-2025.yaml
    """
    from briefs.i18n.catalogs import (
        extract_content,
        extract_templates,
        template_path,
        write_catalog,
    )
    from briefs.i18n.localization import TEMPLATE_DOMAIN, content_domain

    locales = _locales()
    conference = _load(data)
    content = extract_content(conference, _data_argument_text(data))  # may refuse: nothing written
    target = template_path(locales, content_domain(conference.conference.id))
    write_catalog(content, target, template=True)
    _echo(f"wrote {target}")
    root = Path(_workspace().root)
    if (root / "babel.cfg").is_file() and (root / "templates").is_dir():
        write_catalog(extract_templates(root), template_path(locales, TEMPLATE_DOMAIN), True)
        _echo(f"wrote {template_path(locales, TEMPLATE_DOMAIN)}")


@i18n.command()
@click.argument("language")
@_data_argument
def init(language: str, data: Path | None) -> None:
    """Start catalogs for a new LANGUAGE (e.g. lt) for the conference DATA.

    \b
    Examples:
      briefs i18n init lt data/brussels-2025.yaml
    """
    from briefs.i18n.catalogs import init_language

    conference = _load(data)
    written = init_language(_locales(), language, conference, _workspace().resources)
    for path in written:
        _echo(f"created {path}")
    if not written:
        _echo(f"{language}: catalogs exist already; use 'briefs i18n update'")


@i18n.command()
@_data_argument
def update(data: Path | None) -> None:
    """Merge the templates into this conference's catalogs; changed texts become fuzzy.

    \b
    Examples:
      briefs i18n update
      briefs i18n update data/brussels-2025.yaml
    """
    from briefs.i18n.catalogs import update_languages

    conference = _load(data)
    for path in update_languages(_locales(), conference, _workspace().resources):
        _echo(f"updated {path}")


@i18n.command(name="export")
@click.argument("language")
@_data_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write (default: <language>-to-translate.po).",
)
def export_(language: str, data: Path | None, output: Path | None) -> None:
    """Write one PO file for a translator: what LANGUAGE still needs for DATA, with context.

    \b
    Examples:
      briefs i18n export lt data/brussels-2025.yaml -o lt.po
    """
    from briefs.i18n.translator_files import export_for_translator

    conference = _load(data)
    target = output or Path(f"{language}-to-translate.po")
    count = export_for_translator(target, language, conference, _workspace().resources)
    _echo(
        f"wrote {target}: {count} text(s) to translate into {language!r}; "
        f"when done: briefs i18n merge {target} {_data_argument_text(data)}"
    )


@i18n.command()
@click.argument("translated", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@_data_argument
def merge(translated: Path, data: Path | None) -> None:
    """Merge a translator's filled-in PO file back into the workspace's catalogs.

    \b
    Examples:
      briefs i18n merge lt.po data/brussels-2025.yaml
    """
    from briefs.i18n.translator_files import merge_translator_file

    conference = _load(data)
    report = merge_translator_file(translated, conference, _locales(), _workspace().resources)
    for line in report.lines():
        _echo(line)


@i18n.command(name="compile")
def compile_() -> None:
    """Check every catalog as strictly as msgfmt and write .mo files beside them.

    \b
    Examples:
      briefs i18n compile
    """
    from briefs.i18n.catalogs import compile_languages

    for path in compile_languages(_locales()):
        _echo(f"compiled {path}")


@i18n.command()
@_data_argument
@click.option("--check", is_flag=True, help="Exit 2 when anything is missing or fuzzy.")
@click.option("--verbose", "-v", is_flag=True, help="List each missing or fuzzy message.")
def status(data: Path | None, check: bool, verbose: bool) -> None:
    """Show translation coverage of the languages the conference DATA uses.

    \b
    Examples:
      briefs i18n status --check
      briefs i18n status data/brussels-2025.yaml -v
    """
    from briefs.i18n.catalogs import check_catalog, statuses

    conference = _load(data)
    shown = _message_labeller(conference)
    complete = True
    _echo(
        f"{'language':<9} {'catalog':<16} {'translated':>11} {'fuzzy':>6} {'missing':>8}   coverage"
    )
    for entry in statuses(conference, _workspace().resources):
        complete &= entry.complete
        _echo(
            f"{entry.language:<9} {entry.domain:<16} {entry.translated:>5} / {entry.total:<4}"
            f"{len(entry.fuzzy):>6} {len(entry.missing):>8}   {entry.percent:6.1f} %"
        )
        if entry.path is not None:
            for problem in check_catalog(entry.path):
                complete = False
                _echo(f"    invalid {problem}")
        if verbose:
            for needed in entry.fuzzy:
                _echo(f"    fuzzy   {shown(*needed)}")
            for needed in entry.missing:
                _echo(f"    missing {shown(*needed)}")
    if check and not complete:
        _echo("translations are incomplete", err=True)
        raise click.exceptions.Exit(EXIT_INVALID)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code.

    Python's garbage collector is off while a command runs, except where rendering makes
    garbage (see `briefs.build`): what a command loads lives until it ends, and scanning it
    over and over cost the seed build a tenth of its time.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        # without standalone mode, click returns the exit code of ctx.exit() instead of raising
        result = cli.main(args=argv, prog_name="briefs", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return EXIT_INVALID
    except click.Abort:
        _echo("aborted", err=True)
        return 130
    finally:
        if collecting:
            gc.enable()
    return result if isinstance(result, int) else EXIT_OK


def run() -> NoReturn:
    """Run the `briefs` command and end the process without freeing what it built.

    Freeing the loaded data, fonts and modules one object at a time took a tenth of a seed
    build; the operating system takes it back at once. Every file briefs writes is closed by
    then (each write is a `with` block), the exit handlers run, and the standard streams are
    flushed here. (mypy ends the same way.) In-process callers use `main`, which returns.
    """
    code = main()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
