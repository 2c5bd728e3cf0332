"""Writers turn a :class:`~generator.model.Document` into bytes, one module per format.

The registry maps a format name (also the file extension) to the module that implements it;
a module is imported only when its format is asked for, so a TXT render never pays for
WeasyPrint. Each writer module defines ``write(document: Document) -> bytes``.
Adding a format is adding one module and one line here.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable

from generator.errors import GeneratorError, RenderError
from generator.model import Document

__all__ = ["FORMATS", "Writer", "get_writer", "parse_formats"]

Writer = Callable[[Document], bytes]

#: format name -> module; the order is the order ``--format all`` writes them in.
FORMATS: dict[str, str] = {
    "txt": "generator.writers.txt",
    "json": "generator.writers.json",
    "html": "generator.writers.html",
    "docx": "generator.writers.docx",
    "pdf": "generator.writers.pdf",
}


def get_writer(name: str) -> Writer:
    """Return the ``write`` function of format `name`; raise :class:`GeneratorError` if unknown."""
    try:
        module = FORMATS[name]
    except KeyError:
        # Named as the argument, not as the CLI's --format: a redline's write("rtf") gets here.
        raise GeneratorError(_unknown(name, "format")) from None
    try:
        write: Writer = importlib.import_module(module).write
    except ImportError as exc:
        raise RenderError(f"the {name} writer cannot be loaded: {exc}") from exc
    return write


def parse_formats(spec: str, given_as: str = "--format") -> tuple[str, ...]:
    """Return the formats named in `spec` (``"txt,docx"`` or ``"all"``), in registry order.

    `given_as` names where the formats came from in an error: the CLI's ``--format``, or an
    API's argument (``formats``).
    """
    names = [n.strip().lower() for n in spec.split(",") if n.strip()]
    if not names:
        raise GeneratorError(f"{given_as}: name at least one format")
    if "all" in names:
        return tuple(FORMATS)
    for name in names:
        if name not in FORMATS:
            raise GeneratorError(_unknown(name, given_as))
    return tuple(dict.fromkeys(names))


def _unknown(name: str, given_as: str = "--format") -> str:
    known = ", ".join(FORMATS)
    message = f"{given_as}: docgen can write {known}, but not {name!r}"
    if close := difflib.get_close_matches(name, FORMATS, n=1):
        message += f" (did you mean {close[0]!r}?)"
    return message
