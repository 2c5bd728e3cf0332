"""Write rendered files into an output folder, all or nothing.

Every file is first written to a temporary file in the destination folder; only when all of
them are on disk are they moved into place with ``os.replace`` (atomic on POSIX and Windows). A
failure before that point removes the temporary files and leaves earlier output byte for byte
as it was; a failure while moving them into place puts back the files already replaced. Only a
regular file is ever replaced: a symlink, a device (``/dev/null``) or a pipe at a destination is
refused, never written through or replaced. A name can only ever land in the output folder itself.

Temporary files are named ``.<name>.docgen-<pid>-<random>.tmp``; one left behind by a process
that was killed is removed by the next write into the same folder (and nothing else is).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from generator.errors import OutputError

__all__ = [
    "StagedFiles",
    "is_plain_name",
    "is_temporary",
    "make_folders",
    "remove_made_folders",
    "same_file",
    "sheet_stem",
    "stage_files",
    "sync_folder",
    "write_files",
]

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,120}")
#: This tool's temporary files and backups: ``.<name>.docgen-<pid>-<8 random>.tmp`` (``.bak``).
#: Only names of this shape are ever swept, so a user's own ``.notes.2023.v2.bak`` is safe.
_MARK = "docgen"
_LEFTOVER = re.compile(rf"\..+\.{_MARK}-(\d{{1,10}})-[a-z0-9_]{{8}}\.(?:tmp|bak)", re.DOTALL)


_SHEET_SUFFIX = re.compile(r"\.ya?ml$", re.IGNORECASE)


def sheet_stem(path: str | Path) -> str:
    """Return the name of a term sheet's own output folder: its file name less ``.yaml``/``.yml``.

    Only that suffix goes, so ``deal.v1.yaml`` and ``deal.v2.yaml`` get folders of their own
    instead of writing over each other in ``deal/``.
    """
    return _SHEET_SUFFIX.sub("", Path(path).name).strip(".") or "term-sheet"


def is_plain_name(name: str, *, typed: bool = False) -> bool:
    """Return whether `name` is a plain file name the writer accepts (no folders, no ``..``).

    Names made from templates and documents are held to letters, digits, ``_.-``; a name the
    user `typed` (``docgen diff --html "Redline (Acme).html"``) may hold any printable
    character but a folder separator, and may not start with a dot (staging files do).
    """
    if typed:
        return (
            0 < len(name) <= 200
            and name.isprintable()
            and not name.startswith(".")
            and "/" not in name
            and "\\" not in name
        )
    return bool(_SAFE_NAME.fullmatch(name)) and ".." not in name


def write_files(
    out_dir: str | Path,
    files: Mapping[str, bytes],
    *,
    typed: bool = False,
    inputs: Sequence[str | Path] = (),
) -> list[Path]:
    """Write `files` (file name -> bytes) into `out_dir`, all or nothing; return the paths.

    With `typed`, the names are the user's own (see :func:`is_plain_name`); a file in `inputs`
    (the term sheet being rendered) is never written over. Each file reaches
    the disk before it is moved into place, and the folder's new entries are flushed after.
    This is :func:`stage_files`, :meth:`StagedFiles.commit` and :func:`sync_folder` in one.

    File names must be plain names (no folders, no ``..``); `out_dir` is created if needed.
    Raise :class:`OutputError` when anything cannot be written, after removing what was staged
    and putting back what was replaced.
    """
    with stage_files(out_dir, files, typed=typed, inputs=inputs) as staged:
        paths = staged.commit()
    for folder in staged.folders_to_flush():
        try:
            sync_folder(folder)
        except OSError as exc:
            raise OutputError(
                f"{staged.folder}: the files were written, but the disk did not take the new "
                f"entries of {folder}: {exc.strerror or exc}"
            ) from None
    return paths


def make_folders(folder: str | Path) -> list[Path]:
    """Create `folder` and the folders missing above it; return those this call made.

    The paths returned are resolved, deepest first. Each level is made by its own
    :func:`os.mkdir`, so a folder another process makes at the same moment is never counted
    as ours (and never removed as ours). Their names are not flushed to disk here: see
    :meth:`StagedFiles.folders_to_flush`, or :func:`sync_folder` on each one's parent.
    """
    target = Path(folder).resolve()  # ".." and symlinks resolved before anything is made
    missing = [path for path in (target, *target.parents) if not path.exists()]
    made: list[Path] = []
    try:
        for path in reversed(missing):  # outermost first
            try:
                os.mkdir(path)
            except FileExistsError:
                if not path.is_dir():
                    raise
                continue
            made.append(path)
    except BaseException:
        remove_made_folders(made[::-1])  # a level that failed: none of ours stays
        raise
    made.reverse()
    return made


def remove_made_folders(made: Sequence[Path]) -> None:
    """Remove the folders `made` (deepest first, as :func:`make_folders` returns them) that
    are still empty; stop at the first that is not (someone else's files, left alone)."""
    for folder in made:
        try:
            folder.rmdir()
        except FileNotFoundError:
            continue
        except OSError:
            break


def stage_files(
    out_dir: str | Path,
    files: Mapping[str, bytes],
    *,
    typed: bool = False,
    inputs: Sequence[str | Path] = (),
) -> StagedFiles:
    """Write `files` beside their places in `out_dir`, to be moved into place later.

    Each file is written to a temporary file in the folder (``.<name>.docgen-<pid>-<random>.tmp``,
    created with the folder if need be) and its writeback to disk is started, not waited for.
    No file in place changes until :meth:`StagedFiles.commit`; use the result as a context
    manager, so that what was not committed is removed again. The staged files stay open until
    then (one descriptor each), so that a write the disk fails in the meantime is reported by
    their flush. Staging several sets before committing any lets one flush of the disk serve
    them all (a batch task does).

    Raise :class:`OutputError` as :func:`write_files` does, after removing what was staged.
    """
    out = Path(out_dir)
    for name in files:
        if not is_plain_name(name, typed=typed):
            raise OutputError(f"{name!r} is not a plain file name; refusing to write it")
    made: list[Path] = []
    try:
        problem = not_a_folder(out)
        if problem:
            raise OutputError(f"{out}: {problem}")
        made = make_folders(out)
        # Strict: "a/../b" through a missing "a" is no folder the system can open, though
        # resolving it by name (as make_folders had to) found "b".
        root = out.resolve(strict=True)
        if not root.is_dir():
            raise OutputError(f"{out}: is not a folder")
        targets = {name: _target(root, out, name) for name in files}
        for name, target in targets.items():
            _not_an_input(target, out / name, inputs)
    except BaseException as exc:
        remove_made_folders(made)  # a failed run leaves no folder behind either
        if isinstance(exc, OSError):  # a name too long for the system, a file on the way ...
            raise OutputError(f"{out}: cannot create the output folder: {exc.strerror}") from None
        raise
    staged = StagedFiles(out, root, targets, made_folders=tuple(made))
    _sweep_leftovers(root)
    try:
        for name, data in files.items():
            staged._write(name, data)
    except BaseException as exc:
        staged.discard()
        if isinstance(exc, OSError):
            raise staged._error(exc) from None
        raise
    return staged


class StagedFiles:
    """Files written into a folder under temporary names by :func:`stage_files`, not yet in place.

    :meth:`commit` moves them into place; :meth:`discard` (or leaving the ``with`` block without
    committing) removes them. Either way the temporary files are gone afterwards, and either
    can happen once.
    """

    def __init__(
        self,
        out: Path,
        root: Path,
        targets: dict[str, Path],
        *,
        made_folders: tuple[Path, ...] = (),
    ) -> None:
        self._out = out
        self._root = root
        self._targets = targets
        self._made_folders = made_folders  # deepest first; removed if the files are not committed
        self._staged: dict[str, Path] = {}
        self._descriptors: list[int] = []
        self._state = "staged"  # then "committed" or "discarded"

    @property
    def folder(self) -> Path:
        """The output folder, resolved (what :func:`sync_folder` takes)."""
        return self._root

    def folders_to_flush(self) -> list[Path]:
        """Return the folders whose entries must reach the disk for the files to stay there.

        The output folder (the files' names), and the parent of every folder made for them
        (its name): pass each to :func:`sync_folder` after :meth:`commit`.
        """
        folders = [self._root]
        for made in self._made_folders:
            if made.parent not in folders:
                folders.append(made.parent)
        return folders

    @property
    def descriptors(self) -> int:
        """How many files are staged and open (each holds a descriptor until commit or discard)."""
        return len(self._descriptors)

    def _write(self, name: str, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(name), suffix=".tmp", dir=self._root)
        self._staged[name] = Path(tmp)
        self._descriptors.append(fd)
        # Kept open until flushed: a failed writeback is reported to a descriptor open at the
        # time (or opened before it), never to one opened later by name.
        with open(fd, "wb", closefd=False) as handle:  # writes all, or raises
            handle.write(data)
        os.chmod(tmp, 0o644)
        _start_writeback(fd)

    def commit(self) -> list[Path]:
        """Flush every file to disk, then move them all into place; return their paths.

        On failure, put back what was replaced, remove what was staged and raise
        :class:`OutputError` (or the :exc:`KeyboardInterrupt` that stopped it). The folder's
        new entries are not flushed here: see :func:`sync_folder`.
        """
        if self._state != "staged":
            raise RuntimeError(f"these files were {self._state} already")
        try:
            for fd in self._descriptors:
                os.fsync(fd)
            self._close()
            _replace_all(self._staged, self._targets, self._out)
            self._staged.clear()  # moved: their temporary names are gone
            self._state = "committed"
        except OSError as exc:
            raise self._error(exc) from None
        finally:
            self.discard()
        return [self._out / name for name in self._targets]

    def discard(self) -> None:
        """Remove the files not moved into place (none after :meth:`commit`).

        The output folder goes too when staging made it and it is still empty.
        """
        self._close()
        for tmp in self._staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        self._staged.clear()
        if self._state == "staged":
            self._state = "discarded"
            remove_made_folders(self._made_folders)

    def _close(self) -> None:
        for fd in self._descriptors:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._descriptors.clear()

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(f"{self._out}: cannot write the output: {exc.strerror or exc}")

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.discard()


def _start_writeback(fd: int) -> None:
    """Start writing the file's data to disk without waiting for it, where the system can.

    Each file is still flushed by its own ``fsync`` in :meth:`StagedFiles.commit`, but one
    ``fsync`` after another would otherwise each wait for its own data and its own journal
    commit (on ext4, with delayed allocation); started early, the data is on its way or on
    disk by the first ``fsync``, whose commit then records the other files' blocks too, so the
    rest return almost at once. The hint is ``posix_fadvise(DONTNEED)``, which starts writeback
    of the dirty pages and drops none of them (PostgreSQL falls back to the same hint to start
    writeback early); where it is missing or refused, the files are flushed all the same.

    No helper thread flushes instead: one that must wait for a core costs a busy batch worker
    more than the flushes it would overlap.
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _target(root: Path, out: Path, name: str) -> Path:
    """Return where `name` goes in `root`, refusing anything that would not be a file there."""
    target = root / name
    # The folder is resolved, not the file: a symlink planted at the file is seen (and refused
    # below), never followed.
    if target.name != name or not target.parent.resolve().is_relative_to(root):
        raise OutputError(f"{name}: would be written outside {out}")  # pragma: no cover
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(f"{out / name}: cannot be replaced: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"{out / name}: is a folder; refusing to replace it with a file")
    if stat.S_ISLNK(mode):
        raise OutputError(
            f"{out / name}: is a symbolic link; refusing to replace it (remove it, or write "
            "elsewhere)"
        )
    if not stat.S_ISREG(mode):  # a device (/dev/null), a pipe, a socket
        raise OutputError(
            f"{out / name}: is not a regular file ({_kind(mode)}); refusing to replace it"
        )
    return target


def _not_an_input(target: Path, shown: Path, inputs: Sequence[str | Path]) -> None:
    """Raise :class:`OutputError` when `target` is one of the files in `inputs`."""
    for given in inputs:
        if same_file(target, Path(given)):
            raise OutputError(f"{shown}: is the input {given}; refusing to write over it")


def same_file(a: Path, b: Path) -> bool:
    """Return whether paths `a` and `b` name one file (links followed; either may not exist)."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError, ValueError):  # unreadable, a symlink loop, a NUL in a name
        return False


def not_a_folder(path: Path) -> str | None:
    """Return the problem with writing files into `path` when it is there and is no folder
    (links followed): "is a file, not a folder to write into", "is a device ..."; ``None``
    when it is a folder or is not there (to be made)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return _no_folder_above(path)
    except (OSError, ValueError):  # a name no folder has: making it says why
        return None
    if stat.S_ISDIR(mode):
        return None
    problem = f"is {'a file' if stat.S_ISREG(mode) else _kind(mode)}, not a folder to write into"
    if not stat.S_ISREG(mode):  # /dev/null ("keep nothing"), /dev/stdout into a pipe
        problem += (
            " (the output is files in a folder: to keep none, name a temporary folder; "
            "docgen check validates a term sheet without writing)"
        )
    return problem


def _no_folder_above(path: Path) -> str | None:
    """Return why `path`, not there, cannot be made when what stands nearest above it is no
    folder ("deal.yaml/out": "cannot be made in deal.yaml, a file"); ``None`` otherwise."""
    for above in path.parents:
        try:
            mode = above.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue  # to be made too (or below the file found next)
        except (OSError, ValueError):
            return None
        if stat.S_ISDIR(mode):
            return None
        kind = "a file" if stat.S_ISREG(mode) else _kind(mode)
        return f"cannot be made in {above}, {kind}, not a folder"
    return None


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    return "a socket" if stat.S_ISSOCK(mode) else "not a file"


def _replace_all(staged: dict[str, Path], targets: dict[str, Path], out: Path) -> None:
    """Move every staged file into place; on failure put back the ones already moved.

    A failure is an :exc:`OSError` or anything else raised meanwhile, Ctrl-C included.
    """
    backups: dict[str, Path | None] = {}
    done: list[str] = []
    try:
        for name, target in targets.items():
            backups[name] = _backup(target, name)
        for name, tmp in staged.items():
            os.replace(tmp, targets[name])
            done.append(name)
    except BaseException:
        for name in reversed(done):
            backup = backups.get(name)
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, targets[name])
                    backups[name] = None
                else:
                    targets[name].unlink()
        raise
    finally:
        for backup in backups.values():
            if backup is not None:
                backup.unlink(missing_ok=True)


def _backup(target: Path, name: str) -> Path | None:
    """Return a hard link to the file at `target`, or ``None`` when there is none."""
    if not os.path.lexists(target):
        return None
    backup = target.with_name(f"{_temporary_prefix(name)}{os.urandom(4).hex()}.bak")
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:
        return None  # a file system without hard links: the replace is still atomic per file
    return backup


def is_temporary(name: str) -> bool:
    """Return whether `name` is one of this tool's temporary files or backups (``.*.docgen-*``)."""
    return _LEFTOVER.fullmatch(name) is not None


def _temporary_prefix(name: str) -> str:
    """Return how this process's temporary files for `name` begin (8 random characters follow)."""
    return f".{name}.{_MARK}-{os.getpid()}-"


def _sweep_leftovers(root: Path) -> None:
    """Remove temporary files that processes which have since died left in `root`.

    Only regular files of this user named as this tool names them (:data:`_LEFTOVER`) go.
    """
    if os.name != "posix":
        return  # os.kill(pid, 0) is a liveness probe only on POSIX
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        match = _LEFTOVER.fullmatch(entry.name)
        if match is None or int(match.group(1)) == os.getpid() or not _own_file(entry):
            continue
        if not _process_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _own_file(entry: os.DirEntry[str]) -> bool:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, a number no process has: leave it
    return True


#: What opening or flushing a folder fails with where folders cannot be flushed at all.
_FOLDERS_NOT_FLUSHED = frozenset(
    {errno.EACCES, errno.EPERM, errno.EISDIR, errno.EINVAL, errno.EBADF, errno.ENOTSUP}
    | {getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)}  # the same number as ENOTSUP on Linux
)


def sync_folder(root: str | Path) -> None:
    """Flush the entries of folder `root` to disk, where the system allows it.

    Raise :exc:`OSError` when the flush fails (``EIO``: the disk did not take them). A system
    or file system that cannot flush a folder at all (Windows; some network file systems) is
    not an error: there the files' own flushes are all there is.
    """
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        if exc.errno in _FOLDERS_NOT_FLUSHED:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _FOLDERS_NOT_FLUSHED:
            raise
    finally:
        os.close(fd)
