"""docgen: assemble legal agreements from YAML term sheets and Jinja2 templates.

>>> from generator import assemble
>>> doc = assemble("indemnification", "variables/nhtc-2006.yaml")
>>> doc.clause("survival").text[:12]
'6. Survival.'
"""

from generator.assemble import DOCUMENTS, assemble, assemble_all, documents, load
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
from generator.termsheet import TermSheet

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
    "documents",
    "load",
]
__version__ = "0.1.0"
