"""Keep the built-in templates compiled between runs, in a folder that only this user can write.

Compiling the two built-in templates is a tenth of the time ``docgen render`` takes; Jinja can
keep the compiled code (a marshalled code object) in a *bytecode cache* instead. Loading one is
running code, so the cache is held to what Python's own ``__pycache__`` relies on, and more (the
folder and its rules are :mod:`generator.user_cache`'s):

* it is used for the built-in, trusted templates only: a firm's own templates (``--templates``)
  are untrusted and always compile afresh, in their bounded child process;
* it lives in the user's own cache folder, which no one else may write, and an entry someone
  else could have written is not read;
* a file's name is a hash of the template's name, path and source, the Python and Jinja
  versions and every option of the environment, so a changed template, or a new version of any
  of them, never meets old code (Jinja checks the source's checksum again inside the file);
* any trouble reading or writing one is a cache miss, never an error.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from generator.user_cache import read_entry, write_entry

__all__ = ["MAX_ENTRY_BYTES", "TemplateCache"]

MAX_ENTRY_BYTES = 4 * 1024 * 1024
"""Largest cache file read; a compiled built-in template is some 20-30 KiB."""


class TemplateCache(BytecodeCache):
    """Jinja's bytecode cache for the built-in templates, in `folder` (see above)."""

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
        data = read_entry(self.folder, _name(bucket), MAX_ENTRY_BYTES)
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # a damaged file: compile afresh (and write it again)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write `bucket`'s code to its file: whole, under a temporary name, then renamed."""
        write_entry(self.folder, _name(bucket), bucket.bytecode_to_string())


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
