"""The one exception hierarchy of the generator.

Every error a user can cause is a :class:`GeneratorError`; the CLI prints its message (never a
traceback) and exits with :attr:`GeneratorError.exit_code`. Messages read like sentences and name
the place: ``variables/acme.yaml:14: indemnification.survival_years: expected ...``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "BIDI_CONTROLS",
    "GeneratorError",
    "OutputError",
    "Problem",
    "RenderError",
    "SourceError",
    "TemplateError",
    "TermSheetError",
    "shown",
]


#: The bidi embeddings, overrides and isolates: they reorder what a terminal shows ("Trojan
#: Source"), so neither a message nor a redline passes them through.
BIDI_CONTROLS: tuple[int, ...] = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))

#: Characters a terminal would obey or that reorder a line (C0 and C1 controls, DEL, the bidi
#: controls), as escapes: a file named "a\x1b[2Jb.yaml" or holding a line break must not clear
#: the reviewer's screen or forge a line of the report.
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))} | {
    code: f"\\u{code:04x}" for code in BIDI_CONTROLS
}


def shown(text: str) -> str:
    """Return `text` (a file name, a message naming one) with the characters a terminal would
    obey written as escapes (``\\x1b``, ``\\n``, ``\\u202e``), for one line of a report."""
    return text.translate(_ESCAPES) if not text.isprintable() else text


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
        file = shown(self.file)
        place = file if self.line is None else f"{file}:{self.line}"
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )


class GeneratorError(Exception):
    """Base of every error the generator raises on purpose."""

    exit_code = 2


class TermSheetError(GeneratorError):
    """A term sheet that cannot be read or does not validate; carries every problem found."""

    def __init__(self, problems: Iterable[Problem], *, count: int | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.count: int = len(self.problems) if count is None else count
        """How many problems were found: more than :attr:`problems` holds when the rest were
        left out (its last line then says how many)."""
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(GeneratorError):
    """A template that cannot be loaded or rendered (syntax, undefined name, sandbox, limits)."""


class SourceError(GeneratorError):
    """A document given to compare (``.txt``, ``.docx``, ``.pdf``) that cannot be read."""


class RenderError(GeneratorError):
    """A writer that could not turn a document model into bytes."""


class OutputError(GeneratorError):
    """An output that could not be written where it was asked to go."""
