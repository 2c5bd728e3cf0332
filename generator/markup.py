"""Read the small XML vocabulary that templates write into a :class:`~generator.model.Document`.

Templates render with HTML autoescaping on, so every term-sheet value arrives here as escaped
character data and can never become an element. The vocabulary::

    <document id="..." title="..." page-label="{page}" number-first-page="no">
      <legend>EXHIBIT 10.3</legend>          <title>GENERAL RELEASE</title>
      <heading clause="recitals">R E C I T A L S</heading>
      <para clause="definitions" number="section|subsection|none" indent="first|none"
            keep-with-next="yes"> text <u>Definitions.</u> <b>..</b> <i>..</i>
            <span clause="separate_counsel">..</span>
            <list conj="or" serial-comma="no"><item clause="..">..</item>..</list> </para>
      <signature clause="signatures" by="yes"><party>..</party><sig>..</sig>
            <name>..</name><title>..</title></signature>
      <pagebreak/>
    </document>

Whitespace inside a paragraph is collapsed to single spaces, so templates can wrap freely.
Sections are numbered ``1.``, ``2.`` ... and subsections ``(a)``, ``(b)`` ... in order, so
toggling a section off renumbers the rest. A ``<list>`` of one item has no romanette; of two or
more, ``(i)``, ``(ii)`` ... with the conjunction before the last item.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

from generator.errors import TemplateError
from generator.grammar import letter, romanette
from generator.model import (
    Block,
    Change,
    Document,
    Heading,
    Legend,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Title,
    block_text,
    is_page_label,
)

__all__ = ["CLAUSE_ID", "parse_markup"]

_CLOSERS = ".,;:)"
_SPACED_CLOSERS = tuple((f" {closer}", closer) for closer in _CLOSERS)
_SPACE_BEFORE_CLOSER = re.compile(r" [.,;:)]")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # two full stops, not an ellipsis's three
CLAUSE_ID = re.compile(r"[a-z][a-z0-9_]*")
"""What a clause id may be: lower-case letters, digits and ``_``, a letter first."""
_NO_BREAK = "\u00a0\u2007\u202f"  # the no-break, figure and narrow no-break spaces
_NO_BREAK_SPACE = re.compile(f"[{_NO_BREAK}]")
_OTHER_SPACE = re.compile(f"[^\\S{_NO_BREAK}]+")
# A no-break space takes the place of the ordinary whitespace around it ("Section&#160;\n 1").
_AROUND_NO_BREAK = re.compile(f"[^\\S{_NO_BREAK}]*([{_NO_BREAK}]+)[^\\S{_NO_BREAK}]*")
_ALL_SPACES = " " + _NO_BREAK
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MARKS = {"b": "bold", "i": "italic", "u": "underline"}


def parse_markup(markup: str, source: str) -> Document:
    """Return the document that `markup` describes; `source` names the template in errors."""
    if "<!DOCTYPE" in markup or "<!ENTITY" in markup:
        raise TemplateError(f"{source}: a template may not declare a DOCTYPE or entities")
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        line = exc.position[0]
        reason = _reason(exc)
        rows = markup.splitlines()
        shown = rows[line - 1].strip() if 0 < line <= len(rows) else ""
        shown = f": {shown[:80]!r}" if shown else ""
        raise TemplateError(
            f"{source}: the rendered template is not well-formed markup near line {line}"
            f"{shown} ({reason}); {_ADVICE.get(reason, _CLOSED)}"
        ) from None
    if root.tag != "document":
        raise TemplateError(f"{source}: the template must render one <document> element")
    _check_attributes(root, source)
    _no_text(root, source, "put it in a <para>")
    builder = _Builder(source)
    try:
        blocks = tuple(builder.block(el) for el in root)
    except RecursionError:
        # User templates are held to a depth far below this before they get here
        # (sandbox.check_depth); this is the backstop for markup from anywhere else.
        raise TemplateError(f"{source}: the markup nests elements too deeply") from None
    _check_size(blocks, source)
    try:
        return Document(
            id=_attr(root, "id", source),
            title=_attr(root, "title", source),
            blocks=blocks,
            page_label=_page_label(root, source),
            number_first_page=_yes(root, "number-first-page", source),
            metadata=_metadata(root, source),
        )
    except KeyError as exc:  # pragma: no cover - _attr raises first
        raise TemplateError(f"{source}: <document> needs {exc}") from None


#: The most blocks (paragraphs, headings, signature blocks ...) a document may have: a long
#: agreement has a few hundred. Laying out 60,000 took the PDF writer a minute and 1.2 GB.
MAX_BLOCKS = 10_000
#: The longest word (text without a space) a document may hold: a long web address has a few
#: hundred characters. A word of 99,000 took the PDF writer a minute to break into lines.
MAX_WORD = 5_000
#: From a word's start only: tried at every place of a long word, the search took time as the
#: square of its length.
_LONG_WORD = re.compile(rf"(?<!\S)\S{{{MAX_WORD + 1},}}")


def _check_size(blocks: tuple[Block, ...], source: str) -> None:
    """Raise :class:`TemplateError` when `blocks` are more than a document may hold."""
    if len(blocks) > MAX_BLOCKS:
        raise TemplateError(
            f"{source}: the document has {len(blocks):,} blocks (paragraphs, headings, "
            f"signature blocks ...); a document may have at most {MAX_BLOCKS:,}"
        )
    for block in blocks:
        long = _LONG_WORD.search(block_text(block))
        if long:
            raise TemplateError(
                f"{source}: the document has a word of {len(long.group()):,} characters "
                f"without a space ({long.group()[:20]!r}...); a word may have at most "
                f"{MAX_WORD:,}"
            )


def _page_label(root: ET.Element, source: str) -> str:
    """Return the page label: a text holding ``{page}``, and no other braces."""
    label = root.get("page-label", "{page}")
    if not is_page_label(label):
        raise TemplateError(
            f"{source}: <document> page-label= holds {{page}} and no other braces, not {label!r}"
        )
    return label


def _metadata(root: ET.Element, source: str) -> dict[str, str]:
    """Return the ``meta-*`` attributes by name; ``meta-date`` and ``meta-created`` must be
    dates, YYYY-MM-DD."""
    metadata = {k[5:]: v for k, v in root.attrib.items() if k.startswith("meta-")}
    for key in ("date", "created"):
        date = metadata.get(key)
        if date is None:
            continue
        if not _ISO_DATE.fullmatch(date):
            raise TemplateError(
                f"{source}: <document> meta-{key}= is a date, YYYY-MM-DD, not {date!r}"
            )
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise TemplateError(f"{source}: <document> meta-{key}= {date!r} is no day") from None
    return metadata


def _reason(exc: ET.ParseError) -> str:
    return str(exc).split(":")[0]


_CLOSED = "check that every element is closed"
#: What to do about each of expat's reasons (the line shown is of the rendered markup).
_ADVICE = {
    "not well-formed (invalid token)": "write & as &amp; and < as &lt; in a template's own "
    "words, and check that every element is closed",
    "undefined entity": "only &amp; &lt; &gt; &quot; &apos; and numeric references such as "
    "&#160; exist",
    "duplicate attribute": "give each attribute once",
    "junk after document element": "nothing may follow </document>",
    "unclosed token": _CLOSED,
}


def _attr(el: ET.Element, name: str, source: str) -> str:
    value = el.get(name)
    if not value:
        raise TemplateError(f"{source}: <{el.tag}> needs the attribute {name}=")
    return value


#: The attributes each element takes; any other is a template's typo, reported, never ignored.
#: (``<document>`` also takes any ``meta-*``.)
_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "document": ("id", "title", "page-label", "number-first-page"),
    "legend": ("clause",),
    "title": ("clause",),
    "heading": ("clause",),
    "para": ("clause", "number", "indent", "keep-with-next"),
    "signature": ("clause", "by"),
    "pagebreak": ("clause",),
    "span": ("clause",),
    "list": ("conj", "serial-comma"),
    "item": ("clause",),
    "b": (),
    "i": (),
    "u": (),
}


def _check_attributes(el: ET.Element, source: str, allowed: tuple[str, ...] | None = None) -> None:
    """Raise :class:`TemplateError` for an attribute `el` does not take: one not in `allowed`
    (by default its element's entry in :data:`_ATTRIBUTES`; an unknown element is its
    caller's to report)."""
    allowed = _ATTRIBUTES.get(el.tag) if allowed is None else allowed
    if allowed is None:
        return
    for name in el.attrib:
        if name in allowed or (el.tag == "document" and name.startswith("meta-")):
            continue
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"; did you mean {close[0]}=?" if close else ""
        takes = f"it takes {', '.join(f'{a}=' for a in allowed)}" if allowed else "it takes none"
        raise TemplateError(f"{source}: <{el.tag}> has no attribute {name}= ({takes}){hint}")


def _yes(el: ET.Element, name: str, source: str) -> bool:
    """Return the yes/no attribute `name` of `el` (default no); raise for another value."""
    value = el.get(name, "no")
    if value.lower() in ("yes", "true", "1"):
        return True
    if value.lower() in ("no", "false", "0"):
        return False
    raise TemplateError(f"{source}: <{el.tag}> {name}= is yes or no, not {value!r}")


def _no_text(el: ET.Element, source: str, where: str) -> None:
    """Raise :class:`TemplateError` when words stand directly in `el`, outside its elements."""
    loose = [el.text, *(child.tail for child in el)]
    if any(text and text.strip() for text in loose):
        raise TemplateError(f"{source}: text directly in <{el.tag}>; {where}")


@dataclass
class _Builder:
    source: str
    section: int = 0
    subsection: int = 0

    def block(self, el: ET.Element) -> Block:
        _check_attributes(el, self.source)
        clause = self._clause(el)
        match el.tag:
            case "legend":
                return Legend(self._words(el), clause)
            case "title":
                return Title(self._words(el), clause)
            case "heading":
                runs = _Inline(self).runs(el)
                if not runs:
                    raise self._empty(el, clause)
                return Heading(runs, clause)
            case "para":
                return self._para(el, clause)
            case "signature":
                return self._signature(el, clause or "signatures")
            case "pagebreak":
                if len(el) or (el.text or "").strip():
                    raise TemplateError(f"{self.source}: <pagebreak/> holds nothing")
                return PageBreak(clause)
        raise TemplateError(f"{self.source}: unknown block element <{el.tag}>")

    def _words(self, el: ET.Element) -> str:
        """Return the plain words of `el`; raise when it has none."""
        words = _plain(el)
        if not words:
            raise self._empty(el, self._clause(el))
        return words

    def _empty(self, el: ET.Element, clause: str | None) -> TemplateError:
        which = f' clause="{clause}"' if clause else ""
        return TemplateError(
            f"{self.source}: a <{el.tag}{which}> rendered with no words; put the condition "
            f"that empties it around the whole <{el.tag}>"
        )

    def _clause(self, el: ET.Element) -> str | None:
        clause = el.get("clause")
        if clause is not None and not CLAUSE_ID.fullmatch(clause):
            raise TemplateError(
                f"{self.source}: clause id {clause!r} must be lower case letters, digits and _"
            )
        return clause

    def _para(self, el: ET.Element, clause: str | None) -> Paragraph:
        numbering = el.get("number", "none")
        number: str | None = None
        if numbering == "section":
            self.section += 1
            self.subsection = 0
            number = f"{self.section}."
        elif numbering == "subsection":
            self.subsection += 1
            number = letter(self.subsection)
        elif numbering != "none":
            raise TemplateError(
                f"{self.source}: <para> number= is section, subsection or none, not {numbering!r}"
            )
        runs = _Inline(self).runs(el)
        if not runs:
            raise self._empty(el, clause)
        indent = el.get("indent", "first")
        if indent not in ("first", "none"):
            raise TemplateError(f"{self.source}: <para> indent= is first or none, not {indent!r}")
        return Paragraph(
            runs=runs,
            clause=clause,
            number=number,
            indent="first" if indent == "first" else "none",
            keep_with_next=_yes(el, "keep-with-next", self.source),
        )

    def _signature(self, el: ET.Element, clause: str) -> SignatureBlock:
        parts: dict[str, str | None] = {"party": None, "sig": None, "name": None, "title": None}
        _no_text(el, self.source, "put it in <party>, <sig>, <name> or <title>")
        for child in el:
            if child.tag not in parts:
                raise TemplateError(
                    f"{self.source}: <signature> holds no <{child.tag}> (it holds <party>, "
                    f"<sig>, <name> and <title>){_did_you_mean(child.tag, parts)}"
                )
            if parts[child.tag] is not None:
                raise TemplateError(f"{self.source}: <signature> holds one <{child.tag}>, not two")
            _check_attributes(child, self.source, allowed=())  # a part of a block: none
            parts[child.tag] = _plain(child) or None
        return SignatureBlock(
            party=parts["party"],
            signature=parts["sig"],
            by=_yes(el, "by", self.source),
            name=parts["name"],
            title=parts["title"],
            clause=clause,
        )


# A run's marks without its text: (bold, italic, underline, clauses, change), the fields of
# :class:`Run` after `text`. Inline markup is flattened and tidied as (text, marks) pairs, and a
# :class:`Run` is made once per finished run: ``dataclasses.replace`` on every piece of text was
# a third of the time to read a document.
_Marks: TypeAlias = tuple[bool, bool, bool, tuple[str, ...], Change | None]
_Piece: TypeAlias = tuple[str, _Marks]
_PLAIN: _Marks = (False, False, False, (), None)
_MARK_INDEX = {"b": 0, "i": 1, "u": 2}
_BOLD, _ITALIC, _UNDERLINE, _CLAUSES, _CHANGE = range(5)


@dataclass
class _Inline:
    """Flatten one block's inline markup into runs, collapsing whitespace across runs."""

    builder: _Builder
    out: list[_Piece] = field(default_factory=list)

    def runs(self, el: ET.Element) -> tuple[Run, ...]:
        self._walk(el, _PLAIN)
        return _tidy(self.out)

    def _emit(self, text: str | None, marks: _Marks) -> None:
        if text:
            self.out.append((text, marks))

    def _walk(self, el: ET.Element, marks: _Marks) -> None:
        self._emit(el.text, marks)
        for child in el:
            self._child(child, marks)
            self._emit(child.tail, marks)

    def _child(self, child: ET.Element, marks: _Marks) -> None:
        tag = child.tag
        _check_attributes(child, self.builder.source)
        index = _MARK_INDEX.get(tag)
        if index is not None:
            marked = list(marks)
            marked[index] = True
            self._walk(child, tuple(marked))  # type: ignore[arg-type]
        elif tag == "span":
            self._walk(child, self._in_clause(child, marks))
        elif tag == "list":
            self._list(child, marks)
        else:
            raise TemplateError(f"{self.builder.source}: unknown inline element <{tag}>")

    def _in_clause(self, el: ET.Element, marks: _Marks) -> _Marks:
        clause = self.builder._clause(el)
        if not clause:
            return marks
        bold, italic, underline, clauses, change = marks
        return (bold, italic, underline, (*clauses, clause), change)

    def _list(self, el: ET.Element, marks: _Marks) -> None:
        items = [item for item in el if item.tag == "item"]
        if len(items) != len(el) or any(
            (t or "").strip() for t in (el.text, *(i.tail for i in el))
        ):
            other = next((f" <{i.tag}>{_did_you_mean(i.tag, ('item',))}" for i in el
                          if i.tag != "item"), " text")  # fmt: skip
            raise TemplateError(
                f"{self.builder.source}: a <list> holds only <item> elements, not{other}"
            )
        for item in items:
            _check_attributes(item, self.builder.source)
        conj = el.get("conj", "and")
        serial = _yes(el, "serial-comma", self.builder.source)
        numbered = len(items) > 1
        for i, item in enumerate(items):
            if i:
                last = i == len(items) - 1
                comma = "," if (not last or serial) else ""  # the filing: "(i) .., and (ii)"
                self._emit(f"{comma} {conj} " if last else ", ", marks)
            item_marks = self._in_clause(item, marks)
            if not _plain(item):
                raise self.builder._empty(item, self.builder._clause(item))
            if numbered:
                self._emit(f"{romanette(i + 1)} ", item_marks)
            self._walk(item, item_marks)


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean <{close[0]}>?" if close else ""


def _plain(el: ET.Element) -> str:
    return _collapse("".join(el.itertext())).strip(_ALL_SPACES)


def _collapse(raw: str) -> str:
    """Return `raw` with every run of whitespace one space (``re.sub(r"\\s+", " ", raw)``),
    but the no-break spaces (``&#160;``), which keep words together and so stay as written.

    ``str.split`` and ``\\s`` agree on what whitespace is; this is four times as fast.
    """
    if _NO_BREAK_SPACE.search(raw):
        return _OTHER_SPACE.sub(" ", _AROUND_NO_BREAK.sub(r"\1", raw))
    words = raw.split()
    if not words:
        return " " if raw else ""
    text = " ".join(words)
    if raw[0].isspace():
        text = " " + text
    if raw[-1].isspace():
        text += " "
    return text


def _ends_in_one_stop(texts: list[str]) -> bool:
    """Return whether the last non-empty text of `texts` ends in one full stop (no ellipsis)."""
    last = next((text for text in reversed(texts) if text), "")
    return last.endswith(".") and not last.endswith("..")


def _tidy(pieces: list[_Piece]) -> tuple[Run, ...]:
    """Collapse whitespace across run boundaries, trim the ends and merge equal neighbours.

    Then drop a space that a template's line break left before ``.``, ``,``, ``;``, ``:`` or
    ``)``, and a full stop after one that ends a value (``Inc.``), and keep spaces out of
    underlined and bold runs' edges, so that a heading's underline stops at its word. Three
    passes over the texts, each reading what the one before left.
    """
    # 1. Collapse whitespace, across pieces too; merge neighbours with the same marks.
    texts: list[str] = []
    marks: list[_Marks] = []
    space_before = True  # at the start, leading space is dropped
    for raw, mark in pieces:
        text = _collapse(raw)
        if space_before:
            text = text.lstrip(" " if texts else _ALL_SPACES)
        elif text[:1] in _NO_BREAK and texts:  # it takes the place of the space before it
            texts[-1] = texts[-1].rstrip(" ")
        if not text:
            continue
        space_before = text.endswith(tuple(_ALL_SPACES))
        if marks and marks[-1] == mark:
            texts[-1] += text
        else:
            texts.append(text)
            marks.append(mark)
    if texts:
        texts[-1] = texts[-1].rstrip(_ALL_SPACES)
        if not texts[-1]:
            texts.pop()
            marks.pop()
    # 2. No space before a closing mark, inside a text or across two. From here on every text
    # holds single spaces only, a no-break space standing for one (each piece was collapsed,
    # and one after a space lost its own).
    # Then one full stop where a value's own ends a sentence ("N.Y.B.C.L." or "Inc." + ".").
    closed: list[str] = []
    closed_marks: list[_Marks] = []
    for text, mark in zip(texts, marks, strict=True):
        if _SPACE_BEFORE_CLOSER.search(text):
            for spaced, closer in _SPACED_CLOSERS:
                text = text.replace(spaced, closer)
        if closed and text[:1] in _CLOSERS and closed[-1].endswith(" "):
            closed[-1] = closed[-1].rstrip(" ")  # may leave it empty: skipped below
        if ".." in text:
            text = _DOUBLE_STOP.sub(".", text)
        if text[:1] == "." and text[1:2] != "." and _ends_in_one_stop(closed):
            text = text[1:]
        if text:
            closed.append(text)
            closed_marks.append(mark)
    # 3. A bold or underlined text's trailing space goes into a plain run of its own; then
    # neighbours with the same marks merge, and each becomes a Run.
    runs: list[Run] = []
    last_text = ""
    last_mark: _Marks | None = None
    for text, mark in zip(closed, closed_marks, strict=True):
        if not text:
            continue
        if (mark[_UNDERLINE] or mark[_BOLD]) and text.endswith(" ") and text.strip():
            parts: tuple[_Piece, ...] = (
                (text.rstrip(" "), mark),
                (" ", (False, mark[_ITALIC], False, mark[_CLAUSES], mark[_CHANGE])),
            )
        else:
            parts = ((text, mark),)
        for part, part_mark in parts:
            if part_mark == last_mark:
                last_text += part
            else:
                if last_mark is not None:
                    runs.append(Run(last_text, *last_mark))
                last_text, last_mark = part, part_mark
    if last_mark is not None:
        runs.append(Run(last_text, *last_mark))
    return tuple(runs)
