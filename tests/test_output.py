"""Writing output: plain names only, inside the folder, atomic, all or nothing."""

from __future__ import annotations

import errno
import os
import signal
import stat
from pathlib import Path

import pytest

from generator import output
from generator.cli import main
from generator.errors import OutputError, RenderError
from generator.output import sheet_stem, stage_files, write_files
from tests.conftest import SEED

OLD = {"a.txt": b"old a", "b.txt": b"old b", "c.txt": b"old c"}
NEW = {"a.txt": b"new a", "b.txt": b"new b", "c.txt": b"new c"}


def _everything(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Return an output folder holding the files of an earlier run."""
    folder = tmp_path / "out"
    write_files(folder, OLD)
    return folder


def test_writes_every_file_and_returns_the_paths(tmp_path: Path) -> None:
    paths = write_files(tmp_path / "new" / "deep", NEW)
    assert [p.name for p in paths] == list(NEW)
    assert _everything(tmp_path / "new" / "deep") == NEW
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in paths)


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "sub/evil.txt",
        "/etc/evil",
        ".hidden",
        "",
        "a..txt",
        "..",
        "a\x00b",
        "x" * 200,
        "-rf",
        "a\nb.txt",
        "evil\\..\\x.txt",
    ],
)
def test_names_that_are_not_plain_are_refused_before_anything(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="is not a plain file name"):
        write_files(tmp_path / "out", {"ok.txt": b"x", name: b"x"})
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.parametrize("dangling", [False, True])
def test_a_planted_symlink_is_refused_not_written_through(
    out: Path, tmp_path: Path, dangling: bool
) -> None:
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_bytes(b"precious")
    (out / "a.txt").unlink()
    (out / "a.txt").symlink_to(victim)
    with pytest.raises(OutputError, match=r"a\.txt: is a symbolic link; refusing to replace it"):
        write_files(out, NEW)
    assert victim.read_bytes() == b"precious" if not dangling else not victim.exists()
    assert (out / "a.txt").is_symlink()
    assert (out / "b.txt").read_bytes() == OLD["b.txt"]  # all or nothing


def test_a_named_pipe_at_a_destination_is_refused(out: Path) -> None:
    (out / "a.txt").unlink()
    os.mkfifo(out / "a.txt")
    with pytest.raises(OutputError, match=r"a\.txt: is not a regular file \(a named pipe\)"):
        write_files(out, NEW)
    assert stat.S_ISFIFO((out / "a.txt").lstat().st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may make a device file")
def test_a_device_at_a_destination_is_refused(out: Path) -> None:
    (out / "a.txt").unlink()
    os.mknod(out / "a.txt", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # as /dev/null
    with pytest.raises(OutputError, match=r"a\.txt: is not a regular file \(a device\)"):
        write_files(out, NEW)
    assert stat.S_ISCHR((out / "a.txt").lstat().st_mode)


@pytest.mark.parametrize(
    "name",
    [".contract.2023.final.bak", ".env.12345.local.tmp", ".a.txt.4000000.v2.bak",
     ".x.99999999999999999999999.a.tmp", ".a.txt.docgen-1.tmp"],
)  # fmt: skip
def test_a_users_own_dot_files_are_never_swept(out: Path, name: str) -> None:
    (out / name).write_bytes(b"mine")
    write_files(out, NEW)
    assert (out / name).read_bytes() == b"mine"


def test_a_leftover_of_a_process_that_cannot_exist_is_left_alone(out: Path) -> None:
    huge = out / ".a.txt.docgen-9999999999-abcd1234.tmp"  # above any pid
    huge.write_bytes(b"?")
    write_files(out, NEW)
    assert huge.exists()


def test_an_input_is_never_written_over(out: Path) -> None:
    sheet = out / "a.txt"  # a term sheet that happens to bear an output's name
    with pytest.raises(OutputError, match=r"a\.txt: is the input .*a\.txt; refusing to write"):
        write_files(out, NEW, inputs=[out / "missing.yaml", sheet])
    assert _everything(out) == OLD


def test_an_output_folder_that_is_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "file"
    plain.write_bytes(b"keep")
    with pytest.raises(OutputError, match="is a file, not a folder to write into"):
        write_files(plain, NEW)
    assert plain.read_bytes() == b"keep"


def test_a_folder_at_a_destination_stops_everything(out: Path) -> None:
    (out / "c.txt").unlink()
    (out / "c.txt").mkdir()
    with pytest.raises(OutputError, match=r"c\.txt: is a folder"):
        write_files(out, NEW)
    assert (out / "a.txt").read_bytes() == b"old a"
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt", "c.txt"]


def test_a_full_disk_leaves_earlier_output_and_no_temporary_files(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", full_disk)
    with pytest.raises(OutputError, match="No space left on device"):
        write_files(out, NEW)
    assert _everything(out) == OLD


def test_every_file_reaches_the_disk_before_any_is_moved_into_place(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def advise(fd: int, offset: int, length: int, advice: int) -> None:
        events.append("writeback")

    def fsync(fd: int) -> None:
        real_fsync(fd)
        events.append("fsync")

    def replace(src: str | Path, dst: str | Path) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "posix_fadvise", advise, raising=False)
    monkeypatch.setattr(output.os, "fsync", fsync)
    monkeypatch.setattr(output.os, "replace", replace)
    with stage_files(out, NEW) as staged:
        staged.commit()
    # Writeback of every file is started before the first flush waits (_start_writeback).
    assert events == ["writeback"] * len(NEW) + ["fsync"] * len(NEW) + ["replace"] * len(NEW)
    assert _everything(out) == NEW


@pytest.mark.parametrize("hint", ["missing", "refused"])
def test_files_are_flushed_without_the_writeback_hint(
    out: Path, monkeypatch: pytest.MonkeyPatch, hint: str
) -> None:
    flushed: list[int] = []
    real_fsync = os.fsync

    def refuse(fd: int, offset: int, length: int, advice: int) -> None:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))

    def fsync(fd: int) -> None:
        real_fsync(fd)
        flushed.append(fd)

    if hint == "missing":
        monkeypatch.delattr(output.os, "posix_fadvise", raising=False)
    else:
        monkeypatch.setattr(output.os, "posix_fadvise", refuse, raising=False)
    monkeypatch.setattr(output.os, "fsync", fsync)
    with stage_files(out, NEW) as staged:
        staged.commit()
    assert len(flushed) == len(NEW)
    assert _everything(out) == NEW


def test_staged_files_change_nothing_until_committed(out: Path) -> None:
    with stage_files(out, NEW):
        visible = {n: b for n, b in _everything(out).items() if not n.startswith(".")}
        assert visible == OLD
        assert len(_everything(out)) == len(OLD) + len(NEW)  # the staged files, beside
    assert _everything(out) == OLD  # not committed: removed on leaving the block


def test_committed_files_are_in_place_and_cannot_be_committed_again(out: Path) -> None:
    with stage_files(out, NEW) as staged:
        paths = staged.commit()
        with pytest.raises(RuntimeError):
            staged.commit()
    assert [p.name for p in paths] == list(NEW)
    assert _everything(out) == NEW


def test_discarded_files_cannot_be_committed(out: Path) -> None:
    staged = stage_files(out, NEW)
    staged.discard()
    with pytest.raises(RuntimeError, match="discarded"):
        staged.commit()
    assert _everything(out) == OLD


def test_a_failed_flush_leaves_earlier_output_and_no_staged_file(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    staged = stage_files(out, NEW)  # no with block: commit cleans up after itself
    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    with pytest.raises(OutputError, match="Input/output error"):
        staged.commit()
    assert _everything(out) == OLD
    assert staged.descriptors == 0


def test_files_are_flushed_through_the_descriptors_they_were_written_through(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A write the disk fails after staging is reported to a descriptor open at the time, not
    # to one opened later by name (the kernel may have dropped the pages and the error with
    # them); and a name swapped meanwhile (a FIFO, another file) is never opened.
    written: list[int] = []
    flushed: list[int] = []
    real_mkstemp, real_fsync = output.tempfile.mkstemp, os.fsync

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        written.append(fd)
        return fd, name

    def fsync(fd: int) -> None:
        flushed.append(fd)
        real_fsync(fd)

    def no_open(*args: object, **kwargs: object) -> int:
        raise AssertionError("a staged file was opened again")

    monkeypatch.setattr(output.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(output.os, "fsync", fsync)
    with stage_files(out, NEW) as staged:
        assert staged.descriptors == len(NEW)
        monkeypatch.setattr(output.os, "open", no_open)
        staged.commit()
        assert staged.descriptors == 0
    assert flushed == written
    assert _everything(out) == NEW


def test_the_folders_made_for_the_files_are_flushed_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[Path] = []
    monkeypatch.setattr(output, "sync_folder", lambda folder: flushed.append(Path(folder)))
    write_files(tmp_path / "new" / "deep", NEW)
    # The files' names are in deep/, deep's name in new/, new's name in tmp_path.
    assert flushed == [tmp_path / "new" / "deep", tmp_path / "new", tmp_path]


def test_make_folders_returns_only_the_folders_it_made(tmp_path: Path) -> None:
    (tmp_path / "e").mkdir()
    made = output.make_folders(tmp_path / "e" / "a" / ".." / "b" / "c")
    assert made == [tmp_path / "e" / "b" / "c", tmp_path / "e" / "b"]  # resolved, deepest first
    assert sorted(p.name for p in (tmp_path / "e").iterdir()) == ["b"]  # no stray e/a
    assert output.make_folders(tmp_path / "e" / "b") == []


def test_a_folder_another_process_makes_meanwhile_is_not_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_mkdir = os.mkdir

    def mkdir(path: str | Path, *args: int) -> None:
        real_mkdir(path, *args)
        if Path(path).name == "theirs":
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))

    monkeypatch.setattr(output.os, "mkdir", mkdir)
    assert output.make_folders(tmp_path / "theirs" / "mine") == [tmp_path / "theirs" / "mine"]


def test_folders_made_for_files_not_committed_are_removed(tmp_path: Path) -> None:
    with stage_files(tmp_path / "new" / "deep", NEW):
        assert (tmp_path / "new" / "deep").is_dir()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("error", "fails"),
    [(errno.EIO, True), (errno.EINVAL, False)],  # EINVAL: a file system that cannot flush folders
    ids=["the disk refuses", "cannot be flushed at all"],
)
def test_a_folder_flush_the_disk_refuses_is_an_error(
    out: Path, monkeypatch: pytest.MonkeyPatch, error: int, fails: bool
) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(error, os.strerror(error))
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)
    if fails:
        with pytest.raises(OutputError, match="the disk did not take the new entries of"):
            write_files(out, NEW)
    else:
        write_files(out, NEW)
    assert _everything(out) == NEW  # in place either way


@pytest.mark.parametrize(
    ("failure", "raised"),
    [
        (OSError(errno.EIO, os.strerror(errno.EIO)), OutputError),
        (KeyboardInterrupt(), KeyboardInterrupt),  # Ctrl-C between two moves
    ],
    ids=["disk error", "ctrl-c"],
)
def test_a_failed_replace_puts_back_what_was_replaced(
    out: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException, raised: type
) -> None:
    real_replace = os.replace
    calls = []

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise failure
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", failing_replace)
    with pytest.raises(raised):
        write_files(out, NEW)
    assert _everything(out) == OLD  # the files already moved were put back, no leftovers


def test_a_failed_replace_removes_files_that_were_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("b.txt"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", failing_replace)
    with pytest.raises(OutputError):
        write_files(tmp_path / "fresh", NEW)
    assert not (tmp_path / "fresh").exists()  # the folder made for them went with them


def test_a_killed_writer_leaves_earlier_output_and_the_next_run_cleans_up(out: Path) -> None:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child, killed half way through staging
        try:
            calls = []
            real_fsync = os.fsync

            def killed(fd: int) -> None:
                calls.append(fd)
                if len(calls) == 2:
                    os.kill(os.getpid(), signal.SIGKILL)
                real_fsync(fd)

            output.os.fsync = killed  # type: ignore[assignment]
            write_files(out, NEW)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    leftovers = {name for name in _everything(out) if name not in OLD}
    assert leftovers, "the killed process should have left its staged files"
    assert {name: data for name, data in _everything(out).items() if name in OLD} == OLD
    write_files(out, {"a.txt": b"next"})
    assert _everything(out) == {**OLD, "a.txt": b"next"}


def test_temporary_files_of_a_live_process_are_left_alone(out: Path) -> None:
    busy = out / f".a.txt.docgen-{os.getppid()}-abcd1234.tmp"
    busy.write_bytes(b"another run is writing this")
    write_files(out, NEW)
    assert busy.read_bytes() == b"another run is writing this"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder(out: Path) -> None:  # pragma: no cover - not run as root
    out.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="cannot write the output"):
            write_files(out, NEW)
    finally:
        out.chmod(0o755)
    assert _everything(out) == OLD


# -- through the command -----------------------------------------------------------------------


@pytest.mark.parametrize("error", [RenderError("the txt writer broke"), ValueError("bug")])
def test_a_failing_writer_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
) -> None:
    out = tmp_path / "out"
    assert main(["render", str(SEED), "--out", str(out), "--format", "txt,json"]) == 0
    before = _everything(out)
    capsys.readouterr()
    from generator.writers import json as json_writer

    def broken(document: object) -> bytes:
        raise error

    monkeypatch.setattr(json_writer, "write", broken)
    code = main(["render", str(SEED), "--out", str(out), "--format", "txt,json"])
    err = capsys.readouterr().err
    assert code == (2 if isinstance(error, RenderError) else 3)
    assert "Traceback" not in err
    assert str(error) in err
    assert _everything(out) == before


def test_schema_out_goes_through_the_atomic_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.json"
    victim.write_bytes(b"precious")
    target = tmp_path / "schema.json"
    target.symlink_to(victim)
    assert main(["schema", "--out", str(target)]) == 2
    assert "is a symbolic link; refusing to replace it" in capsys.readouterr().err
    assert victim.read_bytes() == b"precious"
    assert target.is_symlink()
    plain = tmp_path / "plain.json"
    assert main(["schema", "--out", str(plain)]) == 0
    assert b'"properties"' in plain.read_bytes()


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("nhtc-2006.yaml", "nhtc-2006"),
        ("deal.v2.yaml", "deal.v2"),
        ("DEAL.YML", "DEAL"),
        ("notes.txt", "notes.txt"),
        (".yaml", "term-sheet"),
    ],
)
def test_sheet_stem_drops_only_the_yaml_suffix(name: str, stem: str) -> None:
    assert sheet_stem(Path("deals") / name) == stem


def test_a_name_the_user_typed_may_hold_spaces_and_brackets(tmp_path: Path) -> None:
    [path] = write_files(tmp_path, {"Redline (Acme) v2 – Änderungen.html": b"x"}, typed=True)
    assert path.read_bytes() == b"x"


@pytest.mark.parametrize("name", ["", ".hidden", "..", "a/b", "a\\b", "a\nb", "x" * 201])
def test_a_name_the_user_typed_is_still_one_plain_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="is not a plain file name"):
        write_files(tmp_path / "out", {name: b"x"}, typed=True)
    assert not (tmp_path / "out").exists()


def test_a_failed_run_leaves_no_folder_it_made(tmp_path: Path) -> None:
    # "a/../b" through a missing "a": the folders were made by name ("b"), then the path
    # could not be opened, and "b" stayed behind an error that said nothing was written.
    with pytest.raises(OutputError, match="cannot create the output folder"):
        write_files(tmp_path / "a" / ".." / "b", {"x.txt": b"x"})
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_is_a_device_or_a_pipe_is_named_so(tmp_path: Path) -> None:
    # Both were "is a file, not a folder".
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    # A pipe (``--out /dev/stdout`` into ``| less``) gets the same advice as /dev/null.
    with pytest.raises(
        OutputError,
        match=r"pipe: is a named pipe, not a folder to write into \(the output is files in a "
        r"folder: to keep none, name a temporary folder; docgen check validates",
    ):
        write_files(pipe, NEW)
    with pytest.raises(OutputError, match="null: is a device, not a folder to write into"):
        write_files(os.devnull, NEW)
