"""``docgen batch`` through main(argv), plus real subprocesses for the exit path and Ctrl-C."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.sheets import write_variants
from generator.cli import main
from tests.conftest import ROOT, SEED


def test_batch_reports_each_sheet_and_lists_failures_at_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = write_variants(tmp_path / "in", 4, broken=(1,))
    out = tmp_path / "out"
    code = main(["batch", str(tmp_path / "in"), "--out", str(out), "--format", "txt", "-j", "2"])
    assert code == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 4
    assert sum(" ok    " in line for line in lines) == 3
    assert f"FAIL  {sheets[1]} (1 problem; listed at the end)" in captured.out
    assert f"-> {out / 'sheet-0000'}/ (2 files)" in captured.out
    assert f"docgen batch: 1 of 4 term sheets failed; 3 written to {out}/ (6 files)" in captured.err
    assert (
        f"{sheets[1]}:12: indemnitors.0.pronoun: expected he, she, they or it, got 'xe'"
        in captured.err.splitlines()
    )
    assert "Traceback" not in captured.err
    assert sorted(p.name for p in out.iterdir()) == ["sheet-0000", "sheet-0002", "sheet-0003"]


def test_batch_of_files_and_patterns_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_variants(tmp_path / "in", 3)
    out = tmp_path / "out"
    pattern = str(tmp_path / "in" / "*.yaml")
    args = ["batch", str(SEED), pattern, "--out", str(out), "--format", "json"]
    assert main([*args, "--document", "release", "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert f"docgen batch: 4 term sheets written to {out}/ (4 files)" in captured.out
    # the seed leaves filed_wording to its default: its note, as render prints it
    assert captured.err.startswith(f"{SEED}: note: filed_wording is on by default")
    assert len(captured.err.splitlines()) == 1
    assert (out / "nhtc-2006" / "release.json").is_file()
    assert [p.name for p in (out / "sheet-0002").iterdir()] == ["release.json"]


def test_a_new_out_folder_has_its_name_flushed_before_any_sheet_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import output

    flushed: list[Path] = []
    monkeypatch.setattr(output, "sync_folder", lambda folder: flushed.append(Path(folder)))
    out = tmp_path / "new" / "deep"
    args = ["batch", str(SEED), "--out", str(out), "--format", "json", "--jobs", "1"]
    assert main(args) == 0  # the workers are forked: only the parent's flushes are seen here
    assert flushed == [tmp_path / "new", tmp_path]  # deep's name is in new, new's in tmp_path


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "rtf"], "--format: docgen can write"),
        (["--document", "lease"], "--document: there is no document 'lease'"),
        (["--document", "indemnity"], "(did you mean 'indemnification'?)"),
    ],
)
def test_bad_options_exit_2_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    out = tmp_path / "out"
    assert main(["batch", str(SEED), "--out", str(out), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(SEED), "--jobs", "0"]) == 2
    assert "expected a whole number of at least 1, got '0'" in capsys.readouterr().err


def test_two_sheets_with_one_stem_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "deal.yaml").write_text(SEED.read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "one"), str(tmp_path / "two"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out / 'deal'}/ for {tmp_path / 'one' / 'deal.yaml'}, " in err
    assert not out.exists()


def test_nothing_to_render_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(tmp_path / "nope")]) == 2
    assert f"docgen: {tmp_path / 'nope'}: no such file or folder" in capsys.readouterr().err


def test_progress_bar_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_variants(tmp_path / "in", 3, broken=(0,))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "in"), "--out", str(out), "--format", "txt"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no line per sheet: the bar (on stderr) shows progress
    assert "FAIL  " in captured.err
    assert "3/3" in captured.err
    assert "1 of 3 term sheets failed" in captured.err


def _abort_group(pid: int) -> None:
    """Send SIGABRT to the process group `pid` leads, if any of it is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGABRT)


def _docgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def test_subprocess_batch(tmp_path: Path) -> None:
    write_variants(tmp_path / "in", 3)
    out = tmp_path / "out"
    done = subprocess.run(
        _docgen("batch", str(tmp_path / "in"), "--out", str(out), "--format", "txt", "-j", "2"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(" ok    ") == 3
    assert len(list(out.rglob("*.txt"))) == 6


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
@pytest.mark.parametrize(
    ("signum", "code", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["ctrl-c", "sigterm"],
)
def test_ctrl_c_or_sigterm_stops_cleanly(
    tmp_path: Path, signum: signal.Signals, code: int, said: str
) -> None:
    write_variants(tmp_path / "in", 150)
    out = tmp_path / "out"
    errors = tmp_path / "stderr.txt"
    # Ctrl-C in a terminal signals the whole process group: the parent and its workers.
    with (
        errors.open("w") as stderr_file,
        subprocess.Popen(
            _docgen("batch", str(tmp_path / "in"), "--out", str(out), "--format", "txt,json"),
            stdout=subprocess.PIPE,
            stderr=stderr_file,
            text=True,
            cwd=ROOT,
            start_new_session=True,
            # On a hang, the SIGABRT below makes every thread's stack show in the report.
            env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        ) as proc,
    ):
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert " ok    " in first
        time.sleep(0.2)
        # A terminal's Ctrl-C, or systemd's SIGTERM, reaches the parent and its workers.
        os.killpg(proc.pid, signum)
        # Seen once, on a machine loaded by three test suites: the parent asleep after SIGTERM.
        # A watchdog aborts it after a minute (its threads' stacks go to stderr) so that the
        # test fails with them instead of hanging the suite. (communicate(timeout=...) would
        # lose what readline() above has already buffered.)
        watchdog = threading.Timer(60, _abort_group, (proc.pid,))
        watchdog.start()
        try:
            stdout = proc.stdout.read()
            proc.wait()
        finally:
            watchdog.cancel()
        if proc.returncode == -signal.SIGABRT:
            pytest.fail(
                f"the batch did not end within 60 s of {signum.name}:\n{errors.read_text()}"
            )
    stderr = errors.read_text()
    report = f"stdout:\n{first}{stdout}\nstderr:\n{stderr}"
    assert proc.returncode == code, report
    assert f"docgen batch: {said};" in stderr
    assert "FAIL" not in stdout, report  # stopped sheets are not failures
    assert "no partial file was left" in stderr
    assert "Traceback" not in stderr
    folders = list(out.iterdir())
    assert 1 <= len(folders) < 150, report
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    for folder in folders:  # every sheet that was written is whole
        assert len(list(folder.iterdir())) == 4, report
    written = (first + stdout).count(" ok    ")
    assert written == len(folders), report
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no worker is left behind
        os.killpg(proc.pid, 0)


def test_a_batch_turns_the_garbage_collector_back_on(tmp_path: Path) -> None:
    # `docgen` (cli.run) starts with the collector off; a batch, which runs long, needs it.
    gc.disable()
    try:
        code = main(["batch", str(SEED), "--out", str(tmp_path), "--format", "txt", "-j", "1"])
        assert code == 0
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up built is out of the collector's way
    finally:
        gc.unfreeze()
        gc.enable()


def test_an_output_folder_that_is_a_file_stops_the_batch_before_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "afile"
    out.write_text("keep me", encoding="utf-8")
    assert main(["batch", str(SEED), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"docgen: --out {out}: is a file, not a folder to write into\n"
    assert out.read_text(encoding="utf-8") == "keep me"


def test_a_batch_renders_from_a_firms_own_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.security.helpers import minimal_template, user_templates

    folder = user_templates(
        tmp_path,
        side_letter=minimal_template("Side letter for {{ company.name }}.", doc_id="side_letter"),
    )
    (folder / "indemnification.xml.j2").unlink()
    out = tmp_path / "out"
    code = main(["batch", str(SEED), "--out", str(out), "--templates", str(folder), "--format",
                 "txt", "--jobs", "1"])  # fmt: skip
    assert code == 0
    captured = capsys.readouterr()
    assert "no indemnification.xml.j2 here, so it was not rendered" in captured.err
    written = sorted(p.name for p in (out / "nhtc-2006").iterdir())
    assert written == ["release.txt", "side_letter.txt"]
    letter = (out / "nhtc-2006" / "side_letter.txt").read_text(encoding="utf-8")
    assert "Side letter for Natural Health Trends Corp." in letter


def test_a_batch_with_a_template_folder_that_is_not_one_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["batch", str(SEED), "--out", str(out), "--templates", str(tmp_path / "no")]) == 2
    assert "no such template folder" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("terminal", [False, True], ids=["lines", "bar"])
def test_a_sheets_notes_are_printed_as_render_prints_them(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    terminal: bool,
) -> None:
    # A misspelt governing law is valid (a foreign country) and so was written without a word.
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8") + "filed_wording: true\ngoverning_law: Delawre\n"
    (folder / "typo.yaml").write_text(text, encoding="utf-8")
    if terminal:
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code = main(["batch", str(folder), "--out", str(tmp_path / "out"), "--format", "txt"])
    assert code == 0
    err = capsys.readouterr().err
    assert f"{folder / 'typo.yaml'}: note: governing_law: 'Delawre' is not a US state" in err
    assert err.count("did you mean 'Delaware'?") == 1
    assert main(["render", str(folder / "typo.yaml"), "--out", str(tmp_path / "r")]) == 0
    assert "governing_law: 'Delawre'" in capsys.readouterr().err
