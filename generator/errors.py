"""The one exception hierarchy of the generator.

Every error a user can cause is a :class:`GeneratorError`; the CLI prints its message (never a
traceback) and exits with :attr:`GeneratorError.exit_code`. Messages read like sentences and name
the place: ``variables/acme.yaml:14: indemnification.survival_years: expected ...``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "GeneratorError",
    "OutputError",
    "Problem",
    "RenderError",
    "SourceError",
    "TemplateError",
    "TermSheetError",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input, at one place."""

    file: str
    """The file as the user named it (``<string>`` for text passed in memory)."""
    line: int | None
    """1-based line of the offending value; ``None`` when the problem has no single line."""
    field: str
    """Dotted path of the field (``indemnitors.1.pronoun``); empty for whole-file problems."""
    message: str
    """What was expected and what was found, as a sentence without a final full stop."""

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )


class GeneratorError(Exception):
    """Base of every error the generator raises on purpose."""

    exit_code = 2


class TermSheetError(GeneratorError):
    """A term sheet that cannot be read or does not validate; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(GeneratorError):
    """A template that cannot be loaded or rendered (syntax, undefined name, sandbox, limits)."""


class SourceError(GeneratorError):
    """A document given to compare (``.txt``, ``.docx``, ``.pdf``) that cannot be read."""


class RenderError(GeneratorError):
    """A writer that could not turn a document model into bytes."""


class OutputError(GeneratorError):
    """An output that could not be written where it was asked to go."""
