"""The document model as JSON: clause ids, block types, numbers, text and runs."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from json.encoder import encode_basestring  # the C encoder of a string, when there is one
from typing import Any

from generator.model import Document, Run

__all__ = ["to_data", "write"]


def write(document: Document) -> bytes:
    """Return `document` as indented UTF-8 JSON: ``json.dumps(to_data(document), indent=2)``.

    The model is written straight to JSON text, without building :func:`to_data`'s dicts
    first; a document holding anything unusual (a value that is not a string, a boolean or
    ``None`` where one is expected) takes the long way, with the same result.
    """
    try:
        text = _document(document)
    except _Unusual:
        text = dumps(to_data(document))
    return (text + "\n").encode("utf-8")


def dumps(data: Any) -> str:
    """Return ``json.dumps(data, indent=2, ensure_ascii=False)``, about three times as fast.

    With `indent`, :func:`json.dumps` runs its pure-Python encoder, a generator per level; this
    joins strings instead, with the C encoder for every string. Data holding anything but
    mappings with string keys, lists, tuples, strings, integers, booleans and ``None`` is left
    to :func:`json.dumps`.
    """
    try:
        return _dumps(data, "\n")
    except TypeError:
        return json.dumps(data, indent=2, ensure_ascii=False)


def _dumps(value: Any, newline: str) -> str:
    if type(value) is str:
        return encode_basestring(value)  # type: ignore[no-any-return]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    inner = newline + "  "
    if type(value) is dict:
        if not value:
            return "{}"
        items = []
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError("a key that is not a string")
            items.append(f"{encode_basestring(key)}: {_dumps(item, inner)}")
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if type(value) is list or type(value) is tuple:
        if not value:
            return "[]"
        items = [_dumps(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    raise TypeError(f"{type(value).__name__} is left to json.dumps")


def to_data(document: Document) -> dict[str, Any]:
    """Return `document` as plain JSON-ready data."""
    return {
        "id": document.id,
        "title": document.title,
        "page_label": document.page_label,
        "number_first_page": document.number_first_page,
        "metadata": dict(document.metadata),
        "clauses": list(document.clauses),
        "blocks": [_block(b) for b in document.blocks],
    }


class _Unusual(Exception):
    """A value the direct writer does not expect: :func:`write` takes the long way."""


def _scalar(value: Any) -> str:
    """Return the JSON of a string, a boolean or ``None``, as :func:`json.dumps` writes it."""
    if type(value) is str:
        return encode_basestring(value)  # type: ignore[no-any-return]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise _Unusual


def _strings(values: Any, newline: str) -> str:
    """Return the JSON of a list of strings, its items on lines after `newline`."""
    if not values:
        return "[]"
    inner = newline + "  "
    return "[" + inner + ("," + inner).join([_scalar(v) for v in values]) + newline + "]"


_LEVEL_1 = "\n  "  # the document's keys
_LEVEL_2 = "\n    "  # the blocks
_LEVEL_3 = "\n      "  # a block's keys
_LEVEL_4 = "\n        "  # its runs
_LEVEL_5 = "\n          "  # a run's keys


def _document(document: Document) -> str:
    """Return what ``dumps(to_data(document))`` returns, written straight from the model."""
    metadata = document.metadata
    if type(metadata) is not dict or any(type(key) is not str for key in metadata):
        raise _Unusual
    items = [f"{_scalar(key)}: {_scalar(value)}" for key, value in metadata.items()]
    meta = "{" + _LEVEL_2 + ("," + _LEVEL_2).join(items) + _LEVEL_1 + "}" if items else "{}"
    blocks = [_block_json(block) for block in document.blocks]
    parts = [
        f'"id": {_scalar(document.id)}',
        f'"title": {_scalar(document.title)}',
        f'"page_label": {_scalar(document.page_label)}',
        f'"number_first_page": {_scalar(document.number_first_page)}',
        f'"metadata": {meta}',
        f'"clauses": {_strings(document.clauses, _LEVEL_1)}',
        '"blocks": '
        + ("[" + _LEVEL_2 + ("," + _LEVEL_2).join(blocks) + _LEVEL_1 + "]" if blocks else "[]"),
    ]
    return "{" + _LEVEL_1 + ("," + _LEVEL_1).join(parts) + "\n}"


def _block_json(block: Any) -> str:
    """Return the JSON of one block, an item of the document's blocks."""
    kind = type(block)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in fields(block))
    # Keyed as to_data's dict is: a later key ("text") takes the place of an earlier one.
    items = {"type": encode_basestring(kind.__name__.lower())}
    for key in names:
        value = getattr(block, key)
        if key in _REDLINE_ONLY and value is None:
            continue
        if key == "runs":
            runs = [_run_json(run) for run in value]
            items[key] = (
                "[" + _LEVEL_4 + ("," + _LEVEL_4).join(runs) + _LEVEL_3 + "]" if runs else "[]"
            )
        else:
            items[key] = _scalar(value)
    items["text"] = _scalar(block.text)
    lines = [f"{encode_basestring(key)}: {value}" for key, value in items.items()]
    return "{" + _LEVEL_3 + ("," + _LEVEL_3).join(lines) + _LEVEL_2 + "}"


def _run_json(run: Run) -> str:
    """Return the JSON of one run, an item of a block's runs."""
    lines = [f'"text": {_scalar(run.text)}']
    if run.bold:
        lines.append('"bold": true')
    if run.italic:
        lines.append('"italic": true')
    if run.underline:
        lines.append('"underline": true')
    if run.clauses:
        lines.append(f'"clauses": {_strings(run.clauses, _LEVEL_5)}')
    if run.change:
        lines.append(f'"change": {_scalar(run.change)}')
    return "{" + _LEVEL_5 + ("," + _LEVEL_5).join(lines) + _LEVEL_4 + "}"


#: Fields only a redline sets (a paragraph's ``mark``, a signature block's ``change``): written
#: only when set, as a run's ``change`` is, so a document's JSON is the same as before them.
_REDLINE_ONLY = frozenset({"mark", "change"})

#: The field names of each kind of block, in order (``dataclasses.fields`` is slow to ask).
_FIELDS: dict[type, tuple[str, ...]] = {}


def _block(block: Any) -> dict[str, Any]:
    kind = type(block)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in fields(block))
    data: dict[str, Any] = {"type": kind.__name__.lower()}
    for key in names:
        value = getattr(block, key)
        if key in _REDLINE_ONLY and value is None:
            continue
        if key == "runs":
            data["runs"] = [_run(r) for r in value]
        elif value is None or isinstance(value, str | bool | int):
            data[key] = value
        else:  # a container: copied deep, as dataclasses.asdict does
            data[key] = asdict(block)[key]
    data["text"] = block.text
    return data


def _run(run: Run) -> dict[str, Any]:
    data: dict[str, Any] = {"text": run.text}
    if run.bold:
        data["bold"] = True
    if run.italic:
        data["italic"] = True
    if run.underline:
        data["underline"] = True
    if run.clauses:
        data["clauses"] = list(run.clauses)
    if run.change:
        data["change"] = run.change
    return data
