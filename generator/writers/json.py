"""The document model as JSON: clause ids, block types, numbers, text and runs."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from generator.model import Document, Run

__all__ = ["to_data", "write"]


def write(document: Document) -> bytes:
    """Return `document` as indented UTF-8 JSON."""
    return (json.dumps(to_data(document), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


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


def _block(block: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"type": type(block).__name__.lower()}
    for key, value in asdict(block).items():
        if key == "runs":
            data["runs"] = [_run(r) for r in block.runs]
        else:
            data[key] = value
    data["text"] = block.text
    return data


def _run(run: Run) -> dict[str, Any]:
    data: dict[str, Any] = {"text": run.text}
    for mark in ("bold", "italic", "underline"):
        if getattr(run, mark):
            data[mark] = True
    if run.clauses:
        data["clauses"] = list(run.clauses)
    if run.change:
        data["change"] = run.change
    return data
