"""Read a term sheet's YAML as plain data, refusing everything that is not plain data.

PyYAML's safe loader still accepts tags (``!!binary``, ``!!set``), anchors and aliases (the
"billion laughs"), several documents in one file, duplicate keys (the last one silently wins) and
implicit coercions that change meaning (``NO`` -> ``False``, ``0755`` -> ``493``, ``1.10`` ->
``1.1``). This loader reads the event stream first and rejects the first three, values too long
or nested too deep, and characters that no XML document can hold; then it builds the data with
every scalar kept as the text the drafter wrote (``None`` for an empty value), rejecting duplicate
keys, so that the schema, which knows what each field means, decides how to read it.

It also returns the line of every value, so that schema errors can name ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import yaml

from generator.errors import Problem, TermSheetError

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_KEY_CHARS",
    "MAX_NODES",
    "MAX_PROBLEMS",
    "MAX_VALUE_CHARS",
    "Located",
    "Path",
    "load_yaml",
    "show_path",
]

Path: TypeAlias = tuple[str | int, ...]

MAX_FILE_BYTES = 256 * 1024
"""Largest term sheet read, in bytes; a real one is about 2 KiB."""
MAX_VALUE_CHARS = 4000
"""Longest single value read, in characters; the schema sets tighter limits per field."""
MAX_KEY_CHARS = 100
"""Longest key read, in characters; the schema's keys are short names."""
MAX_DEPTH = 16
"""Deepest nesting of mappings and lists read; the schema needs four levels."""
MAX_NODES = 2000
"""Most values (scalars, lists and mappings) read; a term sheet with 50 parties has about 500."""
MAX_PROBLEMS = 100
"""Most problems reported for one file; the rest are counted in one last line."""

_NULLS = {"", "~", "null", "Null", "NULL"}
# Characters that XML 1.0 cannot hold (C0 controls but tab and line breaks, lone surrogates,
# U+FFFE, U+FFFF), and DEL and the C1 controls, which no agreement holds and which a terminal
# reads as commands when a message echoes them.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


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
    data (tags, anchors, aliases, several documents, sizes, nesting, characters) is reported
    together, each naming the line and the field; duplicate keys are reported together next.
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
        raise TermSheetError(_capped(problems, filename))
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:  # pragma: no cover - _check_events parsed it already
        raise TermSheetError([_syntax_problem(exc, text, filename)]) from None
    if node is None:
        raise TermSheetError([Problem(filename, None, "", "the term sheet is empty")])
    located = Located(None)
    located.data = _build(node, (), located, filename, problems)
    if problems:
        raise TermSheetError(_capped(problems, filename))
    return located


def show_path(path: Path) -> str:
    """Return `path` dotted for a message (``indemnitors.1.pronoun``).

    A key that is not plain printable text, or is long, is shown quoted and cut short, so that a
    message never carries control characters to the terminal.
    """
    parts = []
    for part in path:
        text = str(part)
        if not text.isprintable() or len(text) > 40 or not text:
            text = repr(text[:40]) + ("..." if len(text) > 40 else "")
        parts.append(text)
    return ".".join(parts)


@dataclass(slots=True)
class _Frame:
    """A mapping or list being read: its path, and where the next node goes in it."""

    path: Path
    mapping: bool
    at_key: bool = True
    key: str = ""
    index: int = 0


class _Walk:
    """Follow the event stream's nesting, so that every node's path is known."""

    def __init__(self) -> None:
        self.frames: list[_Frame] = []

    def place(self) -> tuple[Path, bool]:
        """Return the path of the node that starts now, and whether it is a mapping's key."""
        if not self.frames:
            return (), False
        top = self.frames[-1]
        if not top.mapping:
            return (*top.path, top.index), False
        if top.at_key:
            return top.path, True
        return (*top.path, top.key), False

    def name_key(self, key: str) -> None:
        """Record `key` as the key of the value that comes next."""
        self.frames[-1].key = key

    def done(self) -> None:
        """Note that a node (a scalar, an alias, or a whole collection) has ended."""
        if self.frames:
            top = self.frames[-1]
            if top.mapping:
                top.at_key = not top.at_key
            else:
                top.index += 1


def _check_events(text: str, filename: str) -> list[Problem]:
    problems: list[Problem] = []

    def report(line: int, path: Path, message: str) -> None:
        problems.append(Problem(filename, line, show_path(path), message))

    documents = 0
    nodes = 0
    walk = _Walk()
    try:
        # The loop stops at the first value beyond the depth or count bound: PyYAML's scanner
        # slows down with every open bracket, so a file of nested "[" would otherwise hang it.
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    report(
                        line,
                        walk.place()[0],
                        f"the term sheet holds more than {MAX_NODES:,} values; "
                        "a term sheet needs a few dozen",
                    )
                    break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    report(
                        line,
                        (),
                        "expected one YAML document, found a second one (remove the '---')",
                    )
            elif isinstance(event, yaml.AliasEvent):
                path, is_key = walk.place()
                if is_key:
                    walk.name_key(f"*{event.anchor}")
                report(
                    line,
                    path,
                    f"aliases (*{event.anchor}) are not allowed in a term sheet; "
                    "write the value out",
                )
                walk.done()
            elif isinstance(event, _NODE_EVENTS):
                path, is_key = walk.place()
                if isinstance(event, yaml.ScalarEvent):
                    if is_key:
                        walk.name_key(event.value)
                    where = (*path, event.value) if is_key else path
                    _check_scalar(event.value, is_key, where, line, report)
                elif is_key:
                    walk.name_key("?")
                if event.anchor is not None:
                    report(
                        line,
                        path,
                        f"anchors (&{event.anchor}) are not allowed in a term sheet; "
                        "write the value out",
                    )
                tag = event.tag  # None unless the file writes a tag
                if tag is not None and tag != "!":
                    tag = tag.replace("tag:yaml.org,2002:", "!!")
                    report(
                        line,
                        path,
                        f"YAML tags ({show_path((tag,))}) are not allowed in a term sheet: "
                        "values are plain data",
                    )
                if isinstance(event, yaml.ScalarEvent):
                    walk.done()
                else:
                    walk.frames.append(_Frame(path, isinstance(event, yaml.MappingStartEvent)))
                    if len(walk.frames) > MAX_DEPTH:
                        report(
                            line,
                            path,
                            f"the values are nested more than {MAX_DEPTH} levels deep; "
                            "a term sheet needs four",
                        )
                        break
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                walk.frames.pop()
                walk.done()
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, text, filename))
    return problems


def _check_scalar(value: str, is_key: bool, path: Path, line: int, report: Any) -> None:
    what = "key" if is_key else "value"
    bad = _BAD_CHARS.search(value)
    if bad:
        report(
            line,
            path,
            f"the {what} contains the character U+{ord(bad.group()):04X}, "
            "which no document can hold",
        )
    limit = MAX_KEY_CHARS if is_key else MAX_VALUE_CHARS
    if len(value) > limit:
        report(
            line,
            path,
            f"the {what} is {len(value):,} characters long; at most {limit:,} are read",
        )


def _syntax_problem(exc: yaml.YAMLError, text: str, filename: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return Problem(
            filename,
            line,
            "",
            f"the file contains the character U+{char:04X}, which a term sheet may not hold",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{context}, {problem}" if context else problem
    return Problem(filename, line, "", f"this is not valid YAML: {detail}")


def _capped(problems: list[Problem], filename: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [
        *problems[:MAX_PROBLEMS],
        Problem(filename, None, "", f"and {rest:,} more problems not shown; fix these first"),
    ]


def _build(
    node: yaml.Node, path: Path, located: Located, filename: str, problems: list[Problem]
) -> Any:
    # Recursion is bounded: _check_events refused anything nested deeper than MAX_DEPTH.
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
                        show_path(path),
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
                        show_path((*path, key)),
                        f"duplicate key (first given at line {first_line[key]}); give "
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
    if node.style is None and value in _NULLS:
        return None
    return value
