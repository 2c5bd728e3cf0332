"""The batch engine: finding term sheets, planning folders, rendering in workers, Ctrl-C."""

from __future__ import annotations

import errno
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.render
from benchmarks.sheets import write_variants
from generator import batch, output
from generator.batch import (
    BatchError,
    Job,
    SheetResult,
    collect_sheets,
    plan_jobs,
    render_sheet,
    run_batch,
)
from tests.conftest import SEED


def _leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


# -- collecting -----------------------------------------------------------------------------------


def test_collect_files_folders_and_patterns(tmp_path: Path) -> None:
    sheets = write_variants(tmp_path / "a", 3)
    other = write_variants(tmp_path / "b" / "deep", 2, seed_number=7)
    (tmp_path / "a" / "notes.txt").write_text("not a sheet", encoding="utf-8")
    yml = tmp_path / "c.yml"
    yml.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")

    assert collect_sheets([tmp_path / "a"]) == sheets
    assert collect_sheets([str(tmp_path / "b" / "**" / "*.yaml")]) == other
    assert collect_sheets([str(tmp_path / "*.yml")]) == [yml]
    # a file named twice (directly and through its folder) is rendered once
    assert collect_sheets([sheets[1], tmp_path / "a"]) == [sheets[1], sheets[0], sheets[2]]


def test_collect_names_every_spec_that_matches_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(BatchError) as caught:
        collect_sheets([tmp_path / "missing.yaml", tmp_path / "empty", str(tmp_path / "*.yaml")])
    message = str(caught.value)
    assert f"{tmp_path / 'missing.yaml'}: no such file or folder" in message
    assert f"{tmp_path / 'empty'}: the folder holds no term sheets" in message
    assert "no term sheet (*.yaml, *.yml) matches this pattern" in message


def test_collect_passes_over_no_sheet_that_is_not_a_regular_file(tmp_path: Path) -> None:
    # A dangling link or a pipe named as a sheet fails as a sheet (in the summary), never
    # vanishes from the batch; a folder named like a sheet is not one.
    (good,) = write_variants(tmp_path / "deals", 1)
    dangling = tmp_path / "deals" / "deal.yaml"
    dangling.symlink_to(tmp_path / "gone.yaml")
    pipe = tmp_path / "deals" / "pipe.yaml"
    os.mkfifo(pipe)
    (tmp_path / "deals" / "archive.yaml").mkdir()
    (tmp_path / "deals" / ".#deal.yaml").symlink_to("user@host.123:1700000000")  # Emacs's lock
    assert collect_sheets([tmp_path / "deals"]) == sorted([good, dangling, pipe])
    assert collect_sheets([pipe]) == [pipe]  # named directly: taken, not "no such file"
    assert collect_sheets([dangling]) == [dangling]


def test_collect_needs_something() -> None:
    with pytest.raises(BatchError, match="name at least one"):
        collect_sheets([])


def test_plan_writes_each_sheet_into_its_stem(tmp_path: Path) -> None:
    jobs = plan_jobs([Path("x/acme.yaml"), Path("beta.v2.yml")], tmp_path, ("txt",), ["release"])
    assert [j.out_dir for j in jobs] == [str(tmp_path / "acme"), str(tmp_path / "beta.v2")]
    assert jobs[0] == Job("x/acme.yaml", str(tmp_path / "acme"), ("txt",), ("release",))


def test_plan_refuses_two_sheets_for_one_folder(tmp_path: Path) -> None:
    with pytest.raises(BatchError) as caught:
        plan_jobs([Path("one/a.yaml"), Path("two/A.yml"), Path("b.yaml")], tmp_path, ("txt",))
    message = str(caught.value)
    assert f"{tmp_path / 'a'}/ for one/a.yaml, two/A.yml" in message
    assert "rename one of them" in message


# -- one sheet -------------------------------------------------------------------------------------


def test_render_sheet_writes_all_files(tmp_path: Path) -> None:
    result = render_sheet(Job(str(SEED), str(tmp_path / "nhtc"), ("txt", "json")))
    assert result.ok
    assert sorted(Path(p).name for p in result.written) == [
        "indemnification.json",
        "indemnification.txt",
        "release.json",
        "release.txt",
    ]
    assert result.seconds > 0


def test_render_sheet_reports_problems_with_file_line_and_field(tmp_path: Path) -> None:
    [bad] = write_variants(tmp_path / "in", 1, broken=(0,))
    result = render_sheet(Job(str(bad), str(tmp_path / "out"), ("txt",)))
    assert not result.ok
    assert result.written == ()
    assert result.problems == (
        f"{bad}:12: indemnitors.0.pronoun: expected he, she, they or it, got 'xe'",
    )
    assert not (tmp_path / "out").exists()


def test_render_sheet_reports_an_internal_error_without_raising(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> dict[str, bytes]:
        raise ValueError("boom")

    monkeypatch.setattr(generator.render, "render_bytes", broken)
    result = render_sheet(Job(str(SEED), str(tmp_path), ("txt",)))
    assert result.problems == (f"{SEED}: internal error: ValueError: boom",)


def test_keyboard_interrupt_while_rendering_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> dict[str, bytes]:
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.render, "render_bytes", interrupted)
    result = render_sheet(Job(str(SEED), str(tmp_path / "out"), ("txt",)))
    assert result.interrupted
    assert not result.ok
    assert not result.problems
    assert not (tmp_path / "out").exists()


def test_keyboard_interrupt_while_writing_lets_the_sheet_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.output

    real = generator.output.StagedFiles.commit

    def commit_with_ctrl_c(self: generator.output.StagedFiles) -> list[Path]:
        os.kill(os.getpid(), signal.SIGINT)  # held back until every file is in place
        return real(self)

    monkeypatch.setattr(generator.output.StagedFiles, "commit", commit_with_ctrl_c)
    result = render_sheet(Job(str(SEED), str(tmp_path / "out"), ("txt", "json")))
    assert result.interrupted
    assert result.ok
    assert len(list((tmp_path / "out").iterdir())) == 4
    assert _leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# -- the batch -------------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_one_bad_sheet_does_not_stop_the_batch(tmp_path: Path, workers: int) -> None:
    sheets = write_variants(tmp_path / "in", 7, broken=(2, 5))
    jobs = plan_jobs(sheets, tmp_path / "out", ("txt",))
    seen: list[SheetResult] = []
    report = run_batch(jobs, workers=workers, on_result=seen.append)
    assert seen == report.results
    assert report.total == 7
    assert len(report.succeeded) == 5
    assert sorted(r.sheet for r in report.failed) == [str(sheets[2]), str(sheets[5])]
    assert all(":12: indemnitors.0.pronoun: expected" in r.problems[0] for r in report.failed)
    assert report.exit_code == 1
    assert not report.interrupted
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [f"sheet-{i:04d}" for i in (0, 1, 3, 4, 6)]
    assert all(len(list((tmp_path / "out" / n).iterdir())) == 2 for n in written)
    assert _leftovers(tmp_path) == []


def test_a_clean_batch_exits_0(tmp_path: Path) -> None:
    jobs = plan_jobs(write_variants(tmp_path / "in", 3), tmp_path / "out", ("json",), ["release"])
    report = run_batch(jobs, workers=3)
    assert report.exit_code == 0
    assert [Path(p).name for r in report.results for p in r.written] == ["release.json"] * 3


def test_an_empty_batch_does_nothing() -> None:
    report = run_batch([])
    assert report.total == 0
    assert report.exit_code == 0


def _ctrl_c_after(count: int, seen: list[SheetResult]) -> Callable[[SheetResult], None]:
    """Return a progress callback that records each result in `seen` and, at the `count`-th,
    raises KeyboardInterrupt as a Ctrl-C in the parent would."""

    def callback(result: SheetResult) -> None:
        seen.append(result)
        if len(seen) == count:
            raise KeyboardInterrupt

    return callback


def test_ctrl_c_in_the_parent_finishes_what_is_running_and_starts_nothing_more(
    tmp_path: Path,
) -> None:
    jobs = plan_jobs(write_variants(tmp_path / "in", 40), tmp_path / "out", ("txt",))
    notices: list[str] = []
    seen: list[SheetResult] = []
    interrupt_after_two = _ctrl_c_after(2, seen)
    report = run_batch(jobs, workers=2, on_result=interrupt_after_two, on_notice=notices.append)
    assert report.interrupted
    assert report.exit_code == 130
    assert 3 <= len(report.succeeded) < 40
    assert report.not_written == 40 - len(report.succeeded)
    folders = sorted((tmp_path / "out").iterdir())
    assert len(folders) == len(report.succeeded)
    assert all(len(list(folder.iterdir())) == 2 for folder in folders)
    assert _leftovers(tmp_path) == []


def test_a_second_ctrl_c_terminates_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = plan_jobs(write_variants(tmp_path / "in", 6), tmp_path / "out", ("txt",))
    slow = Job(jobs[0].sheet, jobs[0].out_dir, ("txt",))
    # a staging file as a worker killed mid-write would leave it
    Path(slow.out_dir).mkdir(parents=True)
    (Path(slow.out_dir) / ".release.txt.docgen-123-abcd1234.tmp").write_bytes(b"half")

    real_wait = batch.wait
    calls = {"n": 0}

    def wait_then_ctrl_c(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        raise KeyboardInterrupt  # first in the main loop, then again while winding down

    monkeypatch.setattr(batch, "wait", wait_then_ctrl_c)
    notices: list[str] = []
    report = run_batch(jobs, workers=2, on_notice=notices.append)
    monkeypatch.setattr(batch, "wait", real_wait)
    assert calls["n"] == 2
    assert report.interrupted
    assert notices[-1] == "stopping the workers now"
    assert not report.succeeded
    assert _leftovers(tmp_path) == []


def _crash_on_sheet_3(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the worker that renders sheet-0003 die, as an out-of-memory kill or a crash in a C
    library would end it (the workers are forked after this, so they render with it)."""
    real = generator.render.render_bytes

    def crash_on_sheet_3(sheet: str, *args: object, **kwargs: object) -> dict[str, bytes]:
        if str(kwargs.get("source", sheet)).endswith("sheet-0003.yaml"):  # the sheet's file
            os._exit(9)
        return real(sheet, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.render, "render_bytes", crash_on_sheet_3)


def test_a_worker_that_dies_costs_only_the_sheets_in_flight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = write_variants(tmp_path / "in", 12)
    _crash_on_sheet_3(monkeypatch)
    report = run_batch(plan_jobs(sheets, tmp_path / "out", ("txt",)), workers=2)
    assert not report.interrupted
    assert len(report.results) == 12
    failed = {r.sheet for r in report.failed}
    assert str(sheets[3]) in failed
    assert len(failed) <= 4  # the sheets in flight when the worker died, at most
    assert len(report.succeeded) == 12 - len(failed)
    assert all(r.crashed for r in report.failed)
    assert "a worker process ended abruptly" in report.failed[0].problems[0]
    assert report.exit_code == 1
    assert _leftovers(tmp_path) == []


def test_a_crashed_sheet_is_decided_once_its_pool_is_shut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # When one worker dies the pool fails every task before it stops the other workers, and
    # a worker being stopped first finishes moving a sheet's files into place: a sheet must
    # not be reported (under SIGTERM: judged by its files) while that may still happen.
    sheets = write_variants(tmp_path / "in", 12)
    _crash_on_sheet_3(monkeypatch)
    events: list[str] = []
    real_shut = batch._shut

    def shut(*args: Any, **kwargs: Any) -> None:
        real_shut(*args, **kwargs)
        events.append("shut")

    monkeypatch.setattr(batch, "_shut", shut)

    def on_result(result: SheetResult) -> None:
        events.append("crashed" if result.crashed else "ok")

    jobs = plan_jobs(sheets, tmp_path / "out", ("txt",))
    report = run_batch(jobs, workers=2, on_result=on_result)
    assert "crashed" in events and len(report.results) == 12
    assert events.index("shut") < events.index("crashed")


def test_a_broken_future_fails_every_sheet_of_its_task(tmp_path: Path) -> None:
    from concurrent.futures.process import BrokenProcessPool

    jobs = tuple(plan_jobs(write_variants(tmp_path / "in", 3), tmp_path / "out", ("txt",)))
    future: batch.Future[list[SheetResult]] = batch.Future()
    future.set_exception(BrokenProcessPool("gone"))
    results = batch._outcome(future, jobs)
    assert [r.sheet for r in results] == [job.sheet for job in jobs]
    assert all(r.crashed for r in results)
    assert results[0].problems[0].startswith(f"{jobs[0].sheet}: internal error: a worker process")


# -- tasks of several sheets ------------------------------------------------------------


@pytest.mark.parametrize(
    ("remaining", "workers", "size"),
    [(200, 2, 8), (200, 1, 8), (40, 2, 5), (20, 2, 2), (7, 2, 1), (1, 8, 1), (1000, 8, 8)],
)
def test_task_size_shrinks_towards_the_end(remaining: int, workers: int, size: int) -> None:
    assert batch.task_size(remaining, workers) == size


def test_tasks_cover_every_sheet_once_in_order(tmp_path: Path) -> None:
    sheets = write_variants(tmp_path / "in", 50)
    seen: list[SheetResult] = []
    report = run_batch(
        plan_jobs(sheets, tmp_path / "out", ("txt",)), workers=2, on_result=seen.append
    )
    assert report.exit_code == 0
    assert sorted(r.sheet for r in report.results) == [str(s) for s in sheets]
    assert seen == report.results
    assert len(list((tmp_path / "out").iterdir())) == 50


def test_an_interrupted_sheet_stops_its_task(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = plan_jobs(write_variants(tmp_path / "in", 3), tmp_path / "out", ("txt",))
    real = generator.render.render_bytes

    def interrupted_on_second(sheet: str, *args: object, **kwargs: object) -> dict[str, bytes]:
        if str(kwargs.get("source", sheet)).endswith("0001.yaml"):
            raise KeyboardInterrupt
        return real(sheet, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.render, "render_bytes", interrupted_on_second)
    results = batch.render_sheets(jobs)
    assert [(r.ok, r.interrupted) for r in results] == [(True, False), (False, True), (False, True)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sheet-0000"]
    assert _leftovers(tmp_path) == []


def test_ctrl_c_while_a_task_is_moved_into_place_writes_no_later_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = plan_jobs(write_variants(tmp_path / "in", 3), tmp_path / "out", ("txt",))
    real = output.StagedFiles.commit
    calls: list[int] = []

    def commit_with_ctrl_c(self: output.StagedFiles) -> list[Path]:
        calls.append(1)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # held back until the first sheet is in place
        return real(self)

    monkeypatch.setattr(output.StagedFiles, "commit", commit_with_ctrl_c)
    results = batch.render_sheets(jobs)
    assert [(r.ok, r.interrupted) for r in results] == [(True, True), (False, True), (False, True)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sheet-0000"]
    assert _leftovers(tmp_path) == []  # the other two sheets' staged files were removed


def test_a_worker_terminated_while_writing_finishes_the_sheet_first(tmp_path: Path) -> None:
    # The batch stops its workers with SIGTERM after a second Ctrl-C; one that is moving a
    # sheet's files into place moves them all, then ends.
    import generator.output

    out = tmp_path / "out"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child, terminated half way through writing
        try:
            real = generator.output.StagedFiles.commit

            def commit_with_sigterm(self: generator.output.StagedFiles) -> list[Path]:
                os.kill(os.getpid(), signal.SIGTERM)  # held back until every file is in place
                return real(self)

            generator.output.StagedFiles.commit = commit_with_sigterm  # type: ignore[method-assign]
            render_sheet(Job(str(SEED), str(out), ("txt", "json")))
        finally:
            os._exit(1)  # not reached: SIGTERM ends the process when the files are in place
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM
    assert len(list(out.iterdir())) == 4
    assert _leftovers(tmp_path) == []


def _record_writes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record each sheet folder's staging and commit, as ("stage" | "commit", folder name)."""
    events: list[tuple[str, str]] = []
    real_stage, real_commit = output.stage_files, output.StagedFiles.commit

    def staging(out_dir: str, files: dict[str, bytes], **options: bool) -> output.StagedFiles:
        events.append(("stage", Path(out_dir).name))
        return real_stage(out_dir, files, **options)

    def committing(self: output.StagedFiles) -> list[Path]:
        events.append(("commit", self.folder.name))
        return real_commit(self)

    monkeypatch.setattr(output, "stage_files", staging)
    monkeypatch.setattr(output.StagedFiles, "commit", committing)
    return events


def test_a_task_stages_every_sheet_then_moves_each_then_flushes_the_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = write_variants(tmp_path / "in", 3)
    bad = tmp_path / "in" / "bad.yaml"
    bad.write_text("parties: [\n", encoding="utf-8")
    jobs = plan_jobs([sheets[0], bad, *sheets[1:]], tmp_path / "out", ("txt",))
    events = _record_writes(monkeypatch)

    def syncing(root: str) -> None:
        events.append(("sync", Path(root).name))

    monkeypatch.setattr(output, "sync_folder", syncing)
    results = batch.render_sheets(jobs)
    assert [r.ok for r in results] == [True, False, True, True]
    written = [Path(r.out_dir).name for r in results if r.ok]
    moves = [(step, name) for step in ("stage", "commit") for name in written]
    assert events[: len(moves)] == moves
    syncs = [name for step, name in events[len(moves) :] if step == "sync"]
    assert len(syncs) == len(events) - len(moves)
    assert [name for name in syncs if name.startswith("sheet-")] == written
    assert syncs.count("out") == 1  # where the sheets' folders were made: once for the task


def test_a_task_with_many_files_moves_them_into_place_before_it_stages_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = plan_jobs(write_variants(tmp_path / "in", 3), tmp_path / "out", ("txt", "json"))
    events = _record_writes(monkeypatch)
    monkeypatch.setattr(batch, "_MAX_OPEN_STAGED", 6)  # a sheet here stages four files
    results = batch.render_sheets(jobs)
    assert all(r.ok for r in results)
    names = [f"sheet-000{i}" for i in range(3)]
    assert events == [
        ("stage", names[0]),
        ("stage", names[1]),  # eight files open: these two go into place
        ("commit", names[0]),
        ("commit", names[1]),
        ("stage", names[2]),
        ("commit", names[2]),
    ]


def test_a_sheets_time_covers_its_move_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_commit = output.StagedFiles.commit

    def slow_commit(self: output.StagedFiles) -> list[Path]:
        time.sleep(0.2)
        return real_commit(self)

    monkeypatch.setattr(output.StagedFiles, "commit", slow_commit)
    result = render_sheet(Job(str(SEED), str(tmp_path / "out"), ("txt",)))
    assert result.ok
    assert result.seconds >= 0.2


@pytest.mark.parametrize("other_file", [False, True])
def test_staging_left_by_a_terminated_worker_is_removed(tmp_path: Path, other_file: bool) -> None:
    folder = tmp_path / "sheet-0000"
    folder.mkdir()
    (folder / ".release.txt.docgen-123-abcd1234.tmp").write_bytes(b"half")
    if other_file:
        (folder / "release.txt").write_bytes(b"an earlier run's")
    batch._remove_staging(folder)
    if other_file:  # the folder holds earlier output: kept, with it
        assert [p.name for p in folder.iterdir()] == ["release.txt"]
    else:  # made for files the worker did not get to move into place: gone
        assert not folder.exists()


def test_ctrl_c_in_a_callback_loses_no_result_of_a_task(tmp_path: Path) -> None:
    jobs = plan_jobs(write_variants(tmp_path / "in", 64), tmp_path / "out", ("txt",))
    seen: list[SheetResult] = []
    report = run_batch(jobs, workers=2, on_result=_ctrl_c_after(1, seen))
    assert report.interrupted
    # Every sheet written is in the report, and so was shown, though the first call raised.
    folders = {str(p) for p in (tmp_path / "out").iterdir()}
    assert {r.out_dir for r in report.succeeded} == folders
    assert len(seen) == len(report.results)
    assert report.not_written == 64 - len(report.succeeded) - len(report.failed)


def test_a_batch_writes_what_render_bytes_returns(tmp_path: Path) -> None:
    formats = ("txt", "json", "docx")
    report = run_batch(plan_jobs([SEED], tmp_path, formats), workers=1)
    assert report.exit_code == 0
    expected = generator.render.render_bytes(SEED, formats)
    written = {p.name: p.read_bytes() for p in (tmp_path / "nhtc-2006").iterdir()}
    assert written == expected


def test_versions_of_one_deal_get_folders_of_their_own(tmp_path: Path) -> None:
    sheets = [tmp_path / "deal.v1.yaml", tmp_path / "deal.v2.yaml"]
    jobs = plan_jobs(sheets, tmp_path / "out", ["txt"], None)
    assert [Path(job.out_dir).name for job in jobs] == ["deal.v1", "deal.v2"]


def test_a_stopping_batch_starts_no_more_sheets_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    jobs = plan_jobs(write_variants(tmp_path / "in", 3), tmp_path / "out", ("txt",))
    stop = multiprocessing.get_context().Event()
    monkeypatch.setattr(batch, "_stop", stop)
    first = batch.render_sheets(jobs[:1])
    stop.set()
    rest = batch.render_sheets(jobs[1:])
    assert first[0].ok
    assert [(r.ok, r.interrupted) for r in rest] == [(False, True), (False, True)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sheet-0000"]


def test_after_termination_a_sheet_counts_as_written_only_if_all_its_files_are_new(
    tmp_path: Path,
) -> None:
    import time

    [job] = plan_jobs(write_variants(tmp_path / "in", 1), tmp_path / "out", ("txt",))
    old = time.time_ns()
    render_sheet(job)
    assert batch._after_termination(job, old).ok  # written in this batch
    assert batch._after_termination(job, time.time_ns() + 10**9).interrupted  # earlier output
    (Path(job.out_dir) / "release.txt").unlink()
    assert batch._after_termination(job, old).interrupted  # half a sheet is not a sheet


def test_after_termination_a_sheet_is_flushed_before_it_counts_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [job] = plan_jobs(write_variants(tmp_path / "in", 1), tmp_path / "out", ("txt",))
    since = time.time_ns()
    render_sheet(job)
    flushed: list[Path] = []
    monkeypatch.setattr(output, "sync_folder", lambda folder: flushed.append(Path(folder)))
    assert batch._after_termination(job, since).ok
    assert flushed == [Path(job.out_dir), tmp_path / "out"]  # its files' names, its own name


def test_a_folder_the_disk_does_not_take_fails_the_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = plan_jobs(write_variants(tmp_path / "in", 2), tmp_path / "out", ("txt",))

    def failing(folder: str | Path) -> None:
        if Path(folder).name == "sheet-0001":
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(output, "sync_folder", failing)
    first, second = batch.render_sheets(jobs)
    assert first.ok
    assert not second.ok
    assert second.written  # in place, but not known to be on disk: reported, not hidden
    assert second.problems == (
        f"{jobs[1].sheet}: its files were written, but the disk did not take the folder's new "
        f"entries ({(tmp_path / 'out' / 'sheet-0001').resolve()}: Input/output error)",
    )


def test_a_second_ctrl_c_prints_no_traceback_from_the_pool(tmp_path: Path) -> None:
    # Two Ctrl-Cs at a busy batch, as a user sends them from a terminal: exit 130, no
    # traceback (a cancelled future in a terminated pool made Python 3.11's pool thread raise),
    # and every folder on disk holds a whole sheet that the summary counts.
    import subprocess
    import sys
    import time

    write_variants(tmp_path / "in", 400)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "batch", str(tmp_path / "in"), "--out", str(out),
         "--format", "txt,docx", "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (out.exists() and len(list(out.iterdir())) >= 4) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    # 130, or death by SIGINT when the second Ctrl-C lands as the process exits (a shell
    # reports both as 130).
    assert proc.returncode in (130, -signal.SIGINT), err
    assert "Traceback" not in err and "Error" not in err
    # A worker stopped between making a sheet's folder and moving its files in leaves the
    # folder empty; any folder with files in it holds the whole sheet.
    folders = [f for f in out.iterdir() if f.is_dir() and any(f.iterdir())]
    whole = [f for f in folders if len(list(f.iterdir())) == 4]
    assert len(whole) == len(folders)
    assert f"interrupted; {len(whole)} of 400 term sheets written" in err
    assert _leftovers(tmp_path) == []


def test_an_empty_name_is_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Path("") is "."; `docgen batch "$DEALS"` with the variable unset rendered every sheet in
    # the folder the command ran in.
    write_variants(tmp_path, 2)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BatchError, match=r"^'': an empty name, not a term sheet, folder or"):
        collect_sheets([""])
