"""Keep the built-in templates compiled between runs, in a folder that only this user can write.

Compiling the two built-in templates is a tenth of the time ``docgen render`` takes; Jinja can
keep the compiled code (a marshalled code object) in a *bytecode cache* instead. Loading one is
running code, so the cache is held to what Python's own ``__pycache__`` relies on, and more:

* it is used for the built-in, trusted templates only: a firm's own templates (``--templates``)
  are untrusted and always compile afresh, in their bounded child process;
* it lives in the user's own cache folder (``$XDG_CACHE_HOME/docgen``, by default
  ``~/.cache/docgen``), never in a shared one such as ``/tmp``: the folder must be a real folder
  (not a symlink) owned by this user that no one else may write, and each file a regular file
  owned by this user that no one else may write; anything else is not read, and the template
  compiles from source;
* a file's name is a hash of the template's name, path and source, the Python and Jinja
  versions and every option of the environment, so a changed template, or a new version of any
  of them, never meets old code (Jinja checks the source's checksum again inside the file);
* files are written whole to a temporary name and renamed into place, so a process starting
  alongside (a batch's workers) never reads half a file; any trouble reading or writing one is
  a cache miss, never an error.

POSIX only (it needs ``os.getuid`` and file operations relative to an open folder); elsewhere
the templates compile on every run, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

__all__ = ["MAX_ENTRY_BYTES", "TemplateCache", "cache_folder"]

MAX_ENTRY_BYTES = 4 * 1024 * 1024
"""Largest cache file read; a compiled built-in template is about 100 KiB."""

_NO_LINKS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NO_LINKS
_READ_FLAGS = os.O_RDONLY | _NO_LINKS
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_LINKS


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


class TemplateCache(BytecodeCache):
    """Jinja's bytecode cache for the built-in templates, in :func:`cache_folder` (see above)."""

    def __init__(self, folder: Path, environment: jinja2.Environment) -> None:
        self.folder = folder
        self._fingerprint = _fingerprint(environment)

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """Return the bucket of template `name`, with its code when the cache holds it."""
        checksum = self.get_source_checksum(source)
        key = hashlib.sha256(
            "\0".join((self._fingerprint, name, filename or "", checksum)).encode("utf-8")
        ).hexdigest()
        bucket = Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill `bucket` from its file, if there is one this user alone could have written."""
        with _private_folder(self.folder, create=False) as folder:
            if folder is None:
                return
            try:
                fd = os.open(_name(bucket), _READ_FLAGS, dir_fd=folder)
            except OSError:
                return
            try:
                if not _private(os.fstat(fd), stat.S_ISREG):
                    return
                data = _read_all(fd, MAX_ENTRY_BYTES + 1)
            except OSError:
                return
            finally:
                os.close(fd)
        if len(data) > MAX_ENTRY_BYTES:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # a damaged file: compile afresh (and write it again)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write `bucket`'s code to its file: whole, under a temporary name, then renamed."""
        data = bucket.bytecode_to_string()
        with _private_folder(self.folder, create=True) as folder:
            if folder is None:
                return
            temporary = f".{_name(bucket)}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
            try:
                fd = os.open(temporary, _WRITE_FLAGS, 0o600, dir_fd=folder)
            except OSError:
                return
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, _name(bucket), src_dir_fd=folder, dst_dir_fd=folder)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=folder)


def _name(bucket: Bucket) -> str:
    return f"{bucket.key}.jinja"


def _fingerprint(environment: jinja2.Environment) -> str:
    """Return what, besides a template's source, decides the code Jinja compiles for it."""
    from generator import __version__

    options = (
        type(environment).__module__,
        type(environment).__qualname__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        repr(environment.autoescape),
        environment.undefined.__qualname__,
        sorted(environment.filters),
        sorted(environment.tests),
        sorted(environment.extensions),
    )
    return repr((sys.version, jinja2.__version__, __version__, options))


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
