"""Profile one `briefs build` and say where its time goes, grouped by what the work is.

    pip install pyinstrument                  # a sampling profiler; not a briefs dependency
    python benchmarks/profile_build.py -- --jobs 1
    python benchmarks/profile_build.py --batch 10 -- --jobs 1    # a generated 240-document batch

Everything after `--` is passed to `briefs build` (the bundled seed unless --batch). The build
runs in this process under pyinstrument (imports included, from the first `import briefs`);
each sample is put in one group by the innermost frame that names a group (Jinja compilation
inside rendering counts as compilation, python-docx's object layer inside the DOCX writer as
the object layer...), then the groups and the functions with the most own time are printed.
With several workers only this process is profiled: use `--jobs 1`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_synthetic  # noqa: E402

# (substring of "path:function", group, sticky): the innermost matching frame decides, except
# that nothing below a sticky group's frame changes the group; for one frame the first rule
# that matches counts, so specific rules come before general ones.
RULES: list[tuple[str, str, bool]] = [
    ("<frozen importlib._bootstrap>:_find_and_load", "imports (start-up and lazy)", True),
    ("multiprocessing/", "fork / worker pool", True),
    ("briefs/loading.py:", "load + validate data (ruamel.yaml, pydantic)", False),
    ("briefs/cli.py:_check_translations", "translation check (parses the catalogs too)", True),
    ("briefs/content.py:", "content localization (model_dump/validate)", False),
    ("briefs/views.py:", "views (CLDR formatting)", False),
    ("babel/localedata.py:", "CLDR locale data loading", True),
    ("babel/messages/", "catalog parsing / compilation (Babel, gettext)", True),
    ("gettext.py:", "catalog parsing / compilation (Babel, gettext)", True),
    ("briefs/rendering.py:", "Jinja render + XML to document tree", False),
    ("jinja2/environment.py:compile", "Jinja compilation", True),
    ("jinja2/loaders.py:load", "Jinja compilation", True),
    ("briefs/writers/docx_zip.py:", "DOCX: zip (deflate, layout)", True),
    ("briefs/writers/docx_template.py:", "DOCX: open template package", True),
    ("briefs/writers/docx_", "DOCX: briefs writer code", False),
    ("site-packages/docx/api.py:Document", "DOCX: open template package", True),
    ("site-packages/docx/", "DOCX: python-docx object layer", False),
    ("pdf_writer.py:save", "PDF: PDF objects, serialization", False),
    ("briefs/writers/pdf_writer.py:", "PDF: briefs writer code, platypus layout", False),
    ("platypus/paragraph.py:wrap", "PDF: paragraph wrapping", True),
    ("platypus/paragraph.py:split", "PDF: paragraph wrapping", True),
    ("platypus/paragraph.py:draw", "PDF: drawing on the canvas", True),
    ("platypus/flowables.py:drawOn", "PDF: drawing on the canvas", False),
    ("platypus/tables.py:", "PDF: tables", False),
    ("pdfbase/ttfonts.py:", "PDF: TrueType fonts (parse, subset)", True),
    ("pdfbase/pdfdoc.py:", "PDF: PDF objects, serialization", False),
    ("briefs/leaks.py:", "leak guard", True),
    ("briefs/build.py:write_outputs", "atomic writes + manifest", True),
]


def frame_key(identifier: str) -> str:
    """Return 'path:function' from a pyinstrument frame identifier."""
    function, path = identifier.split("\x00")[:2]
    return f"{path}:{function}"


def group_of(stack: list[str]) -> str:
    """Return the group of one sample's call stack (outermost frame first)."""
    group = "other (click, Python start-up, rest)"
    for identifier in stack:
        key = frame_key(identifier)
        for pattern, name, sticky in RULES:
            if pattern in key:
                group = name
                if sticky:
                    return group
                break
    return group


def imported_package(stack: list[str]) -> str | None:
    """Return what a sample is importing: the outermost third-party package, else the module."""
    importing, module = False, None
    for identifier in stack:
        key = frame_key(identifier)
        if "_find_and_load" in key:
            importing = True
        elif importing and key.endswith(":<module>"):
            path = Path(key.rsplit(":", 1)[0])
            if "site-packages" in path.parts:
                return path.parts[path.parts.index("site-packages") + 1]
            if module is None:
                module = ("briefs." if "briefs" in path.parts else "stdlib ") + path.stem
    return module


def report(records: list[tuple[list[str], float]], top: int) -> None:
    """Print time per group and the functions with the most own time, with percentages."""
    total = sum(seconds for _, seconds in records)
    groups: Counter[str] = Counter()
    own: Counter[str] = Counter()
    imports: Counter[str] = Counter()
    for stack, seconds in records:
        groups[group_of(stack)] += seconds
        package = imported_package(stack)
        if package:
            imports[package] += seconds
        path, function = frame_key(stack[-1]).rsplit(":", 1)
        own[f"{function} ({'/'.join(Path(path).parts[-2:])})"] += seconds
    print(f"{total:.2f} s sampled")
    print("by group:")
    for name, seconds in groups.most_common():
        print(f"  {100 * seconds / total:5.1f}%  {seconds:6.2f} s  {name}")
    print("imports, by the package being imported (outermost):")
    for name, seconds in imports.most_common(8):
        print(f"  {100 * seconds / total:5.1f}%  {seconds:6.2f} s  {name}")
    print(f"top {top} functions by own time:")
    for name, seconds in own.most_common(top):
        print(f"  {100 * seconds / total:5.1f}%  {seconds:6.2f} s  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=0, help="profile a generated batch: copies")
    parser.add_argument("--top", type=int, default=15, help="functions to list")
    parser.add_argument("--interval", type=float, default=0.0005, help="seconds between samples")
    parser.add_argument("build_args", nargs="*", help="arguments for `briefs build` (after --)")
    args = parser.parse_args()
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit(
            "error: this script needs pyinstrument (pip install pyinstrument)"
        ) from None
    import os

    with tempfile.TemporaryDirectory(prefix="briefs-profile-") as directory:
        work = Path(directory)
        command = ["build", "--out", str(work / "out"), "--date", "2026-11-26"]
        if args.batch:
            data = write_synthetic(args.batch, work / "batch")
            os.chdir(data.parent)  # a generated batch is a workspace with its own catalogs
            command.insert(1, str(data))
        sys.argv = ["briefs", *command, *args.build_args]
        profiler = Profiler(interval=args.interval)
        profiler.start()
        try:
            from briefs.cli import main as briefs_main

            briefs_main()
        except SystemExit as exit_:
            if exit_.code not in (0, None):
                raise
        finally:
            session = profiler.stop()
    report(session.frame_records, args.top)


if __name__ == "__main__":
    main()
