"""The term sheet's JSON Schema, generated from the same pydantic model that validates it."""

from __future__ import annotations

import json
from typing import Any

from generator.termsheet import TermSheet

__all__ = ["schema", "schema_json"]


def schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a term sheet."""
    data = TermSheet.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **data}


def schema_json() -> str:
    """Return :func:`schema` as indented JSON text with a final newline."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
