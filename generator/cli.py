"""The ``docgen`` command: render, check, list clauses, print the schema (and diff, batch).

Every subcommand is a function ``(args) -> int``; :func:`main` maps a
:class:`~generator.errors.GeneratorError` to its message on stderr and exit code 2, and never
shows a traceback (set ``DOCGEN_DEBUG=1`` to see one for an internal error).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import difflib
import gc
import importlib
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from generator import __version__
from generator.errors import GeneratorError, TermSheetError, shown

if TYPE_CHECKING:
    from generator.termsheet import TermSheet

__all__ = ["main", "run"]

#: Modules that add a subcommand: each has ``add_parser(subparsers)``.
EXTENSIONS: tuple[str, ...] = ("generator.cli_diff", "generator.cli_batch")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``docgen`` with `argv` (``None``: the process's arguments); return the exit code."""
    try:
        return _main(argv)
    except Exception as exc:  # an internal error, reading the options too: one line, no traceback
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        what = shown(f"{type(exc).__name__}: {exc}")
        print(f"docgen: internal error: {what} (run with DOCGEN_DEBUG=1 for details, and please "
              "report it)", file=sys.stderr)  # fmt: skip
        return 3


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        tokens = sys.argv[1:] if argv is None else list(argv)
        _options_before_command(parser, tokens)
        args, extra = parser.parse_known_args(argv)
        if extra:
            # Said by the parser of the place they stand: before the command, docgen's own
            # (--versoin: did you mean --version?); after it, the command's, which knows the
            # options meant there.
            command: argparse.ArgumentParser = getattr(args, "command_parser", parser)
            early = _before_command(parser, tokens, extra)
            if early:
                parser.error(_unrecognized(parser, early))
            command.error(_unrecognized(command, extra, top=parser))
        if args.command is None:  # checked here, so that a mistyped option is named first
            parser.error("the following arguments are required: COMMAND")
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    try:
        with _terminate_as_interrupt():
            code: int = args.func(args)
        return code
    except TermSheetError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = exc.count
        trailer = "; nothing was written" if getattr(args, "writes", True) else ""
        print(f"docgen: {count:,} problem{'s' if count != 1 else ''}{trailer}", file=sys.stderr)
        return exc.exit_code
    except GeneratorError as exc:
        print(f"docgen: {shown(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except Terminated:
        print("docgen: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("docgen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`docgen diff ... | head`): stop quietly, as diff(1) does, and
        # point stdout at nothing so the interpreter's final flush cannot fail again.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + 13  # what a shell reports for a process ended by SIGPIPE


class Terminated(KeyboardInterrupt):
    """SIGTERM (``timeout``, ``systemd``, ``docker stop``), raised as Ctrl-C is: what is
    written is all or nothing, and staging files are removed, before the process ends (143)."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Raise :class:`Terminated` on SIGTERM during the block (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(_signum: int, _frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def run() -> NoReturn:
    """Console-script entry point (and ``python -m generator``).

    A command is one short process, so the cyclic garbage collector is off while it runs: the
    tens of thousands of objects that importing pydantic, Jinja and the term sheet's schema
    builds are none of them garbage, and collecting over and over as they pile up cost about
    a twentieth of ``docgen render``. Objects are still freed as their last reference goes;
    ``docgen batch``, which runs long, turns the collector back on. The process then ends
    without tearing the interpreter down (see :func:`_leave`): code that calls this function
    does not get control back, not even through ``except SystemExit`` or ``finally``. To run
    a command from Python, call :func:`main`, which returns the exit code.
    """
    gc.disable()
    try:
        code = main()
    finally:
        gc.freeze()  # should the exit below fall back on sys.exit: no last walk over them all
    _leave(code)


def _leave(code: int) -> NoReturn:
    """End the process with `code`: exit handlers run and output is flushed, nothing is freed.

    Tearing the interpreter down frees, one by one, every object pydantic, Jinja and lxml
    built, only to hand the memory back to the system: a few milliseconds after ``docgen
    check``, about 20 ms after ``docgen batch`` (paid whatever its number of workers). So
    the exit handlers (``atexit``) are run here, the standard streams flushed, and the process
    ends with :func:`os._exit`. The usual exit does it all instead when a tracer or profiler
    is at work (``python -m cProfile``, ``trace``, ``pdb``, coverage: they write their results
    as the interpreter ends), when another thread is still running (it is joined), or when a
    stream cannot be flushed for another reason than a reader gone away (the error is shown).
    """
    if threading.active_count() > 1 or _observed():
        sys.exit(code)
    atexit._run_exitfuncs()  # runs each handler once, and forgets them
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away after our last write: as in main()
            code = code or 128 + 13
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        except (OSError, ValueError):
            sys.exit(code)
    os._exit(code)


def _observed() -> bool:
    """Return whether a tracer, a profiler or (Python 3.12+) a monitoring tool is at work."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        return False
    return any(monitoring.get_tool(tool) is not None for tool in range(6))


_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<given>[^']*)' \(choose from (?P<choices>.*)\)$")


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors are one line (the usage itself only when an
    argument is missing, where it says what to give); subcommands' parsers are of this class."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("the following arguments are required"):
            self.print_usage(sys.stderr)
        # argparse (before 3.14) names no close choice: "invalid choice: 'rendr' (choose ...)"
        found = _INVALID_CHOICE.search(message)
        if found:
            choices = re.findall(r"'([^']*)'", found["choices"])
            if close := difflib.get_close_matches(found["given"], choices, n=1):
                message += f"; did you mean {close[0]!r}?"
        self.exit(2, f"{self.prog}: {shown(message)} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``docgen`` with every subcommand."""
    parser = _Parser(
        prog="docgen",
        description="Assemble legal agreements from a YAML term sheet; compare them.",
    )
    parser.add_argument("--version", action="version", version=f"docgen {__version__}")
    # Not required here: main() says so after naming any option it does not know (--versoin).
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    render = sub.add_parser("render", help="write the agreements of a term sheet")
    render.add_argument("sheet", type=path_argument, metavar="SHEET", help="term sheet (YAML)")
    render.add_argument(
        "--out",
        type=path_argument,
        metavar="DIR",
        help="output folder (default: output/<sheet stem>/)",
    )
    render.add_argument(
        "--format",
        default="all",
        help="comma-separated formats: txt,json,html,docx,pdf or all (default: all)",
    )
    document_option(render)
    _templates_option(render)
    render.set_defaults(func=_render)

    check = sub.add_parser("check", help="validate term sheets; write nothing")
    check.add_argument(
        "sheets", type=path_argument, nargs="+", metavar="SHEET", help="term sheet(s)"
    )
    check.set_defaults(func=_check, writes=False)

    clauses = sub.add_parser("clauses", help="list the clause ids of a document, in order")
    clauses.add_argument("sheet", type=path_argument, metavar="SHEET", help="term sheet (YAML)")
    document_option(clauses, required=True)
    _templates_option(clauses)
    clauses.set_defaults(func=_clauses, writes=False)

    markup = sub.add_parser(
        "markup", help="print the markup a template renders for a term sheet (for its author)"
    )
    markup.add_argument("sheet", type=path_argument, metavar="SHEET", help="term sheet (YAML)")
    document_option(markup, required=True)
    _templates_option(markup)
    markup.set_defaults(func=_markup, writes=False)

    schema = sub.add_parser("schema", help="print the term sheet's JSON Schema")
    schema.add_argument(
        "--out", type=path_argument, metavar="FILE", help="write it to this file instead"
    )
    schema.set_defaults(func=_schema)

    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_parser(sub)
    for command in sub.choices.values():
        command.set_defaults(command_parser=command)
    return parser


def _options_before_command(parser: argparse.ArgumentParser, argv: list[str]) -> None:
    """Exit with a usage error when options of the command come before it: in ``docgen
    --format txt render deal.yaml`` argparse would take ``txt`` for the command ("invalid
    choice: 'txt'"), and in ``docgen --format=txt render`` call ``--format`` a typo of itself."""
    commands = _commands(parser)
    for at, token in enumerate(argv):
        command = commands.get(token)
        if command is None:
            continue
        own, top = set(_option_strings(command)), set(_option_strings(parser))
        early = [t.split("=", 1)[0] for t in argv[:at] if t.startswith("-")]
        early = [name for name in early if name not in top]
        misplaced = [name for name in early if name in own]
        if misplaced:
            parser.error(
                f"give {', '.join(misplaced)} after the command, not before it "
                f"(docgen {token} ... {misplaced[0]} ...)"
            )
        for name in early:  # else argparse may take its value for the command ("invalid choice")
            others = [c for c, p in commands.items() if c != token and name in _option_strings(p)]
            if others:
                parser.error(f"{name} is an option of docgen {others[0]}, not of docgen {token}")
            if close := difflib.get_close_matches(name, sorted(own), n=1):
                parser.error(
                    f"unrecognized option {name}; did you mean {close[0]}? Give it after the "
                    f"command (docgen {token} ... {close[0]} ...)"
                )
        return


def _before_command(
    parser: argparse.ArgumentParser, argv: list[str], extra: list[str]
) -> list[str]:
    """Return the arguments of `extra` that stand in `argv` before the command's name."""
    commands = _commands(parser)
    at = next((i for i, token in enumerate(argv) if token in commands), len(argv))
    return [token for token in argv[:at] if token in extra]


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Return the commands of docgen's `parser`, each with its own parser, by name."""
    return next(
        action.choices
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
    )


def _option_strings(parser: argparse.ArgumentParser) -> list[str]:
    """Return every option `parser` takes (``--format``, ``-j``, ``--jobs`` ...)."""
    return [option for action in parser._actions for option in action.option_strings]


def _unrecognized(
    parser: argparse.ArgumentParser,
    extra: list[str],
    top: argparse.ArgumentParser | None = None,
) -> str:
    """Return the usage error for arguments `parser` does not take, with the option meant for
    each mistyped one (``--fromat``: did you mean --format?). `top`, docgen's own parser when
    `parser` is a command's, names an option of docgen's given after the command (``docgen
    render deal.yaml --version``), which goes before it."""
    options = _option_strings(parser)
    own = [o for o in _option_strings(top) if o not in options] if top is not None else []
    meant = {}
    for argument in extra:
        name = argument.split("=", 1)[0]
        # The command's own options given before it were refused by _options_before_command.
        if not name.startswith("-"):
            continue
        if close := difflib.get_close_matches(name, options, n=1):
            meant[name] = close[0]
        elif close := difflib.get_close_matches(name, own, n=1):
            said = (
                f"{name} is docgen's own option: it"
                if close[0] == name
                else f"did you mean {close[0]}, docgen's own option? It"
            )
            return (
                f"unrecognized arguments: {' '.join(extra)}; {said} goes before any command "
                f"(docgen {close[0]})"
            )
    message = f"unrecognized arguments: {' '.join(extra)}"
    if len(meant) == 1:
        return f"{message}; did you mean {next(iter(meant.values()))}?"
    if meant:
        guesses = ", ".join(f"{option} for {name}" for name, option in meant.items())
        return f"{message}; did you mean {guesses}?"
    return message


def text_argument(text: str) -> str:
    """Return an argument that names a file or folder, refusing an empty one (an unset shell
    variable's, which would mean the current folder without saying so)."""
    if not text:
        raise argparse.ArgumentTypeError("expected a file or folder name, got an empty one")
    return text


def path_argument(text: str) -> Path:
    """Return an argument's file or folder name as a path (see :func:`text_argument`)."""
    return Path(text_argument(text))


def document_option(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """Add ``--document ID`` to `parser` (a command's; ``docgen batch`` adds it too)."""
    parser.add_argument(
        "--document",
        required=required,
        metavar="ID",
        help="the document: indemnification or release, or with --templates one of the folder's"
        + ("" if required else " (default: every one)"),
    )


def _templates_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--templates", type=Path, metavar="DIR", help="use this folder's templates")


def _render(args: argparse.Namespace) -> int:
    from generator.render import default_out_dir, render_to
    from generator.termsheet import load_term_sheet
    from generator.writers import parse_formats

    formats = parse_formats(args.format)
    if args.out is not None:
        from generator.errors import OutputError

        problem = out_problem(args.out)
        if problem:  # said before any rendering, and as the option the user gave
            raise OutputError(f"--out {shown(str(args.out))}: {problem}")
    out = args.out or default_out_dir(args.sheet)
    documents = (args.document,) if args.document else None
    sheet = load_term_sheet(args.sheet)
    written = render_to(sheet, out, formats, documents, templates=args.templates, source=args.sheet)
    for path in written:
        print(f"wrote {shown(str(path))}")
    print_notes(args.sheet, sheet.notes())
    if args.templates is not None and documents is None:
        print_notes(args.templates, template_notes(args.templates))
    return 0


def out_problem(out: Path) -> str | None:
    """Return the problem with `out`, given as ``--out``, as the folder to write into: ``-``
    (standard output, to other tools) or no folder (:func:`~generator.output.not_a_folder`)."""
    from generator.output import not_a_folder

    if str(out) == "-":
        return (
            "the output is files in a folder, not standard output: name a folder (docgen "
            "check validates a term sheet without writing)"
        )
    return not_a_folder(out)


def template_notes(folder: Path) -> list[str]:
    """Return the notes on a firm's template folder, rendering all its documents: the built-in
    documents it has no template for, when it holds some of them (a folder of the firm's own
    documents alone gets no such note), and the files named like templates that are not read as
    one (``letter.xml.jinja``). Either would otherwise be skipped without a word."""
    from generator.assembly import DOCUMENTS, documents
    from generator.templating import TEMPLATE_SUFFIX, Templates

    note = Templates(folder).lookalike_note()
    notes = [note] if note else []
    missing = [d for d in DOCUMENTS if d not in documents(folder)]
    if not missing or len(missing) == len(DOCUMENTS):
        return notes
    files = ", ".join(f"{d}{TEMPLATE_SUFFIX}" for d in missing)
    return [
        f"no {files} here, so {'they were' if len(missing) > 1 else 'it was'} not rendered",
        *notes,
    ]


def print_notes(path: str | Path, notes: list[str]) -> None:
    """Print each of `notes` on stderr, after the file or folder it is about."""
    for note in notes:
        print(f"{shown(str(path))}: note: {note}", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    from generator.termsheet import load_term_sheet

    problems = []
    count = 0
    for path in args.sheets:
        try:
            sheet = load_term_sheet(path)
            print(f"{shown(str(path))}: ok")
            print_notes(path, sheet.notes())
            _note_glyphs(path, sheet)
        except TermSheetError as exc:
            problems.extend(exc.problems)
            count += exc.count
    if problems:
        raise TermSheetError(problems, count=count)
    return 0


def _note_glyphs(path: Path, sheet: TermSheet) -> None:
    """Note each value of `sheet` holding a character the PDF cannot draw: the other formats
    can show it, so it is no problem for ``check``, but ``render`` refuses a PDF of it."""
    from generator.glyphs import locate_glyphs, uncovered

    values = sheet.model_dump(mode="json")
    missing = set(uncovered(json.dumps(values, ensure_ascii=False)))
    for problem in locate_glyphs(path, missing) if missing else []:
        note = replace(problem, field="", message=f"note: {problem.field}: {problem.message}")
        print(note, file=sys.stderr)


def _clauses(args: argparse.Namespace) -> int:
    from generator.assembly import assemble

    for clause in assemble(args.document, args.sheet, templates=args.templates).clauses:
        print(clause)
    return 0


def _markup(args: argparse.Namespace) -> int:
    from generator.assembly import render_markup

    sys.stdout.write(render_markup(args.document, args.sheet, templates=args.templates))
    return 0


#: Suffixes of the files a user keeps beside a schema, none of which should hold it.
_NOT_JSON = frozenset((".yaml", ".yml", ".txt", ".docx", ".doc", ".pdf", ".html", ".htm", ".md",
                       ".xml", ".j2", ".py"))  # fmt: skip


def _schema(args: argparse.Namespace) -> int:
    from generator.schema import schema_json

    text = schema_json()
    if args.out:
        from generator.output import write_files

        suffix = args.out.suffix.lower()
        if suffix in _NOT_JSON:  # "--out deal.yaml" would replace a term sheet with the schema
            raise GeneratorError(
                f"--out: {shown(str(args.out))} ends in {suffix}, but what is written there is "
                "the JSON Schema; name it .json"
            )

        write_files(args.out.parent or Path("."), {args.out.name: text.encode("utf-8")})
        print(f"wrote {shown(str(args.out))}")
    else:
        sys.stdout.write(text)
    return 0
