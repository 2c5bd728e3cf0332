"""Read a term sheet's YAML as plain data, refusing everything that is not plain data.

PyYAML's safe loader still accepts tags (``!!binary``, ``!!set``), anchors and aliases (the
"billion laughs"), several documents in one file, duplicate keys (the last one silently wins) and
implicit coercions that change meaning (``NO`` -> ``False``, ``0755`` -> ``493``, ``1.10`` ->
``1.1``). This loader reads the event stream first and rejects all of these, values too long
or nested too deep, and characters that no XML document can hold; then it builds the data with
every scalar kept as the text the drafter wrote (``None`` for an empty value), so that the schema,
which knows what each field means, decides how to read it. What leaves nothing safe to build
(not YAML, several documents, aliases, too big or too deep) stops the reading; anything else is
recorded and the reading goes on, so that the drafter sees every problem of the file at once.

It also returns the line of every value, so that schema errors can name ``file:line``.

The file is parsed once, by libyaml (PyYAML's ``CSafeLoader``, about 40 times faster than the
pure-Python parser) when PyYAML was built with it. Whenever libyaml refuses a file, or the file
holds a character on which the two parsers might not agree (one the pure-Python reader refuses,
a Unicode line break, a byte order mark), the pure-Python parser reads it instead, so every
message is worded, and every line counted, exactly as it always was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
    "cap_problems",
    "load_yaml",
    "read_yaml",
    "show_path",
    "texts",
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
_NODE_KINDS = frozenset((yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent))
_COUNTED_KINDS = _NODE_KINDS | {yaml.AliasEvent}  # every yaml.NodeEvent
_START_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_END_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)

#: The start of a file in UTF-16 or UTF-32: a byte order mark, or text (ASCII, as a term sheet's
#: keys are) whose every character has a zero byte beside it, which no UTF-8 text has (three
#: before it in UTF-32-BE).
_UTF16_OR_32 = re.compile(rb"\xff\xfe|\xfe\xff|\x00\x00\xfe\xff|\x00{1,3}[^\x00]|[^\x00]\x00")

_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)  # None: PyYAML built without libyaml
# Characters that send a file to the pure-Python parser instead of libyaml, because the two are
# known to read them differently, or might: the pure-Python scanner refuses a tab inside a value,
# which libyaml takes; NEL, LINE and PARAGRAPH SEPARATOR are line breaks in YAML 1.1; and a byte
# order mark. So is a directive ("%YAML 1.1#" is refused by the one, taken by the other). What
# else is known to differ shows in libyaml's events: see _libyaml_unsure.
_NOT_FOR_LIBYAML = re.compile("[\t\x85\u2028\u2029\ufeff]")
# In ASCII text: a tab, or a character the pure-Python reader refuses (a control character).
_NOT_FOR_LIBYAML_ASCII = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


def _for_libyaml(text: str) -> bool:
    """Return whether libyaml may read `text` (:func:`_libyaml_unsure` has the last word).

    Besides holding none of the above, nor a character the pure-Python reader refuses, the text
    must end with a line break: at a last line without one, libyaml counts the end of the file
    a line further on.
    """
    if _FAST_LOADER is None or not text.endswith("\n"):
        return False
    if text.startswith("%") or "\n%" in text or "\r%" in text:
        return False
    if text.isascii():  # the usual case, and a much faster test
        return not _NOT_FOR_LIBYAML_ASCII.search(text)
    return not (_NOT_FOR_LIBYAML.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text))


def _libyaml_unsure(events: list[yaml.Event]) -> bool:
    """Return whether libyaml's `events` hold something the pure-Python parser may read apart.

    The pure-Python scanner refuses a "?" inside a value in [...] or {...}, "|#" and ">#" as a
    block scalar's header and tag handles such as "!~!", all of which libyaml takes. So a file
    with a directive, a tag, a block scalar (| or >) or a "?" in a value inside brackets or braces
    is read again the pure-Python way: each is rare in a term sheet, and the tags an error.
    """
    flow: list[bool] = []
    for event in events:
        if isinstance(event, yaml.ScalarEvent):
            if event.tag is not None or event.style in ("|", ">"):
                return True
            if "?" in event.value and not event.style and flow and flow[-1]:
                return True
        elif isinstance(event, _START_EVENTS):
            if event.tag is not None:
                return True
            flow.append(bool(event.flow_style) or bool(flow and flow[-1]))
        elif isinstance(event, _END_EVENTS):
            flow.pop()
        elif isinstance(event, yaml.DocumentStartEvent) and (event.version or event.tags):
            return True
    return False


@dataclass(slots=True)
class Located:
    """Plain data read from YAML, with the 1-based line of every value by its path."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Problems found while reading that did not stop it (tags, characters, lengths,
    duplicate keys); :func:`load_yaml` raises them, :func:`read_yaml` leaves them here."""
    refused: set[Path] = field(default_factory=set)
    """Paths whose value (or key) was itself refused: a schema problem there says nothing new."""
    cut_from: dict[Path, str] = field(default_factory=dict)
    """Keys inside { } written with no ':' nor value, on the line of the text value before
    them, each with that value's key: in ``{title: President, Chief Executive Officer}`` the
    comma ended the title, and "Chief Executive Officer" is its rest read as a key."""

    def line_of(self, path: Path) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def load_yaml(text: str | bytes, filename: str) -> Located:
    """Return the data of the single YAML document in `text`; raise :class:`TermSheetError`.

    `filename` is used in messages only. Every problem found is reported together, each naming
    the line and the field.
    """
    located = read_yaml(text, filename)
    if located.problems:
        raise TermSheetError(cap_problems(located.problems, filename), count=len(located.problems))
    return located


def read_yaml(text: str | bytes, filename: str) -> Located:
    """Return the data of the single YAML document in `text`, with the problems that remain.

    Raise :class:`TermSheetError` for what leaves nothing safe to build: a file that is too big,
    not UTF-8, not valid YAML, empty, or holds several documents or aliases, too many values or
    values nested too deep. Anything else wrong (a tag, an anchor, a character no document can
    hold, a value too long, a duplicate key, a key that is a list) is recorded in
    :attr:`Located.problems` and the reading goes on, the value built as the plain text it is,
    never as what a tag asks for, so that the schema can report its own problems beside them.
    """
    if len(text) > MAX_FILE_BYTES:
        raise TermSheetError(
            [
                Problem(
                    filename,
                    None,
                    "",
                    # Files are read only one byte past the cap: the size is "more than".
                    f"the file holds more than {MAX_FILE_BYTES:,} bytes; a term sheet may "
                    "hold that many at most (a real one holds about 2,000)",
                )
            ]
        )
    if isinstance(text, bytes):
        if _UTF16_OR_32.match(text):
            raise TermSheetError(
                [
                    Problem(
                        filename,
                        None,
                        "",
                        "the file is UTF-16 or UTF-32 text (Notepad's 'Unicode'), not UTF-8: "
                        "save it as UTF-8",
                    )
                ]
            )
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TermSheetError([_not_utf8(exc, filename)]) from None
    events: list[yaml.Event] = []
    fall_back = True
    if _for_libyaml(text):
        report, parse_failed = _read(text, filename, _FAST_LOADER, events)
        fall_back = parse_failed or _libyaml_unsure(events)
    if fall_back:
        # No libyaml, a file it is not given, or one it refused as not valid YAML or may read
        # apart: the pure-Python parser reads the file, and words any message as it always has.
        events.clear()
        report, _ = _read(text, filename, yaml.SafeLoader, events)
    if report.fatal:
        # The last problem says why the reading stopped (not YAML, too many values or too
        # deep): shown whatever the number before it, which is the number up to there.
        problems = cap_problems(report.problems, filename, keep_last=True)
        raise TermSheetError(problems, count=len(report.problems))
    # The events of one document, nothing refused: StreamStart, DocumentStart, the root node's
    # events, DocumentEnd, StreamEnd; or, for a file of comments alone, StreamStart, StreamEnd.
    if not isinstance(events[1], yaml.DocumentStartEvent):
        raise TermSheetError([Problem(filename, None, "", "the term sheet is empty")])
    located = Located(None, problems=report.problems, refused=report.refused)
    located.data, _ = _build(events, 2, (), located, filename, located.problems)
    located.problems.sort(key=lambda p: p.line or 0)
    return located


def _not_utf8(exc: UnicodeDecodeError, filename: str) -> Problem:
    """Return the problem of a file that is not UTF-8: where its first such byte is (line and
    column), the field whose key or value holds it when the rest of the file reads as YAML,
    and what to do."""
    raw: bytes = exc.object  # as decoded: without the byte order mark
    line = raw.count(b"\n", 0, exc.start) + 1
    before = raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start]
    column = len(before.decode("utf-8", "replace")) + 1  # in characters
    field = ""
    try:  # each byte that is not UTF-8 read as U+FFFD, to find the field that holds it
        located = read_yaml(raw.decode("utf-8", "replace"), filename)
    except TermSheetError:
        pass
    else:
        held = [
            path
            for path, text in texts(located.data, keys=True)
            if "\ufffd" in text and located.line_of(path) == line
        ]
        field = show_path(held[0]) if held else ""
    return Problem(
        filename,
        line,
        field,
        f"the file is not UTF-8 text (byte {raw[exc.start]:#04x}, column {column}): save it as "
        "UTF-8 (a name with an accent or curly quotes, saved as Windows-1252, does this)",
    )


def texts(data: Any, path: Path = (), *, keys: bool = False) -> Iterator[tuple[Path, str]]:
    """Yield the path and text of every text value in `data` (as :func:`read_yaml` builds
    it), in order; with `keys`, of every key too (the key's path and the key itself)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if keys:
                yield (*path, key), key
            yield from texts(value, (*path, key), keys=keys)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, (*path, index), keys=keys)


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


@dataclass(slots=True)
class _Report:
    """The problems found in an event stream, and whether any leaves nothing safe to build."""

    problems: list[Problem] = field(default_factory=list)
    refused: set[Path] = field(default_factory=set)
    fatal: bool = False


def _read(text: str, filename: str, loader: Any, events: list[yaml.Event]) -> tuple[_Report, bool]:
    """Return the problems in the event stream of `text`, and whether the parser refused it.

    The events read are appended to `events`. The parser refusing the file (not valid YAML) is
    the last problem. A first, quick pass over the events looks only for whether there is
    anything to report; only then does :func:`_check_events` go over them again to say what,
    and where.
    """
    error: yaml.YAMLError | None = None
    try:
        doubtful = _glance(yaml.parse(text, Loader=loader), events)
    except yaml.YAMLError as exc:
        error, doubtful = exc, True
    report = _check_events(events, filename) if doubtful else _Report()
    if error is not None:
        report.problems.append(_syntax_problem(error, text, filename))
        report.fatal = True
    return report, error is not None


def _glance(stream: Iterator[yaml.Event], events: list[yaml.Event]) -> bool:
    """Append the events of `stream` to `events`; return whether any may be a problem.

    It stops where :func:`_check_events` stops: at the first value beyond the count or depth
    bound (PyYAML's scanner slows down with every open bracket, so a file of nested "[" would
    otherwise hang it). A key or value longer than a key may be counts as doubtful.
    """
    doubtful = False
    nodes = 0
    depth = 0
    documents = 0
    for event in stream:
        events.append(event)
        kind = type(event)  # PyYAML's own event classes, from either parser
        if kind is yaml.ScalarEvent:
            nodes += 1
            value = event.value
            if (
                event.anchor is not None
                or event.tag is not None
                or len(value) > MAX_KEY_CHARS
                or _BAD_CHARS.search(value)
            ):
                doubtful = True
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            nodes += 1
            depth += 1
            if depth > MAX_DEPTH:
                return True
            if event.anchor is not None or event.tag is not None:
                doubtful = True
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            depth -= 1
        elif kind is yaml.AliasEvent:
            nodes += 1
            doubtful = True
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents == 2:
                doubtful = True
        if nodes > MAX_NODES:
            return True
    return doubtful


def _check_events(events: list[yaml.Event], filename: str) -> _Report:
    """Return the problems in `events`, each with its line and the path of its value."""
    found = _Report()

    def report(
        line: int, path: Path, message: str, fatal: bool = True, refuse: bool = True
    ) -> None:
        """Record a problem: `fatal`, nothing can be built; else the reading goes on, and
        with `refuse` the value at `path` is reported here alone."""
        found.problems.append(Problem(filename, line, show_path(path), message))
        if fatal:
            found.fatal = True
        elif refuse:
            found.refused.add(path)

    documents = 0
    nodes = 0
    walk = _Walk()
    # The loop stops where _glance stopped reading: at the first value beyond a bound.
    for event in events:
        line = event.start_mark.line + 1
        kind = type(event)  # PyYAML's own event classes, from either parser
        if kind in _COUNTED_KINDS:
            nodes += 1
            if nodes > MAX_NODES:
                report(
                    line,
                    walk.place()[0],
                    f"the term sheet holds more than {MAX_NODES:,} values; "
                    "a term sheet needs a few dozen",
                )
                break
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents == 2:
                report(
                    line,
                    (),
                    "expected one YAML document, found a second one (remove the '---')",
                )
        elif kind is yaml.AliasEvent:
            path, is_key = walk.place()
            if is_key:
                walk.name_key(f"*{event.anchor}")
            report(
                line,
                path,
                f"aliases (*{event.anchor}) are not allowed in a term sheet; write the value out",
            )
            walk.done()
        elif kind in _NODE_KINDS:
            path, is_key = walk.place()
            where = path  # the path a problem with this node names: a key names its own
            if kind is yaml.ScalarEvent:
                if is_key:
                    walk.name_key(event.value)
                    where = (*path, event.value)
                _check_scalar(event.value, is_key, where, line, report)
            elif is_key:
                walk.name_key("?")
            if event.anchor is not None:
                report(
                    line,
                    path,
                    f"anchors (&{event.anchor}) are not allowed in a term sheet; "
                    "write the value out",
                    fatal=False,  # the value is read as it is; only an alias needs it
                    refuse=False,
                )
            tag = event.tag  # None unless the file writes a tag
            if tag is not None:  # "!" too: the README promises no tags at all
                tag = tag.replace("tag:yaml.org,2002:", "!!")
                report(
                    line,
                    where,
                    f"YAML tags ({show_path((tag,))}) are not allowed in a term sheet: "
                    "values are plain data",
                    fatal=False,
                )
            if kind is yaml.ScalarEvent:
                walk.done()
            else:
                walk.frames.append(_Frame(path, kind is yaml.MappingStartEvent))
                if len(walk.frames) > MAX_DEPTH:
                    report(
                        line,
                        path,
                        f"the values are nested more than {MAX_DEPTH} levels deep; "
                        "a term sheet needs four",
                    )
                    break
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            walk.frames.pop()
            walk.done()
    return found


def _check_scalar(value: str, is_key: bool, path: Path, line: int, report: Any) -> None:
    what = "key" if is_key else "value"
    bad = _BAD_CHARS.search(value)
    if bad:
        report(
            line,
            path,
            f"the {what} contains the character U+{ord(bad.group()):04X}, "
            "which no document can hold",
            fatal=False,
        )
    limit = MAX_KEY_CHARS if is_key else MAX_VALUE_CHARS
    if len(value) > limit:
        report(
            line,
            path,
            f"the {what} is {len(value):,} characters long; at most {limit:,} are read",
            fatal=False,
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
    if "character '\\t'" in detail:  # an editor's tab, to indent or to line values up
        detail += "; write spaces instead of tabs, to indent and after a key's colon"
    elif problem == "mapping values are not allowed here":
        detail += (
            "; a key on this line is indented past the keys above it (line it up with them), "
            "or a value holds ': ' (put it in quotes)"
        )
    elif problem.startswith("expected <block end>") and "<block mapping start>" in problem:
        detail += (
            "; a key on this line is indented less than the keys above it but more than the "
            "key they belong to: line it up with the keys it goes with"
        )
    elif context and "quoted scalar" in context and "end of stream" in problem:
        start = exc.context_mark  # type: ignore[attr-defined]
        line = start.line + 1
        detail = "a quoted value starts on this line and its quote is never closed"
    return Problem(filename, line, "", f"this is not valid YAML: {detail}")


def cap_problems(
    problems: list[Problem], filename: str, *, keep_last: bool = False
) -> list[Problem]:
    """Return `problems`, the ones past :data:`MAX_PROBLEMS` counted in one last line; with
    `keep_last`, the last problem is shown among them (why the reading stopped)."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    shown = [*problems[: MAX_PROBLEMS - 1], problems[-1]] if keep_last else problems[:MAX_PROBLEMS]
    return [
        *shown,
        Problem(filename, None, "", f"and {rest:,} more problems not shown; fix these first"),
    ]


def _build(
    events: list[yaml.Event],
    at: int,
    path: Path,
    located: Located,
    filename: str,
    problems: list[Problem],
) -> tuple[Any, int]:
    """Return the value of the node whose events start at `events[at]`, and the index after it.

    The same walk as composing the nodes and reading them: a key that is not a scalar, or a key
    given twice, is a problem and its value is not read.
    """
    # Recursion is bounded: _check_events refused anything nested deeper than MAX_DEPTH.
    event = events[at]
    line = event.start_mark.line + 1
    located.lines.setdefault(path, line)
    if isinstance(event, yaml.MappingStartEvent):
        out: dict[str, Any] = {}
        first_at: dict[str, tuple[int, int]] = {}  # each key's line and column
        text_before: tuple[str, int] | None = None  # inside { }: see _rest_of_a_value
        at += 1
        while not isinstance(events[at], yaml.MappingEndEvent):
            key_event = events[at]
            key_line = key_event.start_mark.line + 1
            if not isinstance(key_event, yaml.ScalarEvent):
                problems.append(
                    Problem(
                        filename,
                        key_line,
                        show_path(path),
                        "a key must be a plain name, not a list or mapping",
                    )
                )
                at = _skip(events, _skip(events, at))
                continue
            key: str = key_event.value
            if key in first_at:
                first, column = first_at[key]
                where = f"line {first}" + (f", column {column}" if first == key_line else "")
                problems.append(
                    Problem(
                        filename,
                        key_line,
                        show_path((*path, key)),
                        f"duplicate key (first given at {where}); give each key once",
                    )
                )
                # Which copy was meant is unknown: what the schema says of the first says
                # nothing new, so only the duplicate is reported.
                located.refused.add((*path, key))
                at = _skip(events, at + 1)
                continue
            first_at[key] = (key_line, key_event.start_mark.column + 1)
            located.lines[(*path, key)] = key_line
            if event.flow_style:
                text_before = _rest_of_a_value(
                    key_event, events[at + 1], text_before, (*path, key), located
                )
            out[key], at = _build(events, at + 1, (*path, key), located, filename, problems)
        return out, at + 1
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Any] = []
        at += 1
        while not isinstance(events[at], yaml.SequenceEndEvent):
            item, at = _build(events, at, (*path, len(items)), located, filename, problems)
            items.append(item)
        return items, at + 1
    value: str = event.value
    # Plain style is None from the pure-Python parser and "" from libyaml.
    if not event.style and value in _NULLS:
        return None, at + 1
    return value, at + 1


def _rest_of_a_value(
    key: yaml.ScalarEvent,
    value: yaml.Event,
    text_before: tuple[str, int] | None,
    path: Path,
    located: Located,
) -> tuple[str, int] | None:
    """Record `path` in :attr:`Located.cut_from` when its `key`, in a mapping inside { }, is
    most likely the rest of the text value before it, cut at a comma: a key with no ':' nor
    `value`, on the line where that value ends (`text_before`: its key and last line).

    Return what the next key of the mapping comes after: the same text value after such a key
    (``{title: A, B, C}`` cuts it twice), this key's value if it is text, else ``None``.
    """
    bare = (
        isinstance(value, yaml.ScalarEvent)
        and not value.style
        and not value.value
        # The empty value of a key with no ':' starts where the key ends.
        and (value.start_mark.line, value.start_mark.column)
        == (key.end_mark.line, key.end_mark.column)
    )
    if bare:
        if text_before is not None and text_before[1] == key.start_mark.line + 1:
            located.cut_from[path] = text_before[0]
            return text_before
        return None
    # Only a plain text value is cut at a comma: a quoted one ends at its quote, a null
    # ("~") is no text.
    if isinstance(value, yaml.ScalarEvent) and not value.style and value.value not in _NULLS:
        return key.value, value.end_mark.line + 1
    return None


def _skip(events: list[yaml.Event], at: int) -> int:
    """Return the index just after the node whose events start at `events[at]`."""
    depth = 0
    while True:
        event = events[at]
        at += 1
        if isinstance(event, _START_EVENTS):
            depth += 1
        elif isinstance(event, _END_EVENTS):
            depth -= 1
        if depth == 0:
            return at
