"""Render a term sheet's documents into files: the one path the CLI, batch and API share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.assembly import assemble_all, load
from generator.errors import OutputError, TermSheetError, shown
from generator.glyphs import locate_glyphs, uncovered
from generator.model import Document
from generator.output import sheet_stem, write_files
from generator.termsheet import TermSheet
from generator.writers import FORMATS, get_writer, parse_formats

__all__ = ["check_out_dir", "default_out_dir", "render_bytes", "render_to"]

SheetLike = TermSheet | Mapping[str, Any] | str | Path


def render_bytes(
    sheet_or_path: SheetLike,
    formats: str | Sequence[str] = tuple(FORMATS),
    document_ids: str | Sequence[str] | None = None,
    *,
    templates: str | Path | None = None,
    source: str | Path | None = None,
) -> dict[str, bytes]:
    """Return ``{"<document>.<format>": bytes}`` for every document and format, in memory.

    Nothing is written; any error (term sheet, template, writer) is raised before a byte is.
    `source` is the file a loaded sheet came from (a path given as the sheet is its own): a
    character the PDF cannot draw is then reported at the line and field that hold it.
    `formats` is a sequence of names or one text as ``--format`` takes it (``"txt,docx"``,
    ``"all"``); naming none is an error, as it is there.
    """
    formats = parse_formats(
        formats if isinstance(formats, str) else ",".join(formats), given_as="formats"
    )
    sheet = load(sheet_or_path)
    docs = assemble_all(sheet, document_ids, templates=templates)
    if "pdf" in formats:
        _check_glyphs(docs.values(), _origin(sheet_or_path, source))
    writers = {fmt: get_writer(fmt) for fmt in formats}
    return {f"{doc_id}.{fmt}": writers[fmt](doc) for doc_id, doc in docs.items() for fmt in formats}


def _check_glyphs(docs: Iterable[Document], origin: str | Path | None) -> None:
    """Raise :class:`TermSheetError` naming each field of `origin` whose characters, printed
    in `docs`, the PDF cannot draw (the PDF writer says the same without lines otherwise)."""
    missing = {c for doc in docs for c in uncovered(doc.text)}
    if missing and origin is not None:
        problems = locate_glyphs(origin, missing)
        if problems:
            raise TermSheetError(problems)


def render_to(
    sheet_or_path: SheetLike,
    out_dir: str | Path,
    formats: str | Sequence[str] = tuple(FORMATS),
    document_ids: str | Sequence[str] | None = None,
    *,
    templates: str | Path | None = None,
    source: str | Path | None = None,
) -> list[Path]:
    """Render and write every file into `out_dir`, all or nothing; return the paths written.

    No file is written over the term sheet (`sheet_or_path` when a path, else `source`): a
    sheet named ``release.txt`` in its own output folder stays a sheet.
    """
    check_out_dir(out_dir, templates)
    files = render_bytes(sheet_or_path, formats, document_ids, templates=templates, source=source)
    origin = _origin(sheet_or_path, source)
    return write_files(out_dir, files, inputs=[origin] if origin is not None else [])


def check_out_dir(out_dir: str | Path, templates: str | Path | None) -> None:
    """Raise :class:`OutputError` when `out_dir` is the template folder or inside it.

    An output written there could replace a piece a template includes (``letter.txt``), and
    the next render would read the last one's output as a template.
    """
    if templates is None:
        return
    try:
        inside = Path(out_dir).resolve().is_relative_to(Path(templates).resolve())
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL: the writer says so
        return
    if inside:
        raise OutputError(
            f"{out_dir}: is inside the template folder {templates}; refusing to write the "
            "output among the templates; write it elsewhere"
        )


def _origin(sheet_or_path: SheetLike, source: str | Path | None) -> str | Path | None:
    """Return the file the term sheet came from: `sheet_or_path` when a path, else `source`."""
    return sheet_or_path if isinstance(sheet_or_path, str | Path) else source


def default_out_dir(sheet_path: str | Path, base: str | Path = "output") -> Path:
    """Return ``output/<sheet stem>/`` for `sheet_path`; raise :class:`OutputError` when the
    stem holds control characters (a folder named so would drive a terminal listing it)."""
    stem = sheet_stem(sheet_path)
    if shown(stem) != stem:
        raise OutputError(
            f"{shown(str(sheet_path))}: its name holds control characters, so it gets no "
            "output folder named after it; rename it, or give --out"
        )
    return Path(base) / stem
