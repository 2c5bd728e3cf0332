"""Render a term sheet's documents into files: the one path the CLI, batch and API share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.assembly import assemble_all, load
from generator.output import sheet_stem, write_files
from generator.termsheet import TermSheet
from generator.writers import FORMATS, get_writer

__all__ = ["default_out_dir", "render_bytes", "render_to"]

SheetLike = TermSheet | Mapping[str, Any] | str | Path


def render_bytes(
    sheet_or_path: SheetLike,
    formats: Sequence[str] = tuple(FORMATS),
    document_ids: Sequence[str] | None = None,
    *,
    templates: str | Path | None = None,
) -> dict[str, bytes]:
    """Return ``{"<document>.<format>": bytes}`` for every document and format, in memory.

    Nothing is written; any error (term sheet, template, writer) is raised before a byte is.
    """
    sheet = load(sheet_or_path, pdf="pdf" in formats)
    docs = assemble_all(sheet, tuple(document_ids) if document_ids else None, templates=templates)
    writers = {fmt: get_writer(fmt) for fmt in formats}
    return {f"{doc_id}.{fmt}": writers[fmt](doc) for doc_id, doc in docs.items() for fmt in formats}


def render_to(
    sheet_or_path: SheetLike,
    out_dir: str | Path,
    formats: Sequence[str] = tuple(FORMATS),
    document_ids: Sequence[str] | None = None,
    *,
    templates: str | Path | None = None,
    inputs: Sequence[str | Path] = (),
) -> list[Path]:
    """Render and write every file into `out_dir`, all or nothing; return the paths written.

    No file is written over the term sheet (when `sheet_or_path` is a path) or over the files
    in `inputs`: a sheet named ``release.txt`` in its own output folder stays a sheet.
    """
    files = render_bytes(sheet_or_path, formats, document_ids, templates=templates)
    sources = [*inputs, *([sheet_or_path] if isinstance(sheet_or_path, str | Path) else [])]
    return write_files(out_dir, files, inputs=sources)


def default_out_dir(sheet_path: str | Path, base: str | Path = "output") -> Path:
    """Return ``output/<sheet stem>/`` for `sheet_path`."""
    return Path(base) / sheet_stem(sheet_path)
