"""Assertions and fixtures for testing templates and term sheets in your own pytest suite.

    from generator import assemble
    from generator.testing import assert_clause, assert_no_clause, variant

    def test_no_survival_period_when_indefinite():
        seed = "variables/nhtc-2006.yaml"
        sheet = variant(seed, {"indemnification.survival_years": "indefinite"})
        doc = assemble("indemnification", sheet)
        assert_clause(doc, "survival", contains="indefinitely", excludes="(3) years")

The module is also a pytest plugin (registered under the ``pytest11`` entry point), giving the
fixture ``docgen_variant`` (the :func:`variant` function) to every test.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from generator.errors import Problem, TermSheetError
from generator.model import Document
from generator.normalize import Folding, fold
from generator.termsheet import TermSheet, validate_term_sheet
from generator.yamlload import load_yaml

__all__ = [
    "assert_clause",
    "assert_clause_order",
    "assert_no_clause",
    "docgen_variant",
    "variant",
]

_SPACE = re.compile(r"\s+")


#: Curly and straight quotes (and dash variants) alike, so a phrase copied from the DOCX matches.
_QUOTES_ALIKE = Folding(furniture=False, letter_spacing=False)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _key(text: str) -> str:
    """Return `text` as phrases are compared: whitespace and quote styles alike."""
    return _squash(fold(text, _QUOTES_ALIKE))


def _as_list(value: str | Iterable[str] | None, name: str) -> list[str]:
    if value is None:
        return []
    texts = [value] if isinstance(value, str) else list(value)
    if any(not _key(text) for text in texts):  # "" is in every text: a test that cannot fail
        raise ValueError(f"{name}: an empty text matches every clause; give words to look for")
    return texts


def assert_clause(
    doc: Document,
    clause_id: str,
    *,
    contains: str | Iterable[str] | None = None,
    excludes: str | Iterable[str] | None = None,
) -> str:
    """Assert that `doc` has clause `clause_id`, holding every text in `contains` and none in
    `excludes` (whitespace, and curly or straight quotes, alike); return the clause's text.

    ``None`` for `contains` or `excludes` checks presence only.
    """
    __tracebackhide__ = True
    _known(doc, clause_id)
    if not doc.has_clause(clause_id):
        present = ", ".join(doc.clauses)
        raise AssertionError(
            f"{doc.id}: no clause {clause_id!r}; the clauses present are: {present}"
        )
    text = _squash(doc.clause(clause_id).text)
    key = _key(text)
    for wanted in _as_list(contains, "contains"):
        if _key(wanted) not in key:
            raise AssertionError(
                f"{doc.id}: clause {clause_id!r} does not contain {wanted!r}; it reads:\n{text}"
            )
    for unwanted in _as_list(excludes, "excludes"):
        if _key(unwanted) in key:
            raise AssertionError(
                f"{doc.id}: clause {clause_id!r} contains {unwanted!r}; it reads:\n{text}"
            )
    return text


def assert_no_clause(doc: Document, clause_id: str) -> None:
    """Assert that `doc` has no clause `clause_id`, one its template can give.

    An id the template never writes (a typo) fails too: otherwise the test could never fail.
    """
    __tracebackhide__ = True
    _known(doc, clause_id)
    if doc.has_clause(clause_id):
        raise AssertionError(
            f"{doc.id}: clause {clause_id!r} is present but should not be; it reads:\n"
            f"{_squash(doc.clause(clause_id).text)}"
        )


def assert_clause_order(doc: Document, *clause_ids: str) -> None:
    """Assert that the clauses `clause_ids` are all present and appear in this order."""
    __tracebackhide__ = True
    for clause_id in clause_ids:
        _known(doc, clause_id)
    order = doc.clauses
    missing = [c for c in clause_ids if c not in order]
    if missing:
        raise AssertionError(
            f"{doc.id}: clauses missing: {', '.join(missing)}; the clauses present are: "
            f"{', '.join(order)}"
        )
    positions = [order.index(c) for c in clause_ids]
    if positions != sorted(positions):
        raise AssertionError(
            f"{doc.id}: expected the order {', '.join(clause_ids)}; the document has "
            f"{', '.join(c for c in order if c in clause_ids)}"
        )


def _known(doc: Document, clause_id: str) -> None:
    """Fail when `doc`'s template never writes `clause_id` (when its clauses are known)."""
    __tracebackhide__ = True
    known = doc.template_clauses
    if known and clause_id not in known and not doc.has_clause(clause_id):
        raise AssertionError(
            f"{doc.id}: its template has no clause {clause_id!r} (a typo?); its clauses are: "
            f"{', '.join(sorted(doc.template_clauses))}"
        )


def variant(base: str | Path | Mapping[str, Any], changes: Mapping[str, Any]) -> TermSheet:
    """Return the term sheet `base` (a YAML path or a mapping) with `changes` applied.

    Keys of `changes` are dotted paths (``"indemnitors.0.pronoun"``, ``"release.exhibit"``);
    a mapping on the way that is missing is made, and an index one past a list's end appends.
    A value of ``None`` deletes the key or list item (a key that is not there, or below one that
    is not there, is left alone). The result is validated like any term sheet; a path into a
    list item that does not exist raises :class:`~generator.errors.TermSheetError` naming it.
    """
    if isinstance(base, Mapping):
        data: Any = copy.deepcopy(dict(base))
        name = "<variant>"
    else:
        name = str(base)
        data = load_yaml(Path(base).read_bytes(), name).data
    for dotted, value in changes.items():
        _apply(data, dotted, value, name)
    return validate_term_sheet(data, f"{name} (variant)")


def _apply(data: Any, dotted: str, value: Any, name: str) -> None:
    """Set `dotted` in `data` to `value` (making missing mappings), or delete it for ``None``."""
    parts = dotted.split(".")
    node = data
    for depth, part in enumerate(parts[:-1]):
        _container(node, name, dotted, parts[:depth])
        if isinstance(node, list):
            node = node[_index(node, part, dotted, name, appending=False)]
        elif part in node:
            node = node[part]
        elif value is None:
            return  # deleting below a key that is not there: nothing to do
        else:
            node = node.setdefault(part, {})
    last = parts[-1]
    _container(node, name, dotted, parts[:-1])
    if isinstance(node, dict):
        if value is None:
            node.pop(last, None)  # a key that is not there is left alone
        else:
            node[last] = value
        return
    index = _index(node, last, dotted, name, appending=value is not None)
    if value is None:
        del node[index]
    elif index == len(node):
        node.append(value)
    else:
        node[index] = value


def _container(node: Any, name: str, dotted: str, above: list[str]) -> None:
    """Raise :class:`TermSheetError` unless `node` (at the path `above`) is a mapping or list."""
    if not isinstance(node, dict | list):
        where = ".".join(above)
        raise TermSheetError(
            [Problem(name, None, dotted, f"{where} is {_got(node)}, not a mapping or list")]
        )


def _index(node: list[Any], part: str, dotted: str, name: str, *, appending: bool) -> int:
    """Return `part` as an index into `node` (one past the end when `appending`)."""
    size = len(node)
    limit = size + 1 if appending else size
    if not (part.isascii() and part.isdigit()) or int(part) >= limit:
        items = f"{size} item{'' if size == 1 else 's'}"
        raise TermSheetError(
            [Problem(name, None, dotted, f"no item {part!r} in a list of {items}")]
        )
    return int(part)


def _got(value: Any) -> str:
    return "nothing" if value is None else f"a {type(value).__name__} ({value!r})"


@pytest.fixture
def docgen_variant() -> Any:
    """Return :func:`variant`, for building term sheets that differ from a base in a test."""
    return variant
