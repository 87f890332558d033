"""Render Jinja2 templates into the document tree, in a sandbox, with the audience's language.

Templates write a small XML vocabulary with autoescaping on, so data text is escaped on the way
in and parsed back as plain text: a finding containing `<b>` or starting with `# ` stays text.

    <document title subject author language header footer page-label> ... </document>
    <title>, <h1>, <h2>            headings
    <p style="...">                paragraph; inline <b> and <i>
    <ul>/<ol> of <li>              lists
    <table widths="3,1"> <tr> <th>/<td>   a table; its first row is the header
    <callout> <value> <label> <source>    a key figure
    <box title="..." tone="asks|note"> blocks </box>   a framed group of blocks
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast, get_args

from briefs.document import (
    Block,
    Box,
    Callout,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    ParagraphStyle,
    Span,
    Table,
)
from briefs.errors import OutputError
from briefs.i18n import typography
from briefs.i18n.localization import (
    TEMPLATE_DOMAIN,
    Formatter,
    language_of,
    translations_for,
    write_cache_file,
)
from briefs.workspace import Resources

_PARAGRAPH_STYLES = set(get_args(ParagraphStyle))
_HEADING_LEVELS = {"title": 0, "h1": 1, "h2": 2}
TEMPLATE_CACHE = "templates"


@cache
def environment(template_dirs: tuple[Path, ...], cache_dir: Path | None = None) -> Any:
    """Return the sandboxed, strict Jinja2 environment of a template path, built once per run.

    Templates are compiled once whatever the language: each render binds its language's
    translations and formatters first (`_bind`), which compiled templates look up at render time.
    With a cache folder, compiled templates are kept in `cache_dir/templates/` for the next run:
    Jinja's bytecode cache checks each template's source, so an edited template is compiled
    again, and the folder is named by `_compiler_version`.
    """
    from jinja2 import FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    bytecode_cache = None
    if cache_dir is not None:
        folder = cache_dir / TEMPLATE_CACHE / _compiler_version()
        with contextlib.suppress(OSError):  # no cache folder: compile every run
            folder.mkdir(parents=True, exist_ok=True)
            bytecode_cache = FileSystemBytecodeCache(str(folder))
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(directory) for directory in template_dirs]),
        bytecode_cache=bytecode_cache,
        autoescape=_escapes,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True  # whitespace inside {% trans %} folds, as in babel.cfg
    # compiling needs the filters and the newstyle flag; each render binds its language's own
    env.install_gettext_translations(  # type: ignore[attr-defined]
        gettext.NullTranslations(), newstyle=True
    )
    _install_formatter(env, Formatter("en"))
    return env


@cache
def _compiler_version() -> str:
    """Return a digest of what compiled templates depend on besides their source.

    That is Jinja's version and the environment's settings, which live in this module.
    """
    import jinja2

    digest = hashlib.sha256(jinja2.__version__.encode() + Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _install_formatter(env: Any, formatter: Formatter) -> None:
    env.filters["format_list"] = formatter.items
    env.filters["format_number"] = formatter.number
    env.filters["spell_count"] = formatter.spell_count
    env.filters["count_opening_sentence"] = formatter.count_opening_sentence


def _bind(locale: str, resources: Resources) -> Any:
    """Return the environment of resources with locale's translations and formatters bound."""
    env = environment(resources.template_dirs, resources.cache_dir)
    env.globals.update(
        _gettext_callables(translations_for(language_of(locale), TEMPLATE_DOMAIN, resources))
    )
    _install_formatter(env, Formatter(locale))
    return env


def _gettext_callables(translations: gettext.NullTranslations) -> dict[str, Any]:
    """Return what `install_gettext_translations(translations, newstyle=True)` installs.

    Jinja's newstyle functions, except that each calls the catalog directly rather than
    through `Context.call`, which only looks for Jinja's pass-context markers, and a catalog's
    methods have none: the same strings, escaped and formatted the same way, for half the calls.
    Templates still call these functions through the sandbox's `call`.
    """
    from jinja2 import pass_context
    from markupsafe import Markup

    catalog_gettext = translations.gettext
    catalog_ngettext = translations.ngettext
    catalog_pgettext = translations.pgettext
    catalog_npgettext = translations.npgettext

    @pass_context
    def gettext(__context: Any, __string: str, **variables: Any) -> str:
        rv = catalog_gettext(__string)
        if __context.eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    @pass_context
    def ngettext(
        __context: Any, __singular: str, __plural: str, __num: int, **variables: Any
    ) -> str:
        variables.setdefault("num", __num)
        rv = catalog_ngettext(__singular, __plural, __num)
        if __context.eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    @pass_context
    def pgettext(__context: Any, __string_ctx: str, __string: str, **variables: Any) -> str:
        variables.setdefault("context", __string_ctx)
        rv = catalog_pgettext(__string_ctx, __string)
        if __context.eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    @pass_context
    def npgettext(
        __context: Any,
        __string_ctx: str,
        __singular: str,
        __plural: str,
        __num: int,
        **variables: Any,
    ) -> str:
        variables.setdefault("context", __string_ctx)
        variables.setdefault("num", __num)
        rv = catalog_npgettext(__string_ctx, __singular, __plural, __num)
        if __context.eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def prepare_templates(resources: Resources, templates: tuple[str, ...]) -> None:
    """Compile templates now, so forked workers inherit them compiled."""
    env = environment(resources.template_dirs, resources.cache_dir)
    for template in templates:
        env.get_template(template)


def template_sources(resources: Resources, template: str) -> list[tuple[str, str]]:
    """Return (name, source) of a template and of every template it extends/includes/imports.

    Found by parsing, not rendering. A reference Jinja cannot resolve statically (a name held
    in a variable) makes it return every template of the template path instead.
    """
    env = environment(resources.template_dirs, resources.cache_dir)
    found: dict[str, str] = {}
    pending = [template]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found[name] = env.loader.get_source(env, name)[0]
        references = _references(env, found[name], resources.cache_dir)
        if references is None:
            return [(n, env.loader.get_source(env, n)[0]) for n in env.list_templates()]
        pending += references
    return sorted(found.items())


def _references(env: Any, source: str, cache_dir: Path | None) -> list[str] | None:
    """Return the templates a source refers to (None: not all known before rendering).

    Parsing costs more than the rest of an unchanged rebuild's template work, so the answer is
    kept in the cache folder, named by the source's SHA-256 (an edited template is parsed
    again); an unreadable cache file is ignored.
    """
    from jinja2 import meta

    path = None
    if cache_dir is not None:
        key = hashlib.sha256(source.encode("utf-8")).hexdigest()
        path = cache_dir / TEMPLATE_CACHE / _compiler_version() / f"{key}.references.json"
        with contextlib.suppress(OSError, ValueError):
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored is None or (
                isinstance(stored, list) and all(isinstance(n, str) for n in stored)
            ):
                return stored
    found = list(meta.find_referenced_templates(env.parse(source)))
    references = None if None in found else [str(name) for name in found]
    if path is not None:
        write_cache_file(path, json.dumps(references).encode("utf-8"))
    return references


def _escapes(name: str | None) -> bool:
    """Escape everything except plain-text templates (*.txt.j2), whose output is not markup."""
    return name is None or not name.endswith(".txt.j2")


def render_text(template: str, context: dict[str, Any], locale: str, resources: Resources) -> str:
    """Render a template to a string (email bodies): same sandbox, language and typography."""
    from jinja2 import TemplateError

    try:
        text = str(_bind(locale, resources).get_template(template).render(context))
    except TemplateError as exc:
        raise OutputError(f"template {template!r} ({locale}): {exc}") from exc
    if _escapes(template):
        return typography.apply_html(text, language_of(locale))
    return typography.apply(text, language_of(locale))


def render_html_pieces(
    template: str, context: dict[str, Any], locale: str, resources: Resources, size: int = 65536
) -> Iterator[str]:
    """Render an HTML template piece by piece (a page too large to hold): render_text, streamed.

    Joined, the pieces are what render_text returns. Each piece (about `size` characters)
    ends just before a tag, so the typography, which works on each text between two tags,
    sees every text whole.
    """
    from jinja2 import TemplateError

    if not _escapes(template):
        yield render_text(template, context, locale, resources)
        return
    language = language_of(locale)
    buffer: list[str] = []
    held = 0
    try:
        for chunk in _bind(locale, resources).get_template(template).generate(context):
            buffer.append(chunk)
            held += len(chunk)
            if held >= size:
                text = "".join(buffer)
                cut = text.rfind("<")
                if cut <= 0:
                    buffer, held = [text], len(text)
                    continue
                yield typography.apply_html(text[:cut], language)
                buffer, held = [text[cut:]], len(text) - cut
    except TemplateError as exc:
        raise OutputError(f"template {template!r} ({locale}): {exc}") from exc
    yield typography.apply_html("".join(buffer), language)


def render_document(
    template: str, context: dict[str, Any], locale: str, resources: Resources
) -> Document:
    """Render a template with a context into a Document, with the language's typography
    applied to every text it shows as the tree is built: titles, subject, header and footer
    as titles (no doubled colon), everything else as running text."""
    from jinja2 import TemplateError

    try:
        markup = _bind(locale, resources).get_template(template).render(context)
    except TemplateError as exc:
        raise OutputError(f"template {template!r} ({locale}): {exc}") from exc
    return _parse(markup, f"{template} ({locale})", _Typography(language_of(locale)))


class _Plain:
    """Texts as written: what `parse_document` keeps."""

    def text(self, value: str) -> str:
        return value

    def title(self, value: str) -> str:
        return value


class _Typography(_Plain):
    """Texts set with a language's typography."""

    def __init__(self, language: str) -> None:
        self.language = language

    def text(self, value: str) -> str:
        return typography.apply(value, self.language)

    def title(self, value: str) -> str:
        return typography.title(value, self.language)


def parse_document(markup: str, origin: str) -> Document:
    """Parse the XML a template produced into a Document; origin names it in errors."""
    return _parse(markup, origin, _Plain())


def _parse(markup: str, origin: str, setter: _Plain) -> Document:
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        line = exc.position[0]
        raise OutputError(
            f"{origin}: rendered markup is not well-formed at line {line}: {exc} "
            f"(a translation with a bare '&' or '<' does this)"
        ) from None
    if root.tag != "document":
        raise OutputError(f"{origin}: the root element must be <document>, not <{root.tag}>")
    blocks = tuple(_block(element, origin, setter) for element in root)
    attribute = root.attrib.get
    return Document(
        title=setter.title(_flat(attribute("title", ""))),
        subject=setter.title(_flat(attribute("subject", ""))),
        author=setter.text(_flat(attribute("author", ""))),
        language=attribute("language", "en-GB"),
        header=setter.title(_flat(attribute("header", ""))),
        footer=setter.title(_flat(attribute("footer", ""))),
        page_label=setter.text(_flat(attribute("page-label", "{page} / {pages}"))),
        blocks=blocks,
    )


def _block(element: ET.Element, origin: str, setter: _Plain) -> Block:
    tag = element.tag
    text = setter.text
    if tag in _HEADING_LEVELS:
        return Heading(level=_HEADING_LEVELS[tag], text=text(_flat("".join(element.itertext()))))
    if tag == "p":
        style = element.attrib.get("style", "body")
        if style not in _PARAGRAPH_STYLES:
            raise OutputError(f"{origin}: unknown paragraph style {style!r}")
        return Paragraph(spans=_inline(element, text), style=cast(ParagraphStyle, style))
    if tag in ("ul", "ol"):
        return ListBlock(
            ordered=tag == "ol",
            items=tuple(_inline(item, text) for item in element if item.tag == "li"),
        )
    if tag == "table":
        rows = [
            tuple(text(_flat("".join(cell.itertext()))) for cell in row)
            for row in element
            if row.tag == "tr"
        ]
        if not rows:
            raise OutputError(f"{origin}: a table needs at least a header row")
        widths = tuple(float(w) for w in element.attrib.get("widths", "").split(",") if w.strip())
        return Table(header=rows[0], rows=tuple(rows[1:]), widths=widths or (1.0,) * len(rows[0]))
    if tag == "callout":
        parts = {child.tag: _flat("".join(child.itertext())) for child in element}
        return Callout(
            value=text(parts.get("value", "")),
            label=text(parts.get("label", "")),
            source=text(parts.get("source", "")),
        )
    if tag == "box":
        tone = element.attrib.get("tone", "note")
        if tone not in ("asks", "note"):
            raise OutputError(f"{origin}: unknown box tone {tone!r}")
        inner = tuple(_block(child, origin, setter) for child in element)
        if any(isinstance(block, Box) for block in inner):
            raise OutputError(f"{origin}: a box cannot contain another box")
        return Box(
            title=text(_flat(element.attrib.get("title", ""))), blocks=inner, tone=cast(Any, tone)
        )
    raise OutputError(f"{origin}: unknown element <{tag}>")


_BREAKABLE_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _flat(text: str) -> str:
    """Collapse ordinary whitespace; no-break spaces (7\u202f000, 2025\u00a0r.) stay as they are."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        return _BREAKABLE_SPACE.sub(" ", text).strip(" ")
    return text.strip(" ")  # single spaces only: nothing to collapse


def _inline(element: ET.Element, text: Callable[[str], str]) -> Inline:
    """Return an element's text as spans (bold inside <b>, italic inside <i>), each set by text."""
    if len(element) == 0:  # one plain run: what _normalize_spaces makes of it, directly
        flat = _flat(element.text or "")
        return (Span(text(flat)),) if flat else ()
    runs: list[tuple[str, bool, bool]] = []

    def walk(node: ET.Element, bold: bool, italic: bool) -> None:
        if node.text:
            runs.append((node.text, bold, italic))
        for child in node:
            walk(child, bold or child.tag == "b", italic or child.tag == "i")
            if child.tail:
                runs.append((child.tail, bold, italic))

    walk(element, False, False)
    return tuple(Span(text(run), bold, italic) for run, bold, italic in _normalize_spaces(runs))


_BREAKABLE = frozenset(" \t\n\r\f\v")


def _normalize_spaces(runs: list[tuple[str, bool, bool]]) -> list[tuple[str, bool, bool]]:
    """Collapse whitespace across run boundaries the way a browser would."""
    result: list[tuple[str, bool, bool]] = []
    previous_space = True  # drops leading space
    for raw, bold, italic in runs:
        text = _flat(raw)
        starts, ends = raw[:1] in _BREAKABLE, raw[-1:] in _BREAKABLE
        if starts and not previous_space:
            text = " " + text if text else " "
        if ends and text and not text.endswith(" "):
            text += " "
        if previous_space:
            text = text.lstrip(" ")
        if text:
            result.append((text, bold, italic))
            previous_space = text.endswith(" ")
    if result and result[-1][0].endswith(" "):
        last, bold, italic = result.pop()
        if last.rstrip(" "):
            result.append((last.rstrip(" "), bold, italic))
    return result
