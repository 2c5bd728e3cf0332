"""A standalone HTML page of the agreement: semantic markup and print CSS.

The page carries its stylesheet inline (``generator/assets/docgen.css``) and needs nothing else;
the PDF writer renders the same markup without the inline sheet and hands WeasyPrint the sheet,
already parsed, instead. Every piece of text from the model is escaped: a party named
``<img src=...>`` prints those characters and loads nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from markupsafe import escape

from generator.errors import RenderError
from generator.model import (
    PARAGRAPH_MARK_TEXT,
    Block,
    Document,
    Heading,
    Legend,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Title,
    paragraph_mark,
    whole_change,
)
from generator.writers.typography import curl, curl_runs

__all__ = ["ASSETS", "STYLESHEET", "page_rules", "render", "write"]

ASSETS = Path(__file__).resolve().parent.parent / "assets"
"""The package's static files: stylesheets and fonts."""
STYLESHEET = ASSETS / "docgen.css"
"""The stylesheet shared by the HTML page and the PDF."""

#: A hyphenated compound ("by-laws"). Possessive, and only from a word's start: tried at every
#: place of a long word without a hyphen, ``\w+(?:-\w+)+`` took time as the square of its length.
_COMPOUND = re.compile(r"(?<!\w)\w++(?:-\w++)+")
_W3C_DATE = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?"
)
_LETTER_SPACED = re.compile(r"(?:\w ){2,}\w")
_CSS_PLAIN = re.compile(r"[A-Za-z0-9 .,_-]")


def write(document: Document) -> bytes:
    """Return `document` as a standalone UTF-8 HTML page."""
    return render(document).encode("utf-8")


def render(document: Document, *, stylesheet: bool = True) -> str:
    """Return `document` as an HTML page.

    With `stylesheet` false the page links no sheet and inlines only its page-label rules: the
    PDF writer supplies the parsed stylesheet itself.
    """
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="docgen">',
        f"<title>{escape(document.title)}</title>",
    ]
    meta = document.metadata
    if meta.get("subject"):
        head.append(f'<meta name="description" content="{escape(meta["subject"])}">')
    if meta.get("author"):
        head.append(f'<meta name="author" content="{escape(meta["author"])}">')
    # The document's date (an agreement's effective date) is not when the file was made:
    # "created" (which WeasyPrint makes the PDF's CreationDate) only when the document says so.
    for key, name in (("date", "dcterms.date"), ("created", "dcterms.created")):
        if _W3C_DATE.fullmatch(meta.get(key, "")):
            head.append(f'<meta name="{name}" content="{meta[key]}">')
    if stylesheet:
        head.append(f"<style>\n{_stylesheet_text()}</style>")
    head.append(f"<style>\n{page_rules(document)}\n</style>")
    head += [
        "</head>",
        "<body>",
        f'<article class="document" data-document="{escape(document.id)}">',
    ]
    body = _Body(document).render()
    return "\n".join([*head, *body, "</article>", "</body>", "</html>", ""])


def page_rules(document: Document) -> str:
    """Return the ``@page`` rules that print `document`'s page label in the footer."""
    parts = document.page_label.split("{page}")
    content: list[str] = []
    for i, literal in enumerate(parts):
        if i:
            content.append("counter(page)")
        if literal:
            content.append(_css_string(literal))
    rules = f"@page {{ @bottom-center {{ content: {' '.join(content) or 'none'}; }} }}"
    if not document.number_first_page:
        rules += "\n@page :first { @bottom-center { content: none; } }"
    return rules


@functools.cache
def _stylesheet_text() -> str:
    try:
        return STYLESHEET.read_text(encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"the HTML stylesheet {STYLESHEET} cannot be read: {exc}") from exc


def _css_string(text: str) -> str:
    """Return `text` as a CSS string literal, every unusual character hex-escaped."""
    return '"' + "".join(c if _CSS_PLAIN.match(c) else f"\\{ord(c):06x}" for c in text) + '"'


def _text(text: str) -> str:
    """Return `text` escaped, its hyphenated compounds kept from breaking at the hyphen."""
    out: list[str] = []
    pos = 0
    for match in _COMPOUND.finditer(text):
        out.append(str(escape(text[pos : match.start()])))
        out.append(f'<span class="nobreak">{escape(match.group())}</span>')
        pos = match.end()
    out.append(str(escape(text[pos:])))
    return "".join(out)


class _Body:
    """One rendering of a document's blocks; remembers which clause ids already have an anchor."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.anchored: set[str] = set()
        date = document.metadata.get("date", "")
        self.datetime = f' datetime="{date}"' if _W3C_DATE.fullmatch(date) else ""

    def render(self) -> list[str]:
        """Return the HTML lines of the document's blocks."""
        out: list[str] = []
        page_break = False
        for block in self.document.blocks:
            if isinstance(block, PageBreak):
                page_break = True
                continue
            out.append(self.block(block, page_break))
            page_break = False
        return out

    def block(self, block: Block, page_break: bool) -> str:
        """Return one block as HTML."""
        classes = ["page-break"] if page_break else []
        if isinstance(block, Legend):
            attrs = self.attrs(["legend", *classes], block.clause)
            return f"<p{attrs}>{_text(curl(block.text))}</p>"
        if isinstance(block, Title):
            attrs = self.attrs(["title", *classes], block.clause)
            return f"<h1{attrs}>{_text(curl(block.text))}</h1>"
        if isinstance(block, Heading):
            attrs = self.attrs(["heading", *classes], block.clause)
            if _LETTER_SPACED.fullmatch(block.text):  # read "R E C I T A L S" as a word
                attrs += f' aria-label="{escape(block.text.replace(" ", "").title())}"'
            return f"<h2{attrs}>{self.runs(block.runs)}{self.mark(block)}</h2>"
        if isinstance(block, Paragraph):
            return self.paragraph(block, classes)
        if isinstance(block, SignatureBlock):
            return self.signature(block, classes)
        raise RenderError(f"the HTML writer cannot write a {type(block).__name__} block")

    def attrs(self, classes: Iterable[str], clause: str | None) -> str:
        """Return the attributes of a block element: class, and the clause id with its anchor."""
        out = f' class="{" ".join(classes)}"'
        if clause:
            out += f' data-clause="{escape(clause)}"'
            if clause not in self.anchored:
                self.anchored.add(clause)
                out += f' id="clause-{escape(clause)}"'
        return out

    def paragraph(self, block: Paragraph, classes: list[str]) -> str:
        """Return a paragraph, its number as text followed by a tab."""
        classes = ["body", *classes]
        if block.indent == "none":
            classes.append("flush")
        elif block.indent == "signature":
            classes.append("signature-column")
        if block.keep_with_next:
            classes.append("keep-with-next")
        number = ""
        if block.number:
            number = f'<span class="number">{escape(block.number)}\t</span>'
            whole = whole_change(block.runs)
            if whole is not None:
                number = self.change(number, whole)
        runs = self.runs(block.runs) + self.mark(block)
        return f"<p{self.attrs(classes, block.clause)}>{number}{runs}</p>"

    def mark(self, block: Paragraph | Heading) -> str:
        """Return a paragraph mark inserted or deleted on its own, marked; else ``""``."""
        mark = paragraph_mark(block)
        if mark is None or mark == whole_change(block.runs):
            return ""
        return self.change(f'<span class="paragraph-mark">{PARAGRAPH_MARK_TEXT}</span>', mark)

    def runs(self, runs: tuple[Run, ...]) -> str:
        """Return a paragraph's runs, inline clauses as nested spans around the runs they cover."""
        out: list[str] = []
        stack: list[str] = []
        for index, (run, text) in enumerate(
            zip(runs, curl_runs([r.text for r in runs]), strict=True)
        ):
            common = 0
            while (
                common < min(len(stack), len(run.clauses)) and stack[common] == run.clauses[common]
            ):
                common += 1
            while len(stack) > common:
                out.append("</span>")
                stack.pop()
            for clause in run.clauses[common:]:
                out.append(f"<span{self.attrs(['clause'], clause)}>")
                stack.append(clause)
            out.append(self.run(run, text, lead=index == 0))
        out.extend("</span>" for _ in stack)
        return "".join(out)

    def run(self, run: Run, text: str, *, lead: bool) -> str:
        """Return one run's text inside its marks; a paragraph's underlined lead is its caption."""
        html = _text(text)
        if run.underline:
            plain = lead and not (run.bold or run.italic)
            html = f'<span class="section-heading">{html}</span>' if plain else f"<u>{html}</u>"
        if run.italic:
            html = f"<i>{html}</i>"
        if run.bold:
            html = f"<b>{html}</b>"
        return self.change(html, run.change) if run.change else html

    def change(self, html: str, change: str) -> str:
        """Return `html` marked as inserted or deleted text."""
        tag = "ins" if change == "insert" else "del"
        return f"<{tag}{self.datetime}>{html}</{tag}>"

    def signature(self, block: SignatureBlock, classes: list[str]) -> str:
        """Return a signature block: caption, signature over its rule, name and title beneath.

        A block inserted or deleted whole has the text of each line marked.
        """

        def marked(html: str) -> str:
            return self.change(html, block.change) if block.change else html

        lines = [f"<div{self.attrs(['signature-block', *classes], block.clause)}>"]
        if block.party:
            lines.append(f'<p class="party">{marked(_text(curl(block.party)))}</p>')
        signature = marked(_text(curl(block.signature))) if block.signature else "&#160;"
        by = f'<span class="by">{marked("By:")}</span> ' if block.by else ""
        lines.append(
            f'<p class="signature-line">{by}<span class="signature">{signature}</span></p>'
        )
        under = ' class="under-by"' if block.by else ""
        for line in (block.name, block.title):
            if line:
                lines.append(f"<p{under}>{marked(_text(curl(line)))}</p>")
        lines.append("</div>")
        return "\n".join(lines)
