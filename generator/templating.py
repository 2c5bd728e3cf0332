"""The Jinja environment: sandboxed, strict and escaping, with the grammar as filters.

Every template, built-in or a firm's own (``--templates DIR``), renders in an
``ImmutableSandboxedEnvironment`` with ``StrictUndefined`` (a misspelt name is an error, never a
silent blank) and autoescaping (a term-sheet value can never become markup). Values are passed in
as data; nothing in a term sheet is ever rendered as a template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator import grammar
from generator.errors import TemplateError
from generator.resources import data_dir

__all__ = ["TEMPLATE_SUFFIX", "Templates"]

TEMPLATE_SUFFIX = ".xml.j2"


class Templates:
    """The document templates of one folder (the built-in ones when `folder` is ``None``)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else data_dir("templates")
        if not self.folder.is_dir():
            raise TemplateError(f"{self.folder}: no such template folder")
        self.env = ImmutableSandboxedEnvironment(
            loader=jinja2.FileSystemLoader(self.folder),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
        self.env.filters.update(
            day_of=grammar.day_of,
            money=grammar.money,
            quantity=grammar.quantity,
            number_words=grammar.number_words,
            ordinal=grammar.ordinal,
            join_words=grammar.join_words,
            capfirst=grammar.capfirst,
        )

    def documents(self) -> tuple[str, ...]:
        """Return the document ids this folder has a template for, in name order."""
        return tuple(
            sorted(p.name[: -len(TEMPLATE_SUFFIX)] for p in self.folder.glob(f"*{TEMPLATE_SUFFIX}"))
        )

    def render(self, document_id: str, context: dict[str, Any]) -> str:
        """Return the markup of `document_id` rendered with `context`.

        Raise :class:`TemplateError` naming the template and line for any template problem.
        """
        name = f"{document_id}{TEMPLATE_SUFFIX}"
        try:
            template = self.env.get_template(name)
            return template.render(context)
        except jinja2.TemplateNotFound:
            known = ", ".join(self.documents()) or "none"
            raise TemplateError(
                f"there is no template for document {document_id!r} in {self.folder} "
                f"(documents: {known})"
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"{self.folder / name}:{exc.lineno}: template syntax error: {exc.message}"
            ) from exc
        except jinja2.UndefinedError as exc:
            raise TemplateError(
                f"{self.folder / name}:{_template_line(exc, name)}: {exc.message}"
            ) from exc
        except jinja2.TemplateError as exc:  # SecurityError and the rest
            raise TemplateError(f"{self.folder / name}:{_template_line(exc, name)}: {exc}") from exc


def _template_line(exc: BaseException, name: str) -> str:
    tb = exc.__traceback__
    line = "?"
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = str(tb.tb_lineno)
        tb = tb.tb_next
    return line
