"""Read a term sheet's YAML as plain data, refusing everything that is not plain data.

PyYAML's safe loader still accepts tags (``!!binary``, ``!!set``), anchors and aliases (the
"billion laughs"), several documents in one file, duplicate keys (the last one silently wins) and
implicit coercions that change meaning (``NO`` -> ``False``, ``0755`` -> ``493``, ``1.10`` ->
``1.1``). This loader reads the event stream first and rejects the first four; then it builds the
data with every scalar kept as the text the drafter wrote (``None`` for an empty value), so that
the schema, which knows what each field means, decides how to read it.

It also returns the line of every value, so that schema errors can name ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

import yaml

from generator.errors import Problem, TermSheetError

__all__ = ["MAX_FILE_BYTES", "MAX_VALUE_CHARS", "Located", "Path", "load_yaml"]

Path: TypeAlias = tuple[str | int, ...]

MAX_FILE_BYTES = 256 * 1024
"""Largest term sheet read, in bytes; a real one is about 2 KiB."""
MAX_VALUE_CHARS = 4000
"""Longest single value read, in characters; the schema sets tighter limits per field."""
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass(slots=True)
class Located:
    """Plain data read from YAML, with the 1-based line of every value by its path."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def load_yaml(text: str | bytes, filename: str) -> Located:
    """Return the data of the single YAML document in `text`; raise :class:`TermSheetError`.

    `filename` is used in messages only. Every problem that can be found without building the
    data (tags, anchors, aliases, several documents) is reported together.
    """
    if len(text) > MAX_FILE_BYTES:
        raise TermSheetError(
            [
                Problem(
                    filename,
                    None,
                    "",
                    f"the file is {len(text):,} bytes; a term sheet may be "
                    f"at most {MAX_FILE_BYTES:,} bytes",
                )
            ]
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TermSheetError(
                [Problem(filename, None, "", f"the file is not UTF-8 text (byte {exc.start})")]
            ) from None
    problems = _check_events(text, filename)
    if problems:
        raise TermSheetError(problems)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:  # pragma: no cover - _check_events parsed it already
        raise TermSheetError([_syntax_problem(exc, filename)]) from None
    if node is None:
        raise TermSheetError([Problem(filename, None, "", "the term sheet is empty")])
    located = Located(None)
    located.data = _build(node, (), located, filename, problems)
    if problems:
        raise TermSheetError(problems)
    return located


def _check_events(text: str, filename: str) -> list[Problem]:
    problems: list[Problem] = []
    documents = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    problems.append(
                        Problem(
                            filename,
                            line,
                            "",
                            "expected one YAML document, found a second one (remove the '---')",
                        )
                    )
            elif isinstance(event, yaml.AliasEvent):
                problems.append(
                    Problem(
                        filename,
                        line,
                        "",
                        f"aliases (*{event.anchor}) are not "
                        "allowed in a term sheet; write the value out",
                    )
                )
            elif isinstance(event, yaml.ScalarEvent | yaml.SequenceStartEvent
                            | yaml.MappingStartEvent):  # fmt: skip
                if event.anchor is not None:
                    problems.append(
                        Problem(
                            filename,
                            line,
                            "",
                            f"anchors (&{event.anchor}) are "
                            "not allowed in a term sheet; write the value out",
                        )
                    )
                tag = event.tag  # None unless the file writes a tag
                if tag is not None and tag != "!":
                    tag = tag.replace("tag:yaml.org,2002:", "!!")
                    problems.append(
                        Problem(
                            filename,
                            line,
                            "",
                            f"YAML tags ({tag}) are not "
                            "allowed in a term sheet: values are plain data",
                        )
                    )
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, filename))
    return problems


def _syntax_problem(exc: yaml.YAMLError, filename: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{context}, {problem}" if context else problem
    return Problem(filename, line, "", f"this is not valid YAML: {detail}")


def _build(
    node: yaml.Node, path: Path, located: Located, filename: str, problems: list[Problem]
) -> Any:
    line = node.start_mark.line + 1
    located.lines.setdefault(path, line)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(
                        filename,
                        key_line,
                        _dotted(path),
                        "a key must be a plain name, not a list or mapping",
                    )
                )
                continue
            key = key_node.value
            if key in first_line:
                problems.append(
                    Problem(
                        filename,
                        key_line,
                        _dotted((*path, key)),
                        "duplicate "
                        f"key (first given at line {first_line[key]}); give "
                        "each key once",
                    )
                )
                continue
            first_line[key] = key_line
            located.lines[(*path, key)] = key_line
            out[key] = _build(value_node, (*path, key), located, filename, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, i), located, filename, problems)
            for i, item in enumerate(node.value)
        ]
    value: str = node.value
    if len(value) > MAX_VALUE_CHARS:
        problems.append(
            Problem(
                filename,
                line,
                _dotted(path),
                f"the value is {len(value):,} "
                f"characters long; at most {MAX_VALUE_CHARS:,} are read",
            )
        )
        return None
    if node.style is None and value in _NULLS:
        return None
    return value


def _dotted(path: Path) -> str:
    return ".".join(str(p) for p in path)
