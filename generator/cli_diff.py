"""``docgen diff OLD NEW``: the reviewer's redline, on the terminal and as HTML or DOCX.

Exit codes are those of ``diff(1)``: 0 when the words are the same, 1 when they differ, 2 on
trouble (a file that cannot be read, a term sheet that does not validate, an output that would
land on an input, on the other output or on a folder). The redline goes to stdout, the ``wrote
FILE`` lines to stderr, so that a piped redline holds the redline alone.

This module is imported by every ``docgen`` command to register the subcommand, so it imports
nothing at module level that only a comparison needs: the redline, its normalisation, its
readers (python-docx, pypdf) and diff-match-patch load when a diff runs.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import Any

from generator.cli import text_argument
from generator.errors import GeneratorError, shown

__all__ = ["add_parser", "run"]

_DESCRIPTION = """\
Compare two versions of an agreement word by word and show the redline. OLD and NEW are each
a term sheet (.yaml, .yml: rendered first), a .txt, a .docx (tracked changes read as accepted),
a .pdf or an .html page. Whitespace and line wrapping, page furniture, quote styles and
letter-spaced headings are folded away unless a --keep-* flag says otherwise. Exit status:
0 same, 1 different, 2 trouble."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``diff`` subcommand to `subparsers` (from ``add_subparsers``); return its parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "diff",
        help="redline two versions of an agreement (term sheet, .txt, .docx, .pdf, .html)",
        description=_DESCRIPTION,
    )
    parser.add_argument("old", type=text_argument, metavar="OLD", help="the earlier version")
    parser.add_argument("new", type=text_argument, metavar="NEW", help="the later version")
    parser.add_argument(
        "--document",
        metavar="ID",
        help="the agreement of a term sheet: indemnification or release (default: both when "
        "both sides are term sheets, else the one closest to the other side)",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="render term sheets from this folder's templates (a firm's own; untrusted, as for "
        "render); --document then names one of its documents",
    )
    # Kept as typed (not as a Path, which drops a trailing "/"), so "--html out/" is a folder.
    parser.add_argument(
        "--html", type=text_argument, metavar="FILE", help="also write an HTML redline"
    )
    parser.add_argument(
        "--docx", type=text_argument, metavar="FILE", help="also write a DOCX with tracked changes"
    )
    parser.add_argument(
        "--author",
        type=_author,
        metavar="NAME",
        help="author of the tracked changes in --docx, and of the --html page (default: docgen)",
    )
    parser.add_argument(
        "--context",
        type=int,
        default=3,
        metavar="N",
        help="lines of context around each change (default: 3)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the terminal redline (default: auto, when writing to a terminal)",
    )
    keep = parser.add_argument_group("normalisation (each is folded away unless kept)")
    keep.add_argument(
        "--keep-whitespace", action="store_true", help="compare spacing and line breaks too"
    )
    keep.add_argument(
        "--keep-furniture",
        action="store_true",
        help="compare <PAGE> markers, page numbers, page labels and rule lines too",
    )
    keep.add_argument(
        "--keep-quotes", action="store_true", help="tell curly from straight quotes and dashes"
    )
    keep.add_argument(
        "--keep-letter-spacing", action="store_true", help="read R E C I T A L S as written"
    )
    keep.add_argument(
        "--join-hyphens",
        action="store_true",
        help="join words hyphenated across line ends (text from a PDF)",
    )
    parser.set_defaults(func=run)
    return parser


#: The options an error of diff() names (the API names its arguments).
_OPTIONS = {"document": "--document", "templates": "--templates"}


def run(args: argparse.Namespace) -> int:
    """Compare, print the redline, write the files asked for; return 0 same, 1 different."""
    import shutil

    from generator.normalize import Folding
    from generator.output import write_files
    from generator.redline import diff
    from generator.redline_terminal import render
    from generator.render import check_out_dir

    if args.context < 0:
        raise GeneratorError(
            f"--context: expected a number of lines, 0 or more, got {args.context}"
        )
    folding = Folding(
        furniture=not args.keep_furniture,
        quotes=not args.keep_quotes,
        letter_spacing=not args.keep_letter_spacing,
        hyphenation=args.join_hyphens,
        whitespace=not args.keep_whitespace,
    )
    outputs = _outputs(args)
    if args.author is not None and not outputs:
        # Only the files carry an author (the DOCX's tracked changes, the HTML's meta): given
        # alone it would change nothing, and the reviewer would look for it in vain.
        raise GeneratorError(
            "--author: only the --docx and --html redlines carry an author; give --docx FILE "
            "(or --html FILE) too"
        )
    for _fmt, path in outputs:  # a redline written among a firm's templates could replace one
        check_out_dir(path.parent, args.templates)
    redline = diff(
        args.old,
        args.new,
        args.document,
        folding=folding,
        author=args.author,
        templates=args.templates,
        given_as=_OPTIONS,
    )
    folders: dict[Path, dict[str, bytes]] = {}
    for fmt, path in outputs:
        folders.setdefault(path.parent, {})[path.name] = redline.write(fmt)
    written: list[Path] = []
    for folder, files in folders.items():  # both in one folder: both written, or neither
        written.extend(write_files(folder, files, typed=True))
    color = _use_color(args.color)
    width = shutil.get_terminal_size((80, 24)).columns if color else 80
    _write_out(render(redline, color=color, context=args.context, width=min(width, 100)))
    for path in written:
        print(f"wrote {shown(str(path))}", file=sys.stderr)
    if args.templates is not None and args.document is None:
        from generator.cli import print_notes, template_notes

        print_notes(args.templates, template_notes(args.templates))
    return 0 if redline.is_empty else 1


#: The suffixes each output may have, and what it is; a name ending in another document's
#: suffix ("--docx redline.pdf") is refused: the file would not open as its name says.
_SUFFIXES = {"html": (".html", ".htm", ".xhtml"), "docx": (".docx",)}
_WHAT = {"html": "an HTML page", "docx": "a Word document (.docx)"}
_DOCUMENT_SUFFIXES = frozenset(
    (".html", ".htm", ".xhtml", ".docx", ".doc", ".docm", ".odt", ".rtf", ".pdf", ".txt",
     ".md", ".json", ".yaml", ".yml", ".xml")
)  # fmt: skip


def _outputs(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """Return the files asked for as (format, path); refuse a path that cannot be one.

    Checked before anything is compared: an output may not be (or resolve to) OLD or NEW, the
    two outputs may not be one file, and an output may not be a folder (an existing one, or a
    name ending in a slash).
    """
    from generator.output import same_file

    inputs = {"OLD": Path(args.old), "NEW": Path(args.new)}
    out: list[tuple[str, Path]] = []
    for fmt in ("html", "docx"):
        given: str | None = getattr(args, fmt)
        if not given:
            continue
        path = Path(given)
        try:
            is_folder = path.is_dir()
        except OSError as exc:  # a name too long for the system
            raise GeneratorError(f"--{fmt}: {given}: {exc.strerror}") from None
        if is_folder or given.endswith(("/", os.sep)):
            what = "is a folder" if is_folder else "ends in a slash, so names a folder"
            raise GeneratorError(f"--{fmt}: {given} {what}; give the file to write")
        for name, source in inputs.items():
            if same_file(path, source):
                raise GeneratorError(
                    f"--{fmt}: {given} is {name} ({source}); refusing to write over an input"
                )
        for other_fmt, other in out:
            if same_file(path, other):
                raise GeneratorError(
                    f"--{fmt}: {given} is also the --{other_fmt} file; give each its own file"
                )
        suffix = path.suffix.lower()
        if suffix in _DOCUMENT_SUFFIXES and suffix not in _SUFFIXES[fmt]:
            raise GeneratorError(
                f"--{fmt}: {shown(given)} ends in {suffix}, but what is written there is "
                f"{_WHAT[fmt]}; name it {_SUFFIXES[fmt][0]}"
            )
        out.append((fmt, path))
    return out


def _author(value: str) -> str:
    """Return `value` as the tracked changes' author: one printable line of 1-100 characters."""
    name = value.strip()
    if not name or len(name) > 100 or not name.isprintable():
        raise argparse.ArgumentTypeError(
            "expected a name on one line of 1 to 100 printable characters"
        )
    return name


def _write_out(text: str) -> None:
    """Write `text` to stdout whole, and flush it, so that a reader gone shows here.

    An unbuffered stdout (``PYTHONUNBUFFERED``, ``python -u``) hands a long text to one system
    call, and a pipe whose reader goes away (``docgen diff ... | head``) takes only part of it:
    the text layer drops the rest without a word, and the command would go on to exit 1. So
    there the bytes are written until all are taken, and the reader's going raises
    :class:`BrokenPipeError`, which the ``docgen`` command turns into exit code 141. A buffered
    stdout does that itself; flushing makes it happen now, not as the interpreter exits.
    """
    stream = sys.stdout
    binary = getattr(stream, "buffer", None)
    if not isinstance(binary, io.RawIOBase):
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    data = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    while data:
        taken = binary.write(data) or 0  # None: a non-blocking stdout is full; try again
        data = data[taken:]


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
