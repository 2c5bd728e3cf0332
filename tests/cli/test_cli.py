"""The docgen command through main(argv), plus one real subprocess of the installed command."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.cli as cli_module
from generator.cli import build_parser, main
from tests.conftest import ROOT, SEED


def test_render_txt_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "txt,json"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["indemnification.json", "indemnification.txt", "release.json", "release.txt"]
    out = capsys.readouterr().out
    assert out.count("wrote ") == 4
    data = json.loads((tmp_path / "release.json").read_text(encoding="utf-8"))
    assert data["id"] == "release"
    assert "transaction_documents_carve_out" in data["clauses"]


def test_render_one_document(tmp_path: Path) -> None:
    args = ["render", str(SEED), "--out", str(tmp_path), "--format", "txt"]
    assert main([*args, "--document", "release"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["release.txt"]


def test_render_default_out_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["render", str(SEED), "--format", "txt"]) == 0
    assert (tmp_path / "output" / "nhtc-2006" / "indemnification.txt").is_file()


def test_bad_sheet_writes_nothing_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SEED.read_text(encoding="utf-8").replace("pronoun: he  ", "pronoun: xe  ", 1),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["render", str(bad), "--out", str(out), "--format", "txt"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:15: indemnitors.0.pronoun: expected he, she, they or it, got 'xe'" in err
    assert "nothing was written" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_render_never_writes_over_its_own_term_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "release.txt"  # the sheet bears the name of an output
    shutil.copy(SEED, sheet)
    assert main(["render", str(sheet), "--out", str(tmp_path), "--format", "txt"]) == 2
    assert "is the input" in capsys.readouterr().err
    assert sheet.read_bytes() == SEED.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release.txt"]


def test_failed_render_keeps_earlier_output(tmp_path: Path) -> None:
    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "txt"]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    bad = tmp_path.parent / "bad.yaml"
    bad.write_text("effective_date: nope\n", encoding="utf-8")
    assert main(["render", str(bad), "--out", str(tmp_path), "--format", "txt"]) == 2
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_unknown_format_and_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "doc"]) == 2
    assert "can write txt, json, html, docx, pdf, but not 'doc'" in capsys.readouterr().err
    assert main(["render", str(SEED), "--out", str(tmp_path), "--document", "nda"]) == 2
    assert "there is no document 'nda'" in capsys.readouterr().err


def test_a_mistyped_format_or_document_is_named_with_the_one_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "dcox"]) == 2
    assert "but not 'dcox' (did you mean 'docx'?)" in capsys.readouterr().err
    assert main(["render", str(SEED), "--out", str(tmp_path), "--document", "relase"]) == 2
    err = capsys.readouterr().err
    assert "the documents are indemnification, release (did you mean 'release'?)" in err
    assert main(["render", str(SEED), "--out", str(tmp_path), "--document", "nda"]) == 2
    assert "did you mean" not in capsys.readouterr().err  # nothing close: no guess
    assert list(tmp_path.iterdir()) == []


def test_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["check", str(SEED)]) == 0
    assert capsys.readouterr().out == f"{SEED}: ok\n"
    bad = tmp_path / "dup.yaml"
    bad.write_text("a: 1\na: 2\n", encoding="utf-8")
    assert main(["check", str(SEED), str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2: a: duplicate key (first given at line 1)" in err


def test_clauses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clauses", str(SEED), "--document", "indemnification"]) == 0
    ids = capsys.readouterr().out.split()
    assert ids[0] == "preamble"
    assert ids.index("contribution") < ids.index("survival")
    assert "separate_counsel" in ids


def test_schema_out_over_a_term_sheet_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "docgen schema --out deal.yaml" replaced the term sheet with the schema, without a word.
    sheet = tmp_path / "deal.yaml"
    sheet.write_text("effective_date: 2024-03-02\n", encoding="utf-8")
    assert main(["schema", "--out", str(sheet)]) == 2
    assert capsys.readouterr().err == (
        f"docgen: --out: {sheet} ends in .yaml, but what is written there is the JSON Schema; "
        "name it .json\n"
    )
    assert sheet.read_text(encoding="utf-8") == "effective_date: 2024-03-02\n"
    assert main(["schema", "--out", str(tmp_path / "term-sheet.schema.json")]) == 0


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert "indemnitors" in json.loads(capsys.readouterr().out)["properties"]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("docgen ")


# Longer than PATH_MAX (4,096 bytes on Linux): on Python 3.11 even Path.exists() raises for it.
_TOO_LONG = "/".join(["d" * 250] * 17)


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["render", "{long}/x.yaml"], id="render sheet"),
        pytest.param(["render", str(SEED), "--out", "{long}"], id="render --out"),
        pytest.param(["render", str(SEED), "--templates", "{long}"], id="render --templates"),
        pytest.param(["batch", "{long}"], id="batch folder"),
        pytest.param(["batch", "{long}/x.yaml"], id="batch sheet"),
        pytest.param(["batch", str(SEED), "--out", "{long}"], id="batch --out"),
        pytest.param(["diff", str(SEED), str(SEED), "--html", "{long}/x.html"], id="diff --html"),
    ],
)
def test_a_path_too_long_for_the_system_is_a_user_error(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = str(tmp_path / _TOO_LONG)
    assert main([arg.format(long=long) for arg in argv]) == 2
    err = capsys.readouterr().err
    assert "File name too long" in err
    assert "internal error" not in err
    assert list(tmp_path.iterdir()) == []


def test_internal_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = importlib.import_module("generator.assembly")

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(module, "assemble", boom)
    monkeypatch.delenv("DOCGEN_DEBUG", raising=False)
    assert main(["clauses", str(SEED), "--document", "release"]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaput" in err
    assert "Traceback" not in err


def test_installed_command_runs(tmp_path: Path) -> None:
    exe = shutil.which("docgen") or str(Path(sys.executable).parent / "docgen")
    result = subprocess.run(
        [exe, "render", str(SEED), "--out", str(tmp_path), "--format", "txt"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "release.txt").is_file()
    module = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert module.returncode == 0, module.stderr


def test_reader_gone_ends_quietly() -> None:
    """`docgen schema | head -1`: the reader closes the pipe; no traceback, SIGPIPE's status."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "generator", "schema"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
    finally:
        os.close(write)
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""


def test_check_of_a_bad_sheet_does_not_speak_of_writing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\n", encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith("docgen: 5 problems")
    assert "written" not in err


def test_render_and_check_note_the_filings_slips_kept_by_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "txt"]) == 0
    note = f"{SEED}: note: filed_wording is on by default"
    assert capsys.readouterr().err.startswith(note)
    assert main(["check", str(SEED)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{SEED}: ok\n" and captured.err.startswith(note)
    new_deal = ROOT / "variables" / "beta-three-parties.yaml"
    assert main(["check", str(new_deal)]) == 0
    assert capsys.readouterr().err == ""


def test_markup_prints_what_the_template_renders(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["markup", str(SEED), "--document", "release"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('<document id="release" title="General Release"')
    assert 'Each of Terry LaCore and Mark D. Woodburn (the "Releasors")' in out
    assert main(["markup", str(SEED), "--document", "nda"]) == 2
    assert "there is no document 'nda'" in capsys.readouterr().err


def test_check_notes_a_value_the_pdf_cannot_draw(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sheet = tmp_path / "cjk.yaml"
    text = (ROOT / "variables" / "beta-three-parties.yaml").read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "short_name: Kim" in row)
    sheet.write_text(text.replace("short_name: Kim", "short_name: Kim 株式会社"), encoding="utf-8")
    assert main(["check", str(sheet)]) == 0  # the other formats can show it
    captured = capsys.readouterr()
    assert captured.out == f"{sheet}: ok\n"
    assert captured.err.startswith(f"{sheet}:{line}: note: indemnitors.0.short_name: the PDF's ")
    assert "no glyph for '株' (U+682A)" in captured.err
    assert main(["render", str(sheet), "--out", str(tmp_path / "out"), "--format", "pdf"]) == 2


def _release_only(tmp_path: Path) -> tuple[Path, list[str]]:
    """Return a firm's folder holding the built-in release alone, and the render arguments."""
    folder = tmp_path / "firm"
    folder.mkdir()
    shutil.copy(ROOT / "templates" / "release.xml.j2", folder)
    args = ["render", str(SEED), "--templates", str(folder), "--out", str(tmp_path / "out")]
    return folder, args


def test_a_template_folder_without_a_built_in_document_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder, args = _release_only(tmp_path)
    assert main([*args, "--format", "txt"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"wrote {tmp_path / 'out' / 'release.txt'}\n"
    assert f"{folder}: note: no indemnification.xml.j2 here, so it was not rendered" in captured.err


def test_a_file_named_like_a_template_but_not_read_as_one_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder, args = _release_only(tmp_path)
    shutil.copy(ROOT / "templates" / "indemnification.xml.j2", folder / "letter.xml.jinja")
    for piece in ("_piece.xml.jinja", "piece.j2", "piece.xml"):  # pieces templates include
        (folder / piece).write_text("", encoding="utf-8")
    (folder / "Memo.XML.J2").write_text("", encoding="utf-8")
    not_read = (
        "Memo.XML.J2, letter.xml.jinja are not rendered as a document: a document's template "
        "is named <id>.xml.j2"
    )
    assert main([*args, "--format", "txt"]) == 0
    assert f"{folder}: note: {not_read}\n" in capsys.readouterr().err
    assert main([*args, "--format", "txt", "--document", "letter"]) == 2
    err = capsys.readouterr().err
    assert f"there is no template for document 'letter' in {folder} (documents: " in err
    assert err.rstrip().endswith(not_read)
    acme = str(ROOT / "variables" / "acme-one-party.yaml")
    assert main(["diff", str(SEED), acme, "--templates", str(folder)]) == 1
    assert f"{folder}: note: {not_read}\n" in capsys.readouterr().err
    (folder / "release.xml.j2").unlink()
    assert main([*args, "--format", "txt"]) == 2
    assert capsys.readouterr().err == (
        f"docgen: {folder}: holds no templates (*.xml.j2); {not_read}\n"
    )


# -- how the process ends (cli._leave) ---------------------------------------------------------


def _run_docgen(prelude: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``docgen argv`` in a fresh interpreter, after `prelude` (Python code).

    Standard output is a pipe and buffered, as for a user (these machines set
    ``PYTHONUNBUFFERED``), so what is not flushed at exit is lost.
    """
    lines = ["import sys", prelude, "from generator.cli import run"]
    code = "\n".join([*lines, f"sys.argv = ['docgen', *{argv!r}]", "run()"])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env
    )


@pytest.mark.parametrize(("sheet", "code"), [(str(SEED), 0), ("missing.yaml", 2)])
def test_exit_handlers_run_and_the_exit_code_is_kept(sheet: str, code: int) -> None:
    done = _run_docgen("import atexit\natexit.register(print, 'handler ran')", "check", sheet)
    assert done.returncode == code, done.stderr
    assert done.stdout.endswith("handler ran\n")


def test_the_command_ends_with_the_collector_off_and_every_object_frozen() -> None:
    prelude = (
        "import atexit, gc\n"
        "atexit.register(lambda: print(gc.isenabled(), gc.get_freeze_count() > 0))"
    )
    done = _run_docgen(prelude, "check", str(SEED))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False True"


def test_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    # The thread prints once the command's work is done, not after a fixed half second: on
    # a loaded machine `docgen check` took longer than that, and the line came first.
    prelude = (
        "import threading, time\n"
        "import generator.cli as cli\n"
        "done, command = threading.Event(), cli.main\n"
        "def main(argv=None):\n"
        "    try:\n"
        "        return command(argv)\n"
        "    finally:\n"
        "        done.set()\n"
        "cli.main = main\n"
        "threading.Thread(target=lambda: (done.wait(), time.sleep(0.2), print('thread done')))"
        ".start()"
    )
    done = _run_docgen(prelude, "check", str(SEED))
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("thread done\n")


@pytest.mark.parametrize("argv", [["check", str(SEED)], ["schema"]], ids=["a line", "pages"])
def test_all_output_reaches_a_pipe(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    expected = capsys.readouterr().out
    done = _run_docgen("", *argv)  # stdout is a pipe: fully buffered, flushed at the end
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_a_reader_gone_before_the_last_flush_ends_quietly() -> None:
    """`docgen check x.yaml | true`: one short line, still buffered when the process ends."""
    read, write = os.pipe()
    os.close(read)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "generator", "check", str(SEED)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            cwd=ROOT,
            env=env,
        )
    finally:
        os.close(write)
    assert result.returncode == 141, result.stderr
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


def test_a_profiler_gets_to_write_its_results(tmp_path: Path) -> None:
    profile = tmp_path / "check.prof"
    profiled = [sys.executable, "-m", "cProfile", "-o", str(profile)]
    done = subprocess.run(
        [*profiled, "-m", "generator", "check", str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert profile.stat().st_size > 0


def test_a_bad_value_is_one_line_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "variables", "--jobs", "0"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "docgen batch: argument --jobs/-j: expected a whole number of at least 1, got '0' "
        "(see docgen batch --help)\n"
    )


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_a_signal_while_files_are_staged_leaves_earlier_output_as_it_was(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    signum: str,
) -> None:
    # SIGTERM (timeout, systemd, docker stop) ended the process where it stood: the staged
    # copies of every document stayed in the folder until a later run came by.
    import signal

    from generator import output
    from tests.security.helpers import seeded_output, snapshot

    out = seeded_output(tmp_path, capsys)
    before = snapshot(out)
    write = output.StagedFiles._write
    calls = []

    def write_then_signal(self: output.StagedFiles, name: str, data: bytes) -> None:
        write(self, name, data)
        calls.append(name)
        if len(calls) == 2:
            os.kill(os.getpid(), getattr(signal, signum))

    monkeypatch.setattr(output.StagedFiles, "_write", write_then_signal)
    code = main(["render", str(SEED), "--out", str(out), "--format", "txt,json"])
    assert code == {"SIGINT": 130, "SIGTERM": 143}[signum]
    assert "docgen: " + {"SIGINT": "interrupted", "SIGTERM": "terminated"}[signum] in (
        capsys.readouterr().err
    )
    assert snapshot(out) == before  # no staged copy left, nothing replaced
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handler is put back


@pytest.mark.parametrize(
    "argv",
    [
        ["render", str(SEED), "--out", ""],
        ["batch", str(SEED), "--out", ""],
        ["diff", str(SEED), str(SEED), "--html", ""],
        ["diff", str(SEED), str(SEED), "--docx", ""],
    ],
    ids=["render", "batch", "html", "docx"],
)
def test_an_empty_output_name_is_refused_not_read_as_here(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # "--out ''" wrote both agreements into the current folder
    assert main(argv) == 2
    assert "expected a file or folder name, got an empty one" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_file_name_that_would_drive_the_terminal_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An escape sequence or a line break in a sheet's name reached the terminal raw: it could
    # clear the screen or forge a line of the report ("forged: ok").
    name = "c\x1b[2J\x1b[31mRED\nforged: ok"
    bad = tmp_path / f"{name}.yaml"
    text = SEED.read_text(encoding="utf-8").replace("2006-10-31", "2006-02-30", 1)
    bad.write_text(text, encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\nforged" not in err
    assert "c\\x1b[2J\\x1b[31mRED\\x0aforged: ok.yaml:" in err
    good = tmp_path / "in" / f"{name}.yaml"
    good.parent.mkdir()
    shutil.copy(SEED, good)
    for argv in (
        ["batch", str(good.parent), "--out", str(tmp_path / "out")],
        ["render", str(good)],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "control characters" in err and "\x1b" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["契約書\u30002024", "Acme\u00a0Corp"])
def test_a_name_with_a_wide_or_no_break_space_is_no_control_character(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check for names that would drive a terminal refused these as "control characters".
    monkeypatch.chdir(tmp_path)
    sheet = tmp_path / f"{name}.yaml"
    shutil.copy(SEED, sheet)
    assert main(["render", str(sheet), "--format", "txt"]) == 0
    assert (tmp_path / "output" / name / "release.txt").is_file()
    assert main(["batch", str(sheet), "--out", str(tmp_path / "b"), "--format", "txt"]) == 0


def test_an_unknown_argument_is_shown_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(SEED), "\x1b[31mRED"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "unrecognized arguments: \\x1b[31mRED" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["render", str(SEED), "--fromat", "txt"],
            "docgen render: unrecognized arguments: --fromat txt; did you mean --format? "
            "(see docgen render --help)\n",
        ),
        (
            ["diff", str(SEED), str(SEED), "--autor=Bob", "--contxt", "2"],
            "docgen diff: unrecognized arguments: --autor=Bob --contxt 2; did you mean "
            "--author for --autor, --context for --contxt? (see docgen diff --help)\n",
        ),
        (
            ["check", str(SEED), "--strict"],
            "docgen check: unrecognized arguments: --strict (see docgen check --help)\n",
        ),
    ],
)
def test_an_unknown_option_is_named_by_its_command_with_the_one_meant(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    # It was "docgen: unrecognized arguments: ... (see docgen --help)": the top-level help,
    # which lists no option of the command.
    assert main(argv) == 2
    assert capsys.readouterr().err == expected


def test_the_count_of_problems_takes_in_those_not_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 105 tags and 4 required keys missing; 100 shown. It said "docgen: 101 problems", the
    # line that counts the rest among them.
    sheet = tmp_path / "tags.yaml"
    sheet.write_text("".join(f"k{i}: !!str v\n" for i in range(105)), encoding="utf-8")
    assert main(["check", str(sheet), str(sheet)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-2] == f"{sheet}: and 9 more problems not shown; fix these first"
    assert err[-1] == "docgen: 218 problems"
    assert main(["batch", str(sheet), "--out", str(tmp_path / "out")]) == 1
    assert f"FAIL  {sheet} (109 problems; listed at the end)" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["render", "clauses", "markup", "batch"])
def test_the_help_of_document_says_a_template_folder_has_its_own(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # "--document ID  the document: indemnification or release (default: both)", beside
    # --templates, whose folder's documents are whatever its templates are.
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "indemnification or release, or with --templates one of the folder's" in help_text
    assert "(default: both)" not in help_text


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        (["check", ""], "check: argument SHEET"),
        (["render", "", "--format", "txt"], "render: argument SHEET"),
        (["clauses", "", "--document", "release"], "clauses: argument SHEET"),
        (["markup", "", "--document", "release"], "markup: argument SHEET"),
        (["diff", "", str(SEED)], "diff: argument OLD"),
        (["batch", "", "--format", "txt"], "batch: argument PATH"),
    ],
)
def test_an_empty_name_is_refused_not_read_as_the_current_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    what: str,
) -> None:
    # An unset variable ("$SHEET") gave ".: this is a folder", and to batch, every sheet here.
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "deal.yaml")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"docgen {what}: expected a file or folder name, got an empty one" in err
    assert not (tmp_path / "output").exists()


def test_a_mistyped_option_before_any_command_is_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # It was "the following arguments are required: COMMAND", the option never named.
    assert main(["--versoin"]) == 2
    assert capsys.readouterr().err == (
        "docgen: unrecognized arguments: --versoin; did you mean --version? (see docgen --help)\n"
    )
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: docgen ")
    assert err.endswith(
        "docgen: the following arguments are required: COMMAND (see docgen --help)\n"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["--versoin", "render", "x.yaml"],
            "docgen: unrecognized arguments: --versoin; did you mean --version? "
            "(see docgen --help)\n",
        ),
        (
            ["render", "x.yaml", "--version"],
            "docgen render: unrecognized arguments: --version; --version is docgen's own "
            "option: it goes before any command (docgen --version) (see docgen render --help)\n",
        ),
        (
            ["render", "x.yaml", "--versoin"],
            "docgen render: unrecognized arguments: --versoin; did you mean --version, docgen's "
            "own option? It goes before any command (docgen --version) (see docgen render "
            "--help)\n",
        ),
    ],
)
def test_a_mistyped_option_of_docgens_own_is_named_with_a_command_too(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    # Before the command it said "docgen render: unrecognized arguments: --versoin", no hint:
    # the command's parser, which knows no --version, spoke for an option given before it.
    assert main(argv) == 2
    assert capsys.readouterr().err == expected


def test_a_commands_option_given_before_the_command_is_not_called_a_typo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # It said "unrecognized arguments: --format=txt; did you mean --format?": the option
    # written right, only in the wrong place; and with its value apart, "invalid choice: 'txt'".
    for argv in (["--format=txt", "render", str(SEED)], ["--format", "txt", "render", str(SEED)]):
        assert main(argv) == 2
        assert capsys.readouterr().err == (
            "docgen: give --format after the command, not before it (docgen render ... "
            "--format ...) (see docgen --help)\n"
        )
    assert main(["-j", "2", "batch", str(SEED)]) == 2
    assert "docgen: give -j after the command" in capsys.readouterr().err
    assert main(["--version-x", "check", str(SEED)]) == 2  # not a command's option: as before
    assert "unrecognized arguments: --version-x" in capsys.readouterr().err


def test_an_option_of_another_command_or_a_typo_before_the_command_is_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Each said "invalid choice: '2'" (or 'txt'): argparse took the option's value for the
    # command, and the option itself went unnamed.
    assert main(["-j", "2", "render", str(SEED)]) == 2
    assert capsys.readouterr().err == (
        "docgen: -j is an option of docgen batch, not of docgen render (see docgen --help)\n"
    )
    assert main(["--fromat", "txt", "render", str(SEED)]) == 2
    assert capsys.readouterr().err == (
        "docgen: unrecognized option --fromat; did you mean --format? Give it after the "
        "command (docgen render ... --format ...) (see docgen --help)\n"
    )


def test_a_mistyped_command_or_choice_is_named_with_the_one_meant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Options had "did you mean"; a command or a --color value said only "invalid choice".
    assert main(["rendr", str(SEED)]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'rendr' (choose from 'render', " in err
    assert err.endswith("; did you mean 'render'? (see docgen --help)\n")
    assert main(["diff", str(SEED), str(SEED), "--color", "alwys"]) == 2
    assert "; did you mean 'always'? (see docgen diff --help)" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    assert "did you mean" not in capsys.readouterr().err


def test_an_internal_error_while_reading_the_options_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(cli_module, "_options_before_command", boom)
    monkeypatch.delenv("DOCGEN_DEBUG", raising=False)
    assert main(["check", str(SEED)]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaput" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["render", "batch"])
def test_out_at_a_device_says_what_it_is_and_what_to_do(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # "--out /dev/null" said "/dev/null: is a file, not a folder": it is no file, and the
    # user, who meant "keep nothing", was not told how to get that.
    assert main([command, str(SEED), "--out", os.devnull, "--format", "txt"]) == 2
    err = capsys.readouterr().err
    assert f"docgen: --out {os.devnull}: is a device, not a folder to write into" in err
    assert "to keep none, name a temporary folder" in err


@pytest.mark.parametrize("command", ["render", "batch"])
def test_out_dash_is_refused_not_made_a_folder(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    # "--out -" (standard output, to other tools) made a folder called "-".
    monkeypatch.chdir(tmp_path)
    assert main([command, str(SEED), "--out", "-", "--format", "txt"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("docgen: --out -: the output is files in a folder, not standard output")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["render", "batch"])
def test_out_below_a_file_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # "--out deal.yaml/x" said "cannot create the output folder: Not a directory", not which.
    (tmp_path / "deal.yaml").write_text("x", encoding="utf-8")
    out = tmp_path / "deal.yaml" / "x" / "y"
    assert main([command, str(SEED), "--out", str(out), "--format", "txt"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"docgen: --out {out}: cannot be made in {tmp_path / 'deal.yaml'}, a file, not a folder\n"
    )
