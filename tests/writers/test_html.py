"""The HTML writer: a standalone page, semantic markup, every value escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from generator.model import (
    Document,
    Heading,
    Legend,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Title,
)
from generator.normalize import tokens
from generator.writers import get_writer
from generator.writers.html import page_rules, render

EVIL = '<img src="file:///etc/hostname"><link rel="attachment" href="file:///etc/passwd">Evil Corp.'


class _Tree(HTMLParser):
    """Collect the elements (tag, attributes) and the body's text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.in_body = False
        self.in_style = False
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self.in_body = self.in_body or tag == "body"
        self.in_style = tag == "style"
        if tag in ("p", "h1", "h2", "div"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.style += data
        elif self.in_body:
            self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        """Return the attributes of every `name` element."""
        return [attrs for tag, attrs in self.elements if tag == name]


def _parse(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    return tree


def _agreement(**overrides: object) -> Document:
    blocks = (
        Legend("EXHIBIT 10.3"),
        Title("INDEMNIFICATION AGREEMENT"),
        Paragraph(
            (Run('This Agreement is made by Acme Corp. (the "Company").'),), clause="preamble"
        ),
        Heading((Run("R E C I T A L S"),), clause="recitals"),
        Paragraph((Run("WHEREAS, the parties wish to agree."),), clause="recitals"),
        Paragraph(
            (
                Run("Definitions.", underline=True),
                Run(" Terms used in the Company's by-laws have "),
                Run("their defined meanings", clauses=("defined_terms",)),
                Run(", except as set out below."),
            ),
            clause="definitions",
            number="1.",
        ),
        Paragraph(
            (Run("Survival.", underline=True), Run(" This survives for three (3) years.")),
            clause="survival",
            number="2.",
        ),
        PageBreak(),
        Paragraph(
            (Run("IN WITNESS WHEREOF, the parties have signed."),),
            clause="signatures",
            keep_with_next=True,
        ),
        SignatureBlock("ACME CORP.", "/s/ JANE ROE", by=True, name="Jane Roe", title="President"),
        SignatureBlock(None, None, name="John Doe"),
    )
    fields: dict[str, object] = {
        "id": "indemnification",
        "title": "Indemnification Agreement",
        "blocks": blocks,
        "page_label": "F-2-{page}",
        "metadata": {"subject": "Acme Corp.", "date": "2006-10-31", "author": "A. Lawyer"},
    }
    fields.update(overrides)
    return Document(**fields)  # type: ignore[arg-type]


def test_page_is_standalone_with_print_css() -> None:
    markup = get_writer("html")(_agreement()).decode("utf-8")
    tree = _parse(markup)
    assert markup.startswith("<!DOCTYPE html>")
    assert "@page" in tree.style and "size: letter" in tree.style
    assert "break-inside: avoid" in tree.style
    assert "hyphens: manual" in tree.style
    assert not tree.tags("link") and not tree.tags("script") and not tree.tags("img")
    assert [a.get("charset") for a in tree.tags("meta") if "charset" in a] == ["utf-8"]
    metas = {a.get("name"): a.get("content") for a in tree.tags("meta") if a.get("name")}
    assert metas["description"] == "Acme Corp."
    assert metas["author"] == "A. Lawyer"
    assert metas["dcterms.date"] == "2006-10-31"
    assert "dcterms.created" not in metas  # the agreement's date is not when the file was made


def test_markup_is_semantic() -> None:
    tree = _parse(render(_agreement()))
    assert tree.tags("h1") == [{"class": "title"}]
    assert tree.tags("h2") == [
        {
            "class": "heading",
            "data-clause": "recitals",
            "id": "clause-recitals",
            "aria-label": "Recitals",
        }
    ]
    classes = [a.get("class") for a in tree.tags("p")]
    assert classes[0] == "legend"
    assert "body page-break keep-with-next" in classes
    blocks = [a for a in tree.tags("div") if a.get("class") == "signature-block"]
    assert [a["data-clause"] for a in blocks] == ["signatures", "signatures"]
    numbers = [a for a in tree.tags("span") if a.get("class") == "number"]
    assert len(numbers) == 2
    inline = [a for a in tree.tags("span") if a.get("class") == "clause"]
    assert inline == [
        {"class": "clause", "data-clause": "defined_terms", "id": "clause-defined_terms"}
    ]


def test_numbers_are_text_followed_by_a_tab() -> None:
    markup = render(_agreement())
    assert (
        '<span class="number">1.\t</span><span class="section-heading">Definitions.</span>'
        in markup
    )


def test_every_clause_anchor_is_unique() -> None:
    ids = [a["id"] for _, a in _parse(render(_agreement())).elements if a.get("id")]
    assert len(ids) == len(set(ids))
    assert set(ids) == {f"clause-{c}" for c in _agreement().clauses}


def test_text_equals_the_document_tokens() -> None:
    document = _agreement()
    tree = _parse(render(document))
    assert tokens("".join(tree.text)) == tokens(document.text)


def test_quotes_are_typographic_and_one_to_one() -> None:
    text = "".join(_parse(render(_agreement())).text)
    assert "(the \u201cCompany\u201d)" in text
    assert "Company\u2019s" in text


def test_hyphenated_words_do_not_break_at_the_hyphen() -> None:
    assert '<span class="nobreak">by-laws</span>' in render(_agreement())


def test_redline_runs_are_ins_and_del() -> None:
    paragraph = Paragraph(
        (
            Run("The term is "),
            Run("three (3)", change="delete"),
            Run("five (5)", change="insert"),
            Run(" years."),
        ),
        clause="survival",
    )
    added = Paragraph((Run("A new paragraph.", change="insert"),), number="3.")
    markup = render(_agreement(blocks=(paragraph, added)))
    assert '<del datetime="2006-10-31">three (3)</del>' in markup
    assert '<ins datetime="2006-10-31">five (5)</ins>' in markup
    assert '<ins datetime="2006-10-31"><span class="number">3.\t</span></ins>' in markup


def test_full_timestamps_date_the_changes() -> None:
    stamp = "2026-11-22T07:30:00Z"
    document = _agreement(
        blocks=(Paragraph((Run("new", change="insert"),)),),
        metadata={"date": stamp, "created": stamp},
    )
    markup = render(document)
    assert f'<ins datetime="{stamp}">new</ins>' in markup
    assert f'<meta name="dcterms.created" content="{stamp}">' in markup


def test_every_value_is_escaped() -> None:
    document = Document(
        id="x<y",
        title=EVIL,
        blocks=(
            Legend(EVIL),
            Title(EVIL),
            Heading((Run(EVIL),), clause='a"><script>'),
            Paragraph((Run(EVIL, clauses=("b'><b>",)),), clause="c", number=EVIL),
            SignatureBlock(EVIL, EVIL, by=True, name=EVIL, title=EVIL),
        ),
        page_label='</style><img src="x">{page}',
        metadata={"subject": EVIL, "author": EVIL, "date": '"><img src=x>'},
    )
    markup = render(document)
    tree = _parse(markup)
    assert not tree.tags("img") and not tree.tags("link") and not tree.tags("script")
    assert [tag for tag, _ in tree.elements].count("style") == 2
    assert "</style><img" not in tree.style
    text = "".join(tree.text).replace("\u201c", '"').replace("\u201d", '"')
    # legend, title, heading, number, run, party, signature, name and title: all printed as text
    assert text.count(EVIL) == 9


def test_page_label_rules() -> None:
    numbered = page_rules(_agreement(page_label="F-2-{page}", number_first_page=True))
    assert '@bottom-center { content: "F-2-" counter(page); }' in numbered
    assert ":first" not in numbered
    plain = page_rules(_agreement(page_label="{page}", number_first_page=False))
    assert "content: counter(page);" in plain
    assert "@page :first { @bottom-center { content: none; } }" in plain
    hostile = page_rules(_agreement(page_label='"}</style>{page}'))
    assert "</style>" not in hostile and '"}' not in hostile
    assert "\\000022\\00007d\\00003c\\00002f" in hostile


def test_a_long_word_without_a_hyphen_is_written_in_linear_time() -> None:
    # The compound pattern was tried at every place of the word: 30,000 characters took 10 s,
    # a million never ended (the old pattern would not finish this test).
    word = "x" * 200_000
    doc = Document("t", "T", (Paragraph((Run(f"{word} the by-laws {word}-y"),)),))
    page = render(doc)
    assert '<span class="nobreak">by-laws</span>' in page
    assert f'<span class="nobreak">{word}-y</span>' in page
