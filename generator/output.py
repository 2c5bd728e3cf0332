"""Write rendered files into an output folder, all or nothing.

Every file is first written to a temporary file in the destination folder; only when all of
them are on disk are they moved into place with ``os.replace`` (atomic on POSIX and Windows). A
failure before that point removes the temporary files and leaves earlier output byte for byte
as it was. A symlink planted at a destination is replaced, never written through.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator.errors import OutputError

__all__ = ["write_files"]

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,120}")


def write_files(out_dir: str | Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` (file name -> bytes) into `out_dir`, all or nothing; return the paths.

    File names must be plain names (no folders, no ``..``); `out_dir` is created if needed.
    Raise :class:`OutputError` when anything cannot be written, after removing what was staged.
    """
    out = Path(out_dir)
    for name in files:
        if not _SAFE_NAME.fullmatch(name) or ".." in name:
            raise OutputError(f"{name!r} is not a plain file name; refusing to write it")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror}") from None
    root = out.resolve()
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            target = root / name
            if not target.parent.resolve() == root:  # pragma: no cover - names are plain
                raise OutputError(f"{name}: would be written outside {out}")
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=root)
            staged.append((name, Path(tmp)))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        written = []
        for name, tmp in staged:
            os.chmod(tmp, 0o644)
            os.replace(tmp, root / name)
            written.append(out / name)
        staged.clear()
        return written
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the output: {exc.strerror or exc}") from None
    finally:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
