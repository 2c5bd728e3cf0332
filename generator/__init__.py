"""docgen: assemble legal agreements from YAML term sheets and Jinja2 templates.

>>> from generator import assemble
>>> doc = assemble("indemnification", "variables/nhtc-2006.yaml")
>>> doc.clause("survival").text[:12]
'6. Survival.'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.assembly import DOCUMENTS, assemble, assemble_all, documents, load
    from generator.errors import (
        GeneratorError,
        OutputError,
        Problem,
        RenderError,
        SourceError,
        TemplateError,
        TermSheetError,
    )
    from generator.model import Clause, Document
    from generator.redline import diff
    from generator.termsheet import TermSheet

# The public names load their modules on first use (PEP 562), so that `docgen check` does not
# pay for Jinja and `docgen render --format txt` does not pay for python-docx or WeasyPrint.
_EXPORTS = {
    "DOCUMENTS": "generator.assembly",
    "assemble": "generator.assembly",
    "assemble_all": "generator.assembly",
    "documents": "generator.assembly",
    "load": "generator.assembly",
    "Clause": "generator.model",
    "Document": "generator.model",
    "TermSheet": "generator.termsheet",
    "GeneratorError": "generator.errors",
    "OutputError": "generator.errors",
    "Problem": "generator.errors",
    "RenderError": "generator.errors",
    "SourceError": "generator.errors",
    "TemplateError": "generator.errors",
    "TermSheetError": "generator.errors",
    "diff": "generator.redline",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "DOCUMENTS",
    "Clause",
    "Document",
    "GeneratorError",
    "OutputError",
    "Problem",
    "RenderError",
    "SourceError",
    "TemplateError",
    "TermSheet",
    "TermSheetError",
    "assemble",
    "assemble_all",
    "diff",
    "documents",
    "load",
]
__version__ = "0.1.0"
