"""Assemble a document: term sheet -> template -> markup -> :class:`~generator.model.Document`."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.context import build_context
from generator.errors import GeneratorError, TemplateError
from generator.markup import parse_markup
from generator.model import Document
from generator.templating import Templates
from generator.termsheet import TermSheet, load_term_sheet, validate_term_sheet

__all__ = [
    "DOCUMENTS",
    "assemble",
    "assemble_all",
    "builtin_templates",
    "documents",
    "load",
    "render_markup",
]

#: The built-in documents, in the order they are written.
DOCUMENTS: tuple[str, ...] = ("indemnification", "release")

_BUILTIN: Templates | None = None


def _templates(folder: str | Path | None) -> Templates:
    return builtin_templates() if folder is None else Templates(folder)


def builtin_templates() -> Templates:
    """Return the built-in templates (made once)."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = Templates()
    return _BUILTIN


def load(sheet_or_path: TermSheet | Mapping[str, Any] | str | Path) -> TermSheet:
    """Return `sheet_or_path` as a validated :class:`TermSheet`.

    Accepts a :class:`TermSheet` (returned as is), a mapping of plain data, or the path of a
    YAML file. Raise :class:`~generator.errors.TermSheetError` listing every problem.
    """
    if isinstance(sheet_or_path, TermSheet):
        return sheet_or_path
    if isinstance(sheet_or_path, Mapping):
        return validate_term_sheet(sheet_or_path)
    return load_term_sheet(sheet_or_path)


def documents(templates: str | Path | None = None) -> tuple[str, ...]:
    """Return the document ids available: the built-in ones, or those of folder `templates`."""
    if templates is None:
        return DOCUMENTS
    return _templates(templates).documents()


def assemble(
    document_id: str,
    sheet_or_path: TermSheet | Mapping[str, Any] | str | Path,
    *,
    templates: str | Path | None = None,
) -> Document:
    """Return the document `document_id` assembled from a term sheet.

    `sheet_or_path` is a :class:`TermSheet`, a mapping, or a YAML file's path; `templates` is a
    folder of ``<document>.xml.j2`` templates, ``None`` for the built-in ones.
    """
    _document_id_first(document_id, sheet_or_path)
    sheet = load(sheet_or_path)
    folder = _templates(templates)
    markup = _render(folder, document_id, sheet)
    source = str(folder.folder / f"{document_id}.xml.j2")
    doc = parse_markup(markup, source)
    if doc.id != document_id:
        # The file name is the id (--document, the output's file names); a second name that
        # disagrees is a template copied under a new name and not yet told so.
        raise TemplateError(
            f'{source}: <document id="{doc.id}"> in a template named {document_id}.xml.j2; '
            f'a template\'s file name is its id: write id="{document_id}"'
        )
    metadata = {"date": sheet.effective_date.isoformat(), "subject": sheet.company.name}
    metadata.update(doc.metadata)
    return replace(doc, metadata=metadata, template_clauses=folder.clause_ids(document_id))


def _document_id_first(document_id: Any, sheet_or_path: Any) -> None:
    """Raise :exc:`TypeError` when `document_id` is a term sheet's path or object: the
    arguments swapped (``assemble("deal.yaml", "release")`` read "release" as the file)."""
    if isinstance(document_id, str) and not document_id.endswith((".yaml", ".yml")):
        return
    given = document_id if isinstance(document_id, str) else type(document_id).__name__
    raise TypeError(
        f"assemble: the document id comes first, then the term sheet "
        f"(assemble('indemnification', 'deal.yaml')); got {given!r} as the document id"
        + (f" and {sheet_or_path!r} as the sheet" if isinstance(sheet_or_path, str) else "")
    )


def render_markup(
    document_id: str,
    sheet_or_path: TermSheet | Mapping[str, Any] | str | Path,
    *,
    templates: str | Path | None = None,
) -> str:
    """Return the markup the template of `document_id` renders for a term sheet, unread: what
    the markup reader's error messages count lines in (``docgen markup``)."""
    return _render(_templates(templates), document_id, load(sheet_or_path))


def _render(folder: Templates, document_id: str, sheet: TermSheet) -> str:
    if folder.trusted and document_id not in DOCUMENTS:
        raise GeneratorError(no_such_document(document_id, DOCUMENTS))
    return folder.render(document_id, build_context(sheet))


def no_such_document(document_id: str, known: Sequence[str]) -> str:
    """Return the message for a `document_id` that is none of `known`, with the one meant."""
    message = f"there is no document {document_id!r}; the documents are {', '.join(known)}"
    if close := difflib.get_close_matches(document_id, known, n=1):
        message += f" (did you mean {close[0]!r}?)"
    return message


def assemble_all(
    sheet_or_path: TermSheet | Mapping[str, Any] | str | Path,
    document_ids: str | Sequence[str] | None = None,
    *,
    templates: str | Path | None = None,
) -> dict[str, Document]:
    """Return every document (or those in `document_ids`, one id or several) of one term
    sheet, by id; `document_ids` ``None`` means every document, and an empty one is an error
    (a filter that went wrong, not a wish for all)."""
    if isinstance(document_ids, str):  # one id, never read letter by letter
        document_ids = (document_ids,)
    if document_ids is not None and not document_ids:
        raise GeneratorError("no document named; give one id or more, or None for every document")
    sheet = load(sheet_or_path)
    ids = document_ids or documents(templates)
    return {d: assemble(d, sheet, templates=templates) for d in ids}
