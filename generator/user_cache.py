"""Files kept between runs, in a folder that only this user can write; anything doubtful is a miss.

Two things are kept: the compiled built-in templates (:mod:`generator.template_cache`) and the
DOCX writer's base package (:mod:`generator.writers.docx_base`). Both are what the tool would
otherwise build afresh in every process from its own trusted sources, and both are held to what
Python's own ``__pycache__`` relies on, and more:

* the folder is the user's own cache folder (``$XDG_CACHE_HOME/docgen``, by default
  ``~/.cache/docgen``), never a shared one such as ``/tmp``; it must be a real folder (not a
  symlink) owned by this user that no one else may write, and each entry a regular file owned
  by this user that no one else may write (opened without following symlinks); anything else
  is not read, and the caller builds afresh;
* an entry's name is a hash of everything its content depends on, chosen by the caller, so a
  new version of any of it never meets an old entry;
* entries are written whole under a temporary name and renamed into place, so a process
  starting alongside (a batch's workers) never reads half an entry;
* any trouble reading or writing an entry is a miss, never an error;
* the folder does not grow without end: each write keeps the :data:`KEEP_PER_KIND` newest
  entries of its kind (the same name but for its hash: an older version's) and removes the
  rest, with what a killed writer left behind an hour ago; nothing else in the folder is
  touched.

POSIX only (it needs ``os.getuid`` and file operations relative to an open folder); elsewhere
nothing is kept and everything is built on every run.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["cache_folder", "read_entry", "write_entry"]

_NO_LINKS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NO_LINKS
_READ_FLAGS = os.O_RDONLY | _NO_LINKS
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_LINKS

KEEP_PER_KIND = 24
"""How many entries of one kind a write leaves in the folder (its own and the newest others):
a compiled template is some 20 KiB, so the folder stays under a few MiB."""

_HASH = re.compile(r"[0-9a-f]{64}")
_LEFTOVER = re.compile(r"\..*[0-9a-f]{64}.*\.\d+\.[0-9a-f]{8}\.tmp")  # see write_entry
_LEFTOVER_SECONDS = 3600


def cache_folder() -> Path | None:
    """Return the folder the cache uses, or ``None`` where there is none (not POSIX, no home)."""
    if os.name != "posix" or not hasattr(os, "getuid") or os.open not in os.supports_dir_fd:
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG default
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "docgen"


def read_entry(folder: Path, name: str, limit: int) -> bytes | None:
    """Return the bytes of entry `name` in `folder`, or ``None``.

    ``None`` when there is no such entry, when it or the folder could have been written by
    someone else, or when it is longer than `limit` bytes.
    """
    with _private_folder(folder, create=False) as fd_folder:
        if fd_folder is None:
            return None
        try:
            fd = os.open(name, _READ_FLAGS, dir_fd=fd_folder)
        except OSError:
            return None
        try:
            if not _private(os.fstat(fd), stat.S_ISREG):
                return None
            data = _read_all(fd, limit + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
    return data if len(data) <= limit else None


def write_entry(folder: Path, name: str, data: bytes) -> None:
    """Write `data` as entry `name` in `folder` (made, mode 0700, when missing); never raise."""
    with _private_folder(folder, create=True) as fd_folder:
        if fd_folder is None:
            return
        temporary = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(temporary, _WRITE_FLAGS, 0o600, dir_fd=fd_folder)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, name, src_dir_fd=fd_folder, dst_dir_fd=fd_folder)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=fd_folder)
            return
        with contextlib.suppress(OSError):
            _prune(fd_folder, name)


def _prune(fd_folder: int, written: str) -> None:
    """Remove the entries of `written`'s kind but the :data:`KEEP_PER_KIND` newest, and old
    temporary files; only this user's regular files with names this module gives."""
    kind = _kind(written)
    if kind is None:
        return
    now = time.time()
    others: list[tuple[float, str]] = []
    for entry in os.listdir(fd_folder):
        leftover = _LEFTOVER.fullmatch(entry)
        if entry == written or (leftover is None and _kind(entry) != kind):
            continue
        try:
            info = os.stat(entry, dir_fd=fd_folder, follow_symlinks=False)
        except OSError:
            continue
        if not _private(info, stat.S_ISREG):
            continue
        if leftover is not None:
            if now - info.st_mtime > _LEFTOVER_SECONDS:
                with contextlib.suppress(OSError):
                    os.unlink(entry, dir_fd=fd_folder)
            continue
        others.append((info.st_mtime, entry))
    others.sort(reverse=True)
    for _mtime, entry in others[KEEP_PER_KIND - 1 :]:
        with contextlib.suppress(OSError):
            os.unlink(entry, dir_fd=fd_folder)


def _kind(name: str) -> str | None:
    """Return `name` with its hash left out ("docx-base-{}.zip"), or ``None`` if it has none."""
    found = _HASH.search(name)
    return f"{name[: found.start()]}{{}}{name[found.end() :]}" if found else None


@contextlib.contextmanager
def _private_folder(path: Path, *, create: bool) -> Iterator[int | None]:
    """Yield an open descriptor of folder `path` when it is this user's alone; else ``None``.

    With `create`, make the folder (mode 0700) when it is missing.
    """
    if create:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.mkdir(mode=0o700)
    try:
        fd = os.open(path, _DIR_FLAGS)
    except OSError:
        yield None
        return
    try:
        yield fd if _private(os.fstat(fd), stat.S_ISDIR) else None
    finally:
        os.close(fd)


def _private(info: os.stat_result, kind: Any) -> bool:
    """Return whether `info` is of `kind`, owned by this user, and writable by no one else."""
    return bool(
        kind(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _read_all(fd: int, limit: int) -> bytes:
    """Return the bytes of open file `fd`, at most `limit` of them."""
    chunks = []
    remaining = limit
    while remaining > 0:
        chunk = os.read(fd, remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
