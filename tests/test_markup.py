"""The template vocabulary -> document model reader."""

from __future__ import annotations

import pytest

from generator.errors import TemplateError
from generator.markup import parse_markup
from generator.model import Paragraph, SignatureBlock


def doc(body: str) -> str:
    return f'<document id="x" title="X">{body}</document>'


def test_sections_and_subsections_are_numbered_in_order() -> None:
    d = parse_markup(
        doc(
            '<para number="section">A</para><para number="subsection">a</para>'
            '<para number="subsection">b</para><para number="section">B</para>'
            '<para number="subsection">c</para>'
        ),
        "t",
    )
    numbers = [b.number for b in d.blocks if isinstance(b, Paragraph)]
    assert numbers == ["1.", "(a)", "(b)", "2.", "(a)"]


@pytest.mark.parametrize(
    ("items", "text"),
    [
        (["x"], "if x."),
        (["x", "y"], "if (i) x or (ii) y."),
        (["x", "y", "z"], "if (i) x, (ii) y or (iii) z."),
    ],
)
def test_lists_get_romanettes_only_when_more_than_one(items: list[str], text: str) -> None:
    body = "".join(f"<item>{i}</item>" for i in items)
    d = parse_markup(doc(f'<para>if <list conj="or">{body}</list>.</para>'), "t")
    assert d.blocks[0].text == text


def test_serial_comma_list() -> None:
    d = parse_markup(
        doc('<para>x <list conj="and" serial-comma="yes"><item>a</item><item>b</item></list>.'
            "</para>"),
        "t",
    )  # fmt: skip
    assert d.blocks[0].text == "x (i) a, and (ii) b."


def test_whitespace_is_collapsed_across_runs_and_before_punctuation() -> None:
    d = parse_markup(doc("<para>\n  A  <u>Head.</u>\n  b <span clause='c'>c\n</span>.</para>"), "t")
    para = d.blocks[0]
    assert isinstance(para, Paragraph)
    assert para.text == "A Head. b c."
    assert [r.text for r in para.runs if r.underline] == ["Head."]
    assert d.clause("c").text == "c"


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("interpreting the N.Y.B.C.L..", "interpreting the N.Y.B.C.L."),
        ("Kappa Inc. \n.", "Kappa Inc."),  # a line break before the template's own stop
        ("<span clause='c'>Kappa Inc.</span>.", "Kappa Inc."),  # across runs
        (
            "<list conj='and'><item>a</item><item>Kappa Inc.</item></list>.",
            "(i) a and (ii) Kappa Inc.",
        ),
        ("and so on....", "and so on...."),  # an ellipsis and its stop stay as typed
        ("and so on<span clause='c'>...</span>.", "and so on...."),
    ],
)
def test_a_value_ending_in_a_full_stop_ends_the_sentence_with_one(body: str, text: str) -> None:
    assert parse_markup(doc(f"<para>{body}</para>"), "t").blocks[0].text == text


def test_escaped_values_stay_text() -> None:
    d = parse_markup(doc("<para>&lt;img src=x&gt; &amp; {{ 7*7 }}</para>"), "t")
    assert d.blocks[0].text == "<img src=x> & {{ 7*7 }}"


def test_signature_block() -> None:
    d = parse_markup(
        doc('<signature by="yes"><party>ACME</party><sig>/s/ A</sig><name>A</name></signature>'),
        "t",
    )
    block = d.blocks[0]
    assert isinstance(block, SignatureBlock)
    assert block.lines == ("ACME", "By: /s/ A", "A")
    assert block.clause == "signatures"


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("<document", "not well-formed"),
        ('<!DOCTYPE x [<!ENTITY a "b">]><document id="x" title="X"/>', "DOCTYPE"),
        ("<other/>", "one <document>"),
        ('<document title="X"/>', "id="),
        (doc("<para>x<blink>y</blink></para>"), "unknown inline element <blink>"),
        (doc("<table/>"), "unknown block element <table>"),
        (doc('<para clause="Bad Id">x</para>'), "clause id"),
        (doc("<para>   </para>"), "rendered with no words"),
        (doc('<para number="chapter">x</para>'), "number="),
        (
            doc('<para numbr="section">x</para>'),
            "<para> has no attribute numbr= (it takes "
            "clause=, number=, indent=, keep-with-next=); did you mean number=?",
        ),
        (doc('<para>a <b clause="x">b</b></para>'), "<b> has no attribute clause= (it takes none)"),
        (doc('<para>a <list clause="x"><item>b</item></list></para>'), "<list> has no attribute"),
        (doc('<para>a <list><item conj="or">b</item></list></para>'), "<item> has no attribute"),
        (doc('<signature><name clause="x">A</name></signature>'), "<name> has no attribute"),
        (
            '<document id="x" title="X" lang="en"><para>x</para></document>',
            "<document> has no attribute lang=",
        ),
        (
            doc('<para keep-with-next="always">x</para>'),
            "keep-with-next= is yes or no, not 'always'",
        ),
        (doc("<para>x</para> stray words"), "text directly in <document>; put it in a <para>"),
        (doc("<signature>A<name>A</name></signature>"), "text directly in <signature>"),
        (doc("<pagebreak>x</pagebreak>"), "<pagebreak/> holds nothing"),
        (doc('<parra clause="b">x</parra>'), "unknown block element <parra>"),
        (doc('<para>a <spam clause="x">b</spam></para>'), "unknown inline element <spam>"),
        (doc("<title>  </title>"), "a <title> rendered with no words"),
        (doc('<heading clause="h"></heading>'), 'a <heading clause="h"> rendered with no words'),
        (
            doc("<para>if <list><item>x</item><item> </item></list></para>"),
            "a <item> rendered with no words",
        ),
        (
            doc("<signature><name>A</name><name>B</name></signature>"),
            "<signature> holds one <name>, not two",
        ),
        (
            doc("<signature><nmae>A</nmae></signature>"),
            "<signature> holds no <nmae> (it holds <party>, <sig>, <name> and <title>); did you "
            "mean <name>?",
        ),
        (
            doc("<para>a <list><itme>x</itme></list></para>"),
            "a <list> holds only <item> elements, not <itme>; did you mean <item>?",
        ),
        (
            doc("<para>a <list><item>x</item> or <item>y</item></list></para>"),
            "a <list> holds only <item> elements, not text",
        ),
        (doc('<para indent="hanging">x</para>'), "<para> indent= is first or none, not 'hanging'"),
        (
            '<document id="x" title="X" page-label="F-2"><para>x</para></document>',
            "page-label= holds {page} and no other braces, not 'F-2'",
        ),
        (
            '<document id="x" title="X" meta-date="31 Oct 2006"><para>x</para></document>',
            "meta-date= is a date, YYYY-MM-DD, not '31 Oct 2006'",
        ),
        (
            '<document id="x" title="X" meta-date="2006-02-30"><para>x</para></document>',
            "meta-date= '2006-02-30' is no day",
        ),
        (
            '<document id="x" title="X" meta-created="2006-02-30"><para>x</para></document>',
            "meta-created= '2006-02-30' is no day",
        ),
        (doc("<para>" + "<b>" * 50_000 + "x" + "</b>" * 50_000 + "</para>"), "too deeply"),
    ],
)
def test_bad_markup_is_a_template_error(markup: str, message: str) -> None:
    with pytest.raises(TemplateError, match=r"^t: ") as info:
        parse_markup(markup, "t")
    assert message in str(info.value)


def test_a_no_break_space_stays_and_other_whitespace_collapses() -> None:
    d = parse_markup(doc("<para>Section&#160;4\n   of the  Act&#8239;X</para>"), "t")
    assert d.blocks[0].text == "Section\u00a04 of the Act\u202fX"


def test_a_no_break_space_takes_the_place_of_the_whitespace_around_it() -> None:
    d = parse_markup(
        doc(
            "<para>See Section&#160;\n  1 and Section\n  &#160;2 of <b>the&#160;</b> "
            "Agreement.</para><title>Section&#160;1</title>"
        ),
        "t",
    )
    assert [b.text for b in d.blocks] == [
        "See Section\u00a01 and Section\u00a02 of the\u00a0Agreement.",
        "Section\u00a01",
    ]
    with pytest.raises(TemplateError, match="rendered with no words"):
        parse_markup(doc("<para> &#160; </para>"), "t")
