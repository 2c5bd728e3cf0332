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

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace

from generator.errors import TemplateError
from generator.grammar import letter, romanette
from generator.model import (
    Block,
    Document,
    Heading,
    Legend,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Title,
)

__all__ = ["parse_markup"]

_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_CLOSE = re.compile(r" +(?=[.,;:)])")
_CLAUSE_ID = re.compile(r"[a-z][a-z0-9_]*")
_MARKS = {"b": "bold", "i": "italic", "u": "underline"}


def parse_markup(markup: str, source: str) -> Document:
    """Return the document that `markup` describes; `source` names the template in errors."""
    if "<!DOCTYPE" in markup or "<!ENTITY" in markup:
        raise TemplateError(f"{source}: a template may not declare a DOCTYPE or entities")
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        line = exc.position[0]
        raise TemplateError(
            f"{source}: the rendered template is not well-formed markup near line {line} "
            f"({_reason(exc)}); check that every element is closed"
        ) from None
    if root.tag != "document":
        raise TemplateError(f"{source}: the template must render one <document> element")
    builder = _Builder(source)
    try:
        blocks = tuple(builder.block(el) for el in root)
    except RecursionError:
        # User templates are held to a depth far below this before they get here
        # (sandbox.check_depth); this is the backstop for markup from anywhere else.
        raise TemplateError(f"{source}: the markup nests elements too deeply") from None
    try:
        return Document(
            id=_attr(root, "id", source),
            title=_attr(root, "title", source),
            blocks=blocks,
            page_label=root.get("page-label", "{page}"),
            number_first_page=_yes(root.get("number-first-page", "no")),
            metadata={k[5:]: v for k, v in root.attrib.items() if k.startswith("meta-")},
        )
    except KeyError as exc:  # pragma: no cover - _attr raises first
        raise TemplateError(f"{source}: <document> needs {exc}") from None


def _reason(exc: ET.ParseError) -> str:
    return str(exc).split(":")[0]


def _attr(el: ET.Element, name: str, source: str) -> str:
    value = el.get(name)
    if not value:
        raise TemplateError(f"{source}: <{el.tag}> needs the attribute {name}=")
    return value


def _yes(value: str) -> bool:
    return value.lower() in ("yes", "true", "1")


@dataclass
class _Builder:
    source: str
    section: int = 0
    subsection: int = 0

    def block(self, el: ET.Element) -> Block:
        clause = self._clause(el)
        match el.tag:
            case "legend":
                return Legend(_plain(el), clause)
            case "title":
                return Title(_plain(el), clause)
            case "heading":
                return Heading(_Inline(self).runs(el), clause)
            case "para":
                return self._para(el, clause)
            case "signature":
                return self._signature(el, clause or "signatures")
            case "pagebreak":
                return PageBreak(clause)
        raise TemplateError(f"{self.source}: unknown block element <{el.tag}>")

    def _clause(self, el: ET.Element) -> str | None:
        clause = el.get("clause")
        if clause is not None and not _CLAUSE_ID.fullmatch(clause):
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
            raise TemplateError(f"{self.source}: number= is section, subsection or none")
        runs = _Inline(self).runs(el)
        if not runs:
            raise TemplateError(f"{self.source}: a <para> rendered empty (clause {clause})")
        indent = el.get("indent", "first")
        if indent not in ("first", "none"):
            raise TemplateError(f"{self.source}: indent= is first or none")
        return Paragraph(
            runs=runs,
            clause=clause,
            number=number,
            indent="first" if indent == "first" else "none",
            keep_with_next=_yes(el.get("keep-with-next", "no")),
        )

    def _signature(self, el: ET.Element, clause: str) -> SignatureBlock:
        parts: dict[str, str | None] = {"party": None, "sig": None, "name": None, "title": None}
        for child in el:
            if child.tag not in parts:
                raise TemplateError(f"{self.source}: <signature> holds no <{child.tag}>")
            parts[child.tag] = _plain(child) or None
        return SignatureBlock(
            party=parts["party"],
            signature=parts["sig"],
            by=_yes(el.get("by", "no")),
            name=parts["name"],
            title=parts["title"],
            clause=clause,
        )


@dataclass
class _Inline:
    """Flatten one block's inline markup into runs, collapsing whitespace across runs."""

    builder: _Builder
    out: list[Run] = field(default_factory=list)

    def runs(self, el: ET.Element) -> tuple[Run, ...]:
        self._walk(el, Run(""))
        return _tidy(self.out)

    def _emit(self, text: str | None, style: Run) -> None:
        if text:
            self.out.append(replace(style, text=text))

    def _walk(self, el: ET.Element, style: Run) -> None:
        self._emit(el.text, style)
        for child in el:
            self._child(child, style)
            self._emit(child.tail, style)

    def _child(self, child: ET.Element, style: Run) -> None:
        tag = child.tag
        if tag in _MARKS:
            self._walk(child, replace(style, **{_MARKS[tag]: True}))
        elif tag == "span":
            self._walk(child, self._in_clause(child, style))
        elif tag == "list":
            self._list(child, style)
        else:
            raise TemplateError(f"{self.builder.source}: unknown inline element <{tag}>")

    def _in_clause(self, el: ET.Element, style: Run) -> Run:
        clause = self.builder._clause(el)
        return replace(style, clauses=(*style.clauses, clause)) if clause else style

    def _list(self, el: ET.Element, style: Run) -> None:
        items = [item for item in el if item.tag == "item"]
        if len(items) != len(el) or (el.text or "").strip():
            raise TemplateError(f"{self.builder.source}: a <list> holds only <item> elements")
        conj = el.get("conj", "and")
        serial = _yes(el.get("serial-comma", "no"))
        numbered = len(items) > 1
        for i, item in enumerate(items):
            if i:
                last = i == len(items) - 1
                comma = "," if (not last or serial) else ""
                self._emit(f"{comma} {conj} " if last else ", ", style)
            item_style = self._in_clause(item, style)
            if numbered:
                self._emit(f"{romanette(i + 1)} ", item_style)
            self._walk(item, item_style)


def _plain(el: ET.Element) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def _tidy(runs: list[Run]) -> tuple[Run, ...]:
    """Collapse whitespace across run boundaries, trim the ends and merge equal neighbours."""
    out: list[Run] = []
    space_before = True  # at the start, leading space is dropped
    for run in runs:
        text = _SPACE.sub(" ", run.text)
        if space_before:
            text = text.lstrip(" ")
        if not text:
            continue
        space_before = text.endswith(" ")
        if out and _same_marks(out[-1], run):
            out[-1] = replace(out[-1], text=out[-1].text + text)
        else:
            out.append(replace(run, text=text))
    if out:
        out[-1] = replace(out[-1], text=out[-1].text.rstrip(" "))
        if not out[-1].text:
            out.pop()
    return tuple(_space_outside_marks(_no_space_before_close(out)))


def _no_space_before_close(runs: list[Run]) -> list[Run]:
    """Drop a space that a template's line break left before ``.``, ``,``, ``;``, ``:`` or ``)``."""
    out: list[Run] = []
    for run in runs:
        text = _SPACE_BEFORE_CLOSE.sub("", run.text)
        if out and text[:1] in ".,;:)" and out[-1].text.endswith(" "):
            out[-1] = replace(out[-1], text=out[-1].text.rstrip(" "))
        if text:
            out.append(replace(run, text=text))
    return [r for r in out if r.text]


def _space_outside_marks(runs: list[Run]) -> list[Run]:
    # Keep spaces out of underlined/bold runs' edges so a heading's underline stops at its word.
    out: list[Run] = []
    for run in runs:
        if (run.underline or run.bold) and run.text.endswith(" ") and run.text.strip():
            out.append(replace(run, text=run.text.rstrip(" ")))
            out.append(replace(run, text=" ", underline=False, bold=False))
        else:
            out.append(run)
    merged: list[Run] = []
    for run in out:
        if merged and _same_marks(merged[-1], run):
            merged[-1] = replace(merged[-1], text=merged[-1].text + run.text)
        else:
            merged.append(run)
    return merged


def _same_marks(a: Run, b: Run) -> bool:
    return (a.bold, a.italic, a.underline, a.clauses, a.change) == (
        b.bold,
        b.italic,
        b.underline,
        b.clauses,
        b.change,
    )
