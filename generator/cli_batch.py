"""``docgen batch``: render many term sheets into ``<out>/<sheet stem>/``, in parallel.

This module is imported by every ``docgen`` command to register the subcommand, so it imports
nothing heavy at module level: the engine (:mod:`generator.batch`) and ``rich`` load only when a
batch runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cli import document_option, path_argument, text_argument
from generator.errors import shown

if TYPE_CHECKING:
    from generator.batch import BatchReport, SheetResult

__all__ = ["add_parser", "run"]

_DESCRIPTION = """\
Render every term sheet named (files, folders of *.yaml/*.yml, or glob patterns) into
DIR/<sheet stem>/, over N worker processes; two sheets with one stem (a.yaml in two folders)
are refused before anything is written. A term sheet with errors is reported and the others are
still written; the summary at the end lists every problem. Exit status: 0 when every sheet
was written, 1 when any failed, 2 when the batch could not start, 130 when interrupted
(143 when terminated).
Ctrl-C finishes the sheets in progress and stops; a second Ctrl-C stops at once (a worker
moving a sheet's files into place moves them all first). No partial file is ever left behind.
"""


def add_parser(subparsers: Any) -> None:
    """Register the ``batch`` subcommand on `subparsers` (``argparse`` sub-parsers)."""
    parser = subparsers.add_parser(
        "batch",
        help="render many term sheets in parallel",
        description=_DESCRIPTION,
    )
    parser.add_argument(
        "paths",
        type=text_argument,
        nargs="+",
        metavar="PATH",
        help="term sheet, folder of term sheets, or glob pattern (quoted: 'deals/**/*.yaml')",
    )
    parser.add_argument(
        "--out",
        type=path_argument,
        default=Path("output"),
        metavar="DIR",
        help="write each sheet's files into DIR/<sheet stem>/ (default: output)",
    )
    parser.add_argument(
        "--format",
        default="all",
        help="comma-separated formats: txt,json,html,docx,pdf or all (default: all)",
    )
    document_option(parser)
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        metavar="N",
        help="worker processes (default: the number of cores)",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="use this folder's templates (a firm's own; untrusted, as for render)",
    )
    parser.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    """Run a batch for the parsed `args`; return the exit code (0, 1, or 130 if interrupted)."""
    from generator.batch import BatchError, collect_sheets, plan_jobs, prepare, run_batch
    from generator.render import check_out_dir
    from generator.writers import parse_formats

    formats = parse_formats(args.format)
    if args.templates is not None:
        from generator.templating import Templates

        # A folder that is not one, or holds no templates, stops the batch now (exit 2).
        Templates(args.templates).documents()
    documents: tuple[str, ...] | None = None
    if args.document:
        from generator.assembly import documents as available
        from generator.assembly import no_such_document

        known = available(args.templates)
        if args.document not in known:
            raise BatchError(f"--document: {no_such_document(args.document, known)}")
        documents = (args.document,)
    elif args.templates is not None:
        from generator.cli import print_notes, template_notes

        print_notes(args.templates, template_notes(args.templates))
    jobs = plan_jobs(collect_sheets(args.paths), args.out, formats, documents, args.templates)
    check_out_dir(args.out, args.templates)  # every sheet would fail alike: stop now (exit 2)
    _ready(Path(args.out))
    # What every worker needs, imported here once (a writer that cannot load stops the batch
    # now, exit 2): forked workers inherit it.
    prepare(formats)
    if not gc.isenabled():
        # `docgen` turned the garbage collector off for start-up (cli.run); a batch runs long
        # and needs it back. What start-up built is frozen out of its reach first: neither
        # the parent nor a worker walks those objects again in any collection, and a worker's
        # collections do not write to (and so copy) the memory it shares with the parent.
        gc.freeze()
        gc.enable()
    reporter: _Lines | _Bar = _Bar(len(jobs)) if sys.stderr.isatty() else _Lines(len(jobs))
    try:
        report = run_batch(
            jobs, workers=args.jobs, on_result=reporter.result, on_notice=reporter.notice
        )
    finally:
        reporter.close()
    previous = None
    if report.interrupted and threading.current_thread() is threading.main_thread():
        # The user has asked to stop; one more Ctrl-C must not cut the summary short.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _summary(report, args.out)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return report.exit_code


def _ready(out: Path) -> None:
    """Create the output folder, or raise :class:`BatchError` (exit 2) before any sheet runs:
    a folder that cannot be made fails every sheet the same way."""
    from generator.batch import BatchError
    from generator.cli import out_problem
    from generator.output import make_folders, sync_folder

    problem = out_problem(out)
    if problem:
        raise BatchError(f"--out {shown(str(out))}: {problem}")  # as docgen render says it
    try:
        for made in make_folders(out):  # workers flush what they put in it; its name, here
            sync_folder(made.parent)
    except OSError as exc:
        raise BatchError(f"--out {out}: cannot create the folder: {exc.strerror}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise BatchError(f"--out {out}: the folder cannot be written to")


def describe(result: SheetResult) -> str:
    """Return the one line that reports `result`."""
    sheet = shown(result.sheet)
    if result.ok:
        count = len(result.written)
        return f"ok    {sheet} -> {shown(result.out_dir)}/ ({count} file{_s(count)})"
    if result.problems:
        count = result.problem_count or len(result.problems)
        return f"FAIL  {sheet} ({count:,} problem{_s(count)}; listed at the end)"
    return f"stop  {sheet} (interrupted; nothing of it was written)"


class _Lines:
    """One line per sheet on stdout: for logs, pipes and CI."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.width = len(str(total))

    def result(self, result: SheetResult) -> None:
        self.done += 1
        print(f"[{self.done:>{self.width}}/{self.total}] {describe(result)}", flush=True)
        for note in result.notes:  # on stderr, as render prints a sheet's notes
            print(note, file=sys.stderr, flush=True)

    def notice(self, message: str) -> None:
        print(f"docgen batch: {message}", file=sys.stderr, flush=True)

    def close(self) -> None:
        pass


#: The bar is redrawn at most this often (a batch of small sheets finishes hundreds a second).
_REDRAW_SECONDS = 0.05


class _Bar:
    """A progress bar on the terminal (stderr); failures are printed above it as they happen.

    It redraws on each finished sheet rather than from a refresh thread, so no thread is running
    when the worker processes are forked.
    """

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("rendering"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("term sheets"),
            TimeElapsedColumn(),
            console=Console(stderr=True, highlight=False),
            auto_refresh=False,
        )
        self.task = self.progress.add_task("batch", total=total)
        self.total = total
        self.done = 0
        self.drawn = 0.0
        self.progress.start()
        self.progress.refresh()

    def result(self, result: SheetResult) -> None:
        import time

        if not result.ok:
            self.progress.console.print(describe(result), markup=False)
        for note in result.notes:
            self.progress.console.print(note, markup=False, soft_wrap=True)
        self.done += 1
        self.progress.advance(self.task)
        now = time.monotonic()
        if now - self.drawn >= _REDRAW_SECONDS or self.done == self.total:
            self.progress.refresh()
            self.drawn = now

    def notice(self, message: str) -> None:
        self.progress.console.print(f"docgen batch: {message}", markup=False)
        self.progress.refresh()

    def close(self) -> None:
        self.progress.stop()


def _summary(report: BatchReport, out: Path) -> None:
    written = report.succeeded
    files = sum(len(r.written) for r in written)
    where = f"{shown(str(out))}/ ({files} file{_s(files)}) in {report.seconds:.2f} s"
    if report.failed:
        failed = len(report.failed)
        print(
            f"docgen batch: {failed} of {report.total} term sheet{_s(report.total)} failed; "
            f"{len(written)} written to {where}:",
            file=sys.stderr,
        )
        for result in report.failed:
            for line in result.problems:
                print(line, file=sys.stderr)
    if report.interrupted:
        print(
            f"docgen batch: {'terminated' if report.terminated else 'interrupted'}; "
            f"{len(written)} of {report.total} term "
            f"sheet{_s(report.total)} written to {where}, {report.not_written} not written "
            "(no partial file was left)",
            file=sys.stderr,
        )
    elif not report.failed:
        print(f"docgen batch: {report.total} term sheet{_s(report.total)} written to {where}")


def _s(count: int) -> str:
    return "" if count == 1 else "s"
