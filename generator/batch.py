"""Render many term sheets at once, in parallel worker processes: the engine of ``docgen batch``.

Each term sheet is one job: a worker process renders it in memory
(:func:`generator.render.render_bytes`) and writes its files into ``<out>/<sheet stem>/``, all or
nothing (:func:`generator.output.stage_files`; a task's sheets are staged together, then moved
into place one by one: see :func:`render_sheets`). A sheet that fails is reported and the others go
on. The parent process only hands out tasks (a few jobs each, see :func:`task_size`) and
collects :class:`SheetResult` objects; a bounded number of tasks is in flight at any time, so
memory does not grow with the size of the batch. A worker that dies (killed, out of memory)
breaks the pool, which ends its other workers too: the sheets of every task in flight are
reported failed, and the batch goes on with fresh workers.

Ctrl-C: the first one stops handing out tasks and tells the workers to stop: each finishes the
sheet it is rendering, writes the sheets of its task it has rendered (each whole) and starts no
other. A second one terminates the workers at once and removes any staging file they left.
Either way no half-written file remains, and every finished sheet stays.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError, TermSheetError, shown
from generator.output import StagedFiles, sheet_stem

__all__ = [
    "SHEET_SUFFIXES",
    "BatchError",
    "BatchReport",
    "Job",
    "SheetResult",
    "collect_sheets",
    "default_jobs",
    "plan_jobs",
    "render_sheet",
    "run_batch",
]

#: The suffixes of the files a folder or a pattern contributes to a batch.
SHEET_SUFFIXES: tuple[str, ...] = (".yaml", ".yml")

_GLOB_CHARS = re.compile(r"[*?\[]")

#: How many tasks are handed to the pool per worker at a time (the one it renders, one queued).
_QUEUED_PER_WORKER = 2

#: Most sheets in one task. A task costs the parent about half a millisecond (pickling, queues,
#: futures), as much as a tenth of a small sheet, on cores the workers need; a task of several
#: sheets pays it once. Tasks shrink to single sheets towards the end of a batch, so that no
#: worker is left alone with a long one.
_MAX_SHEETS_PER_TASK = 8

#: Most staged files a task keeps open (a descriptor each) before it moves the sheets staged so
#: far into place; processes are commonly allowed 1,024 descriptors.
_MAX_OPEN_STAGED = 128

#: How often the parent looks for Ctrl-C while it waits for a sheet.
_POLL_SECONDS = 0.1


class BatchError(GeneratorError):
    """A batch that cannot start: no term sheets found, two sheets for one folder, a bad option."""


@dataclass(frozen=True, slots=True)
class Job:
    """One term sheet to render, and where its files go."""

    sheet: str
    """The term sheet's path as the user named it (problems are reported against it)."""
    out_dir: str
    """The folder its files are written into: ``<out>/<sheet stem>``."""
    formats: tuple[str, ...]
    documents: tuple[str, ...] | None = None
    """The documents to render; ``None`` for all of them."""
    templates: str | None = None
    """A firm's template folder (untrusted, as for ``docgen render --templates``); ``None``
    for the built-in templates."""


@dataclass(frozen=True, slots=True)
class SheetResult:
    """What became of one term sheet."""

    sheet: str
    out_dir: str
    written: tuple[str, ...] = ()
    """The paths written, in order; empty unless every file of the sheet was written."""
    problems: tuple[str, ...] = ()
    """One line per problem, each starting with the sheet's file (``file:line: field: ...``)."""
    problem_count: int = 0
    """How many problems were found: more than `problems` lists when the rest were left out
    (its last line then says how many); 0 means as many as it lists."""
    interrupted: bool = False
    """True when Ctrl-C reached the sheet: before its files were written (`written` is empty),
    or while they were moved into place (`written` lists them all)."""
    seconds: float = 0.0
    crashed: bool = False
    """True when the worker rendering the sheet died (the batch goes on with a new one)."""
    notes: tuple[str, ...] = ()
    """Advice on the sheet, one line each (``file: note: ...``), as ``docgen render`` prints
    it: a default a new deal rarely wants, a jurisdiction that looks like a typo."""

    @property
    def ok(self) -> bool:
        """Return True when every file of the sheet was written."""
        return bool(self.written) and not self.problems


@dataclass
class BatchReport:
    """The outcome of a batch: one :class:`SheetResult` per sheet that was started."""

    total: int
    """How many sheets the batch was asked to render."""
    results: list[SheetResult] = field(default_factory=list)
    interrupted: bool = False
    terminated: bool = False
    """True when the interruption was a SIGTERM rather than Ctrl-C."""
    seconds: float = 0.0

    @property
    def succeeded(self) -> list[SheetResult]:
        """Return the results of the sheets whose files were all written."""
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[SheetResult]:
        """Return the results of the sheets that failed, in the order they finished."""
        return [r for r in self.results if r.problems]

    @property
    def not_written(self) -> int:
        """Return how many sheets were not written because the batch was interrupted."""
        return self.total - len(self.succeeded) - len(self.failed)

    @property
    def exit_code(self) -> int:
        """Return 143 when terminated (SIGTERM), 130 when interrupted (Ctrl-C), 1 when any
        sheet failed, 0 otherwise."""
        if self.interrupted:
            return 143 if self.terminated else 130
        return 1 if self.failed else 0


# -- finding the term sheets ---------------------------------------------------------------------


def collect_sheets(specs: Sequence[str | Path]) -> list[Path]:
    """Return the term sheets named by `specs`: files, folders and glob patterns, in order.

    A file is taken as it is; a folder contributes the ``*.yaml`` and ``*.yml`` files directly in
    it, and a pattern (``sheets/**/*.yaml``, expanded here when the shell did not) the matching
    files with those suffixes, each sorted by name. A file named twice is rendered once. Raise
    :class:`BatchError` naming every spec that matches nothing.
    """
    found: dict[Path, Path] = {}
    missing: list[str] = []
    for spec in specs:
        if not str(spec):  # Path("") is ".": the current folder's sheets, never asked for
            missing.append("'': an empty name, not a term sheet, folder or pattern")
            continue
        try:
            kind, matches = _matches(spec)
        except OSError as exc:
            missing.append(f"{spec}: {exc.strerror or exc}")
            continue
        if not matches:
            missing.append(f"{spec}: {_NO_MATCH[kind]}")
        for match in matches:
            found.setdefault(match.resolve(), match)
    if missing:
        raise BatchError("; ".join(missing))
    if not found:
        raise BatchError("name at least one term sheet, folder or pattern")
    return list(found.values())


_NO_MATCH = {
    "folder": "the folder holds no term sheets (*.yaml, *.yml)",
    "pattern": "no term sheet (*.yaml, *.yml) matches this pattern",
    "missing": "no such file or folder",
}


def _matches(spec: str | Path) -> tuple[str, list[Path]]:
    """Return what `spec` names ("file", "folder", "pattern" or "missing") and its term sheets.

    Raise :exc:`OSError` when it cannot be looked at (a name too long, a folder not listable).
    """
    import glob

    path = Path(spec)
    if path.is_dir():  # dot-files skipped, as the shell's globs skip them (editor lock links)
        kind, names = "folder", [p for p in path.iterdir() if not p.name.startswith(".")]
    elif os.path.lexists(path):  # a file, or a link or pipe whose sheet then fails as a sheet
        return "file", [path]
    elif _GLOB_CHARS.search(str(spec)):
        kind, names = "pattern", [Path(p) for p in glob.glob(str(spec), recursive=True)]
    else:
        return "missing", []
    # Every entry named as a sheet is one, but a folder: a dangling link, a pipe or a device
    # fails as a sheet, in the summary, instead of being passed over without a word.
    return kind, sorted(p for p in names if p.suffix.lower() in SHEET_SUFFIXES and not p.is_dir())


def plan_jobs(
    sheets: Sequence[str | Path],
    out: str | Path,
    formats: Sequence[str],
    documents: Sequence[str] | None = None,
    templates: str | Path | None = None,
) -> list[Job]:
    """Return one :class:`Job` per sheet, writing into ``<out>/<sheet stem>/``.

    Raise :class:`BatchError` when two sheets share a stem (compared without regard to case, as
    some file systems do): their files would overwrite each other. The batch refuses to guess
    which one is meant; rename one, or render them in separate batches.
    """
    unnamable = [
        shown(str(sheet)) for sheet in sheets if shown(sheet_stem(sheet)) != sheet_stem(sheet)
    ]
    if unnamable:
        raise BatchError(
            f"{', '.join(unnamable)}: a term sheet's files go to a folder named after it, and "
            "this name holds characters a terminal obeys (control characters); rename it"
        )
    by_stem: dict[str, list[str]] = {}
    for sheet in sheets:
        by_stem.setdefault(sheet_stem(sheet).casefold(), []).append(str(sheet))
    clashes = [names for names in by_stem.values() if len(names) > 1]
    if clashes:
        lines = "; ".join(
            f"{Path(out) / sheet_stem(names[0])}/ for {', '.join(names)}" for names in clashes
        )
        raise BatchError(
            "each term sheet is written to a folder named after its file, and these would "
            f"share one: {lines}; rename one of them or render them in separate batches"
        )
    docs = tuple(documents) if documents else None
    folder = str(templates) if templates is not None else None
    return [
        Job(str(sheet), str(Path(out) / sheet_stem(sheet)), tuple(formats), docs, folder)
        for sheet in sheets
    ]


def default_jobs() -> int:
    """Return the number of worker processes to use by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# -- one sheet (runs in a worker) ----------------------------------------------------------------


#: Set by the parent on Ctrl-C: a worker finishes the sheet it is rendering and starts no
#: other (the worker's copy, given to it by :func:`_init_worker`; ``None`` outside a batch).
_stop: Any = None


def render_sheets(jobs: Sequence[Job]) -> list[SheetResult]:
    """Render and write `jobs` (one task of a batch); return a result for each, in order.

    Every sheet is rendered and its files staged (written beside their places, their writeback
    started) before any is moved into place. The first sheet's flush to disk then finds the
    others' data written as well, and on a file system with one journal, such as ext4, its
    commit records them all: a task costs about one journal commit instead of one per sheet.
    Then each sheet's files are flushed and moved into place, all or nothing, and the task's
    folders are flushed once, before any sheet of it is reported written. (A task with very
    many files moves what it has staged into place every :data:`_MAX_OPEN_STAGED` files, since
    each staged file holds a descriptor.)

    When the batch is asked to stop, the sheets rendered are written and no other is started.
    Ctrl-C reaching this process (rendering in-process, not in a worker) stops the task as
    well: the sheets rendered before it are written, those after it reported interrupted.
    """
    entries: list[SheetResult | tuple[SheetResult, StagedFiles]] = []  # in the jobs' order
    folders: dict[str, list[Path]] = {}  # each sheet's folders to flush once it is in place
    with contextlib.ExitStack() as cleanup:  # staged files not moved into place are removed
        interrupted = False
        open_files = 0
        for job in jobs:
            if interrupted or (_stop is not None and _stop.is_set()):
                entries.append(SheetResult(job.sheet, job.out_dir, interrupted=True))
                continue
            outcome, files = _stage_sheet(job)
            if files is None:
                entries.append(outcome)
                interrupted = outcome.interrupted
                continue
            cleanup.callback(files.discard)
            entries.append((outcome, files))
            folders[job.out_dir] = files.folders_to_flush()
            open_files += files.descriptors
            if open_files >= _MAX_OPEN_STAGED:
                interrupted = _commit_staged(entries)
                open_files = 0
        _commit_staged(entries)
    results = [entry for entry in entries if isinstance(entry, SheetResult)]
    return _flush_folders(results, folders)


def _flush_folders(results: list[SheetResult], folders: dict[str, list[Path]]) -> list[SheetResult]:
    """Flush the folders of the sheets written, each folder once; return the results.

    A sheet whose folder the disk did not take is reported failed: its files are in place, but
    might not be after a power cut.
    """
    from generator.output import sync_folder

    errors: dict[Path, str] = {}  # folder -> why it was not flushed
    tried: set[Path] = set()
    flushed: list[SheetResult] = []
    for result in results:
        mine = folders.get(result.out_dir, []) if result.written else []
        for folder in mine:
            if folder in tried:
                continue
            tried.add(folder)
            try:
                sync_folder(folder)
            except OSError as exc:
                errors[folder] = exc.strerror or str(exc)
        failed = "; ".join(f"{folder}: {errors[folder]}" for folder in mine if folder in errors)
        if failed:
            problem = (
                f"{result.sheet}: its files were written, but the disk did not take the "
                f"folder's new entries ({failed})"
            )
            result = replace(result, problems=(problem,))
        flushed.append(result)
    return flushed


def _commit_staged(entries: list[SheetResult | tuple[SheetResult, StagedFiles]]) -> bool:
    """Move the staged sheets among `entries` into place, in order, replacing each by its result.

    After an interrupted sheet the rest are not moved: their results say interrupted, and
    their staged files are left for the caller to discard. Return whether one was interrupted.
    """
    interrupted = False
    for index, entry in enumerate(entries):
        if isinstance(entry, SheetResult):
            interrupted = interrupted or entry.interrupted
            continue
        outcome, files = entry
        if interrupted:
            entries[index] = replace(outcome, interrupted=True)
        else:
            entries[index] = result = _commit_sheet(outcome, files)
            interrupted = result.interrupted
    return interrupted


def render_sheet(job: Job) -> SheetResult:
    """Render and write one term sheet; return what became of it (never raise for its errors).

    A :class:`~generator.errors.GeneratorError` becomes the result's problems; any other
    exception an ``internal error`` problem (with the traceback when ``DOCGEN_DEBUG`` is set);
    a :exc:`KeyboardInterrupt` an interrupted result, with nothing of the sheet written.
    """
    return render_sheets([job])[0]


def _stage_sheet(job: Job) -> tuple[SheetResult, StagedFiles | None]:
    """Render `job` and stage its files; return its result so far and the staged files."""
    from generator.errors import shown
    from generator.output import stage_files
    from generator.render import check_out_dir, render_bytes
    from generator.termsheet import load_term_sheet

    start = time.perf_counter()
    outcome = SheetResult(job.sheet, job.out_dir)
    staged = None
    try:
        check_out_dir(job.out_dir, job.templates)
        sheet = load_term_sheet(job.sheet)
        files = render_bytes(
            sheet, job.formats, job.documents, templates=job.templates, source=job.sheet
        )
        staged = stage_files(job.out_dir, files, inputs=[job.sheet])
        notes = tuple(f"{shown(job.sheet)}: note: {note}" for note in sheet.notes())
        outcome = replace(outcome, notes=notes)
    except (Exception, KeyboardInterrupt) as exc:
        outcome = _failed(outcome, exc)
    return replace(outcome, seconds=time.perf_counter() - start), staged


def _commit_sheet(outcome: SheetResult, staged: StagedFiles) -> SheetResult:
    """Move `staged` into place, all or nothing; return `outcome` with what became of it."""
    start = time.perf_counter()
    try:
        with _interrupts_deferred() as caught:
            paths = staged.commit()
        outcome = replace(outcome, written=tuple(map(str, paths)), interrupted=bool(caught))
    except (Exception, KeyboardInterrupt) as exc:
        outcome = _failed(outcome, exc)
    return replace(outcome, seconds=outcome.seconds + time.perf_counter() - start)


def _failed(outcome: SheetResult, exc: Exception | KeyboardInterrupt) -> SheetResult:
    """Return `outcome` with `exc`, raised while rendering or writing its sheet, recorded."""
    sheet = shown(outcome.sheet)
    if isinstance(exc, KeyboardInterrupt):
        return replace(outcome, interrupted=True)
    if isinstance(exc, TermSheetError):
        return replace(
            outcome, problems=tuple(str(p) for p in exc.problems), problem_count=exc.count
        )
    if isinstance(exc, GeneratorError):
        return replace(outcome, problems=(f"{sheet}: {shown(str(exc))}",))
    message = f"{sheet}: internal error: {type(exc).__name__}: {shown(str(exc))}"
    if os.environ.get("DOCGEN_DEBUG"):
        message += "\n" + "".join(traceback.format_exception(exc)).rstrip()
    return replace(outcome, problems=(message,))


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[list[int]]:
    """Hold back SIGINT and SIGTERM for the block, so a sheet's files are moved into place together.

    Yield the list of SIGINTs caught meanwhile; the caller decides what they mean. A SIGTERM
    (how the batch stops its workers after a second Ctrl-C) takes effect when the block ends:
    the sheet's files are then all in place, and the process ends as it was asked to.
    """
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    terminated: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    previous_term = signal.getsignal(signal.SIGTERM)
    if previous_term is not None:  # None: a handler set outside Python, left alone
        signal.signal(signal.SIGTERM, lambda signum, _frame: terminated.append(signum))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)
        if previous in (signal.SIG_IGN, None):
            caught.clear()
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
            if terminated:
                signal.raise_signal(signal.SIGTERM)


def prepare(formats: Sequence[str]) -> None:
    """Import the render path and the writers of `formats`, so each sheet does not pay for it."""
    import generator.output
    import generator.render  # noqa: F401
    from generator.writers import get_writer

    for fmt in formats:
        get_writer(fmt)


def _init_worker(formats: Sequence[str], stop: Any) -> None:
    # Ctrl-C in a terminal reaches the whole process group; the parent decides what stops,
    # and says so through `stop`.
    global _stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the parent's handler; SIGTERM must end it (how a second Ctrl-C
    # stops the workers, the parent removing what they leave).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _stop = stop
    prepare(formats)


# -- the batch (runs in the parent) --------------------------------------------------------------


def run_batch(
    jobs: Sequence[Job],
    *,
    workers: int | None = None,
    on_result: Callable[[SheetResult], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> BatchReport:
    """Render every job over `workers` processes (default: one per core); return the report.

    `on_result` is called in the parent as each sheet finishes (for progress); `on_notice` with
    a sentence when Ctrl-C changes what the batch does. A failing sheet never stops the others.
    On Ctrl-C the report is returned with ``interrupted`` set, after the workers have ended.
    """
    report = BatchReport(total=len(jobs))
    if not jobs:
        return report
    count = max(1, min(workers or default_jobs(), len(jobs)))
    formats = jobs[0].formats
    context = _mp_context()
    # In the parent first: a writer that cannot load stops the batch before it starts (exit 2),
    # and forked workers inherit the imports instead of each paying for them.
    prepare(formats)
    start = time.perf_counter()

    def finished(results: Sequence[SheetResult]) -> None:
        # Every result is recorded before any callback runs, so a Ctrl-C raised in one (outside
        # the main thread) loses none of a task's sheets from the report.
        report.results.extend(results)
        if on_result is None:
            return
        interrupted = False
        for result in results:
            try:
                on_result(result)
            except KeyboardInterrupt:
                interrupted = True
        if interrupted:
            raise KeyboardInterrupt

    todo = deque(jobs)
    running: dict[Future[list[SheetResult]], tuple[Job, ...]] = {}
    limit = count * _QUEUED_PER_WORKER

    stop = context.Event()
    since = time.time_ns()  # files written from now on are this batch's

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            count, context, initializer=_init_worker, initargs=(formats, stop)
        )

    pool = new_pool()
    broken = False
    workers_killed = False
    # The sheets whose worker was killed under them, reported once their pool's workers are
    # gone (see _settled), which is also when what those left is removed.
    undecided: list[tuple[SheetResult, Job]] = []

    def received(results: Sequence[SheetResult], task: tuple[Job, ...]) -> None:
        # A crashed sheet is decided when its pool is shut: another worker, being stopped,
        # may still be moving a sheet's files into place (it finishes that first).
        undecided.extend((r, job) for r, job in zip(results, task, strict=True) if r.crashed)
        finished([result for result in results if not result.crashed])

    def shut(pool: ProcessPoolExecutor, *, cancel: bool = True) -> None:
        held = list(undecided)
        undecided.clear()
        _shut(pool, [Path(job.out_dir) for _result, job in held], cancel=cancel)
        if held:
            finished(_settled(held, ctrl_c, since))

    # Ctrl-C is counted, not raised, until the workers are gone: one more while they shut down
    # must not cut the report short.
    with _CtrlC() as ctrl_c:
        try:
            try:
                while (todo or running) and not ctrl_c.count:
                    if broken and not running:  # a worker died: go on with fresh ones
                        shut(pool)
                        pool, broken = new_pool(), False
                    if not broken:
                        broken = _fill(pool, todo, running, limit, count)
                    if not running:
                        continue
                    done, _ = wait(running, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
                    for future in done:
                        task = running.pop(future)
                        results = _outcome(future, task)
                        broken = broken or any(result.crashed for result in results)
                        if any(result.interrupted for result in results):
                            ctrl_c.count += 1  # SIGINT reached a worker: stop as for Ctrl-C
                        received(results, task)
            except KeyboardInterrupt:
                ctrl_c.count += 1
            if ctrl_c.count:
                report.interrupted = True
                report.terminated = ctrl_c.terminated
                stop.set()
                notice = on_notice or (lambda _message: None)
                workers_killed = _wind_down(pool, running, received, notice, ctrl_c, since)
        finally:
            try:
                shut(pool, cancel=not workers_killed)
            finally:
                report.seconds = time.perf_counter() - start
    return report


def _shut(pool: ProcessPoolExecutor, crashed: Sequence[Path], *, cancel: bool = True) -> None:
    """Shut `pool` down and, its workers gone, remove what killed ones left in the `crashed`
    sheets' folders.

    When one worker dies the pool terminates the others, maybe in the middle of a sheet. After
    :func:`_terminate`, nothing is cancelled: the pool fails what it had pending itself, and a
    future cancelled meanwhile makes its thread raise (``InvalidStateError``, on Python 3.11).
    """
    pool.shutdown(wait=True, cancel_futures=cancel)
    for folder in crashed:
        _remove_staging(folder)


class _CtrlC:
    """Count SIGINTs in the parent instead of raising :exc:`KeyboardInterrupt` at a random line.

    The batch loop looks at :attr:`count` between sheets, so a result is never half handled.
    A SIGTERM (``timeout``, ``systemd``, ``docker stop``) counts as a Ctrl-C too, and is
    remembered in :attr:`terminated`. Outside the main thread (where no handler can be set)
    Ctrl-C raises as usual.
    """

    def __init__(self) -> None:
        self.count = 0
        self.terminated = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _CtrlC:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                previous = signal.signal(signum, self._handle)
                # None: a handler set outside Python, which cannot be put back: the default
                # action is, afterwards.
                self._previous[signum] = signal.SIG_DFL if previous is None else previous
        return self

    def __exit__(self, *_exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)

    def _handle(self, signum: int, _frame: object) -> None:
        self.count += 1
        self.terminated = self.terminated or signum == signal.SIGTERM


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork starts a worker in milliseconds with the parent's imports; elsewhere the default.
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _fill(
    pool: ProcessPoolExecutor,
    todo: deque[Job],
    running: dict[Future[list[SheetResult]], tuple[Job, ...]],
    limit: int,
    workers: int,
) -> bool:
    """Hand tasks to the pool up to `limit` in flight; return True if the pool is broken."""
    while todo and len(running) < limit:
        size = task_size(len(todo), workers)
        task = tuple(todo[i] for i in range(size))
        try:
            future = pool.submit(render_sheets, task)
        except BrokenProcessPool:
            return True
        for _ in range(size):
            todo.popleft()
        running[future] = task
    return False


def task_size(remaining: int, workers: int) -> int:
    """Return how many of the `remaining` sheets the next task takes, with `workers` workers.

    A quarter of each worker's fair share, at most :data:`_MAX_SHEETS_PER_TASK`, at least one:
    200 sheets over two workers go eight at a time, and the last dozen or so one at a time.
    """
    return max(1, min(_MAX_SHEETS_PER_TASK, remaining // (workers * 4)))


def _outcome(future: Future[list[SheetResult]], task: tuple[Job, ...]) -> list[SheetResult]:
    try:
        return future.result()
    except CancelledError:
        return [SheetResult(job.sheet, job.out_dir, interrupted=True) for job in task]
    except BrokenProcessPool:
        return [
            SheetResult(
                job.sheet,
                job.out_dir,
                problems=(
                    f"{job.sheet}: internal error: a worker process ended abruptly (out of "
                    "memory, killed, or a crash in a library) while rendering this or another "
                    "term sheet; render this one again (alone, to see which)",
                ),
                crashed=True,
            )
            for job in task
        ]


def _settled(
    crashed: Sequence[tuple[SheetResult, Job]], ctrl_c: _CtrlC, since: int
) -> list[SheetResult]:
    """Return what became of the `crashed` sheets (each with its job), once their pool's
    workers are gone.

    When the batch was stopped by SIGTERM (sent to the whole process group, as systemd does,
    so the workers died of it too), each sheet is written if its files were all moved into
    place (see :func:`_after_termination`), else interrupted: stopped, not failed. Otherwise
    a worker died on its own (killed, out of memory) and each sheet is failed, as reported.
    This is only known once the pool is shut: when one worker dies, the pool fails every task
    before it stops the others, and a worker being stopped finishes moving a sheet's files
    into place first.
    """
    if not ctrl_c.terminated:
        return [result for result, _job in crashed]
    return [_after_termination(job, since) for _result, job in crashed]


def _wind_down(
    pool: ProcessPoolExecutor,
    running: dict[Future[list[SheetResult]], tuple[Job, ...]],
    finished: Callable[[Sequence[SheetResult], tuple[Job, ...]], None],
    notice: Callable[[str], None],
    ctrl_c: _CtrlC,
    since: int,
) -> bool:
    """After a first Ctrl-C (the workers told to stop): let each worker finish its sheet.

    A second Ctrl-C terminates the workers, removes the staging files they may have left and
    reports as written the sheets whose files all reached the disk in this batch. Return
    whether the workers were terminated.
    """
    in_flight = [job for task in running.values() for job in task]
    try:
        if running:
            notice(
                "interrupted: each worker finishes the term sheet it is rendering "
                "(Ctrl-C again to stop at once)"
            )
        while running and ctrl_c.count < 2:
            done, _ = wait(running, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                task = running.pop(future)
                finished(_outcome(future, task), task)
    except KeyboardInterrupt:
        ctrl_c.count += 1
    if not running:
        return False
    notice("stopping the workers now")
    _terminate(pool)
    for job in in_flight:
        _remove_staging(Path(job.out_dir))
    for task in running.values():
        finished([_after_termination(job, since) for job in task], task)
    running.clear()
    return True


def _after_termination(job: Job, since: int) -> SheetResult:
    """Return what became of `job`, whose worker was terminated: written, if every one of its
    files is in place and was written after `since` (``time.time_ns()``), else interrupted.

    The worker may have been stopped before it flushed the sheet's folder: that is done here,
    before the sheet is reported written.
    """
    from generator.assembly import documents

    names = [f"{d}.{f}" for d in job.documents or documents(job.templates) for f in job.formats]
    out = Path(job.out_dir)
    paths = [out / name for name in names]
    try:
        if not all(path.stat().st_mtime_ns >= since for path in paths):
            return SheetResult(job.sheet, job.out_dir, interrupted=True)
    except OSError:
        return SheetResult(job.sheet, job.out_dir, interrupted=True)
    written = SheetResult(job.sheet, job.out_dir, written=tuple(map(str, paths)))
    return _flush_folders([written], {job.out_dir: [out, out.parent]})[0]


def _terminate(pool: ProcessPoolExecutor) -> None:
    stop = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if stop is not None:
        stop()
        return
    # Before 3.14 ProcessPoolExecutor has no public way to stop a busy worker.
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()
    for process in list(processes.values()):
        process.join(5)


def _remove_staging(out_dir: Path) -> None:
    """Remove the staging files and backups a terminated worker left in `out_dir` (only names
    :func:`generator.output.is_temporary` knows as this tool's).

    The sheet's folder goes too when that leaves it empty: the worker made it for files it did
    not get to move into place.
    """
    from generator.output import is_temporary

    with contextlib.suppress(OSError):
        for leftover in out_dir.iterdir():
            if is_temporary(leftover.name):
                leftover.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty (files of this or an earlier run): kept
        out_dir.rmdir()
