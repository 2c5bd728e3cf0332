"""The TXT writer: the filing's layout in 80 columns."""

from __future__ import annotations

import pytest

from generator.assembly import assemble
from generator.markup import parse_markup
from generator.model import Change, Document, SignatureBlock
from generator.testing import variant
from generator.writers import get_writer
from generator.writers.txt import render
from tests.conftest import SEED


def _txt(*blocks: SignatureBlock) -> str:
    return get_writer("txt")(Document("release", "Release", blocks)).decode("utf-8")


def test_long_signature_lines_wrap_inside_the_signature_column() -> None:
    party = "INTERNATIONAL CONSOLIDATED AMALGAMATED WIDGET MANUFACTURING CORPORATION OF AMERICA"
    title = "Managing Member, Chief Executive Officer and Secretary of the Board of Managers"
    text = _txt(SignatureBlock(party, None, by=True, name="Jo Bloggs", title=title))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    party_lines = [line for line in lines if line.strip() and line.strip() in party]
    assert len(party_lines) >= 2 and all(line.startswith(" " * 39) for line in party_lines)
    # The title wraps under the name, 4 columns in from the block (under "By:").
    title_lines = [line for line in lines if line.strip() and line.strip() in title]
    assert len(title_lines) >= 2 and all(line.startswith(" " * 43) for line in title_lines)
    assert " ".join(line.strip() for line in title_lines) == title


def test_a_blank_individual_block_is_a_rule_and_a_name() -> None:
    assert _txt(SignatureBlock(None, None, name="Jo Bloggs")).splitlines() == [
        "",
        "",
        "",
        " " * 39 + "-" * 41,
        " " * 39 + "Jo Bloggs",
    ]


def test_quotes_a_drafter_typed_curly_come_out_straight() -> None:
    sheet = variant(SEED, {"indemnitors.0.name": "Terry “TL” O’LaCore"})
    text = get_writer("txt")(assemble("indemnification", sheet)).decode("utf-8")
    assert 'Terry "TL" O\'LaCore' in text
    assert not {"“", "”", "‘", "’"} & set(text)


def test_a_no_break_space_keeps_its_words_on_one_line_and_prints_as_a_space() -> None:
    words = " ".join(f"w{i}" for i in range(200))
    doc = parse_markup(
        f'<document id="x" title="T"><para>{words.replace(" w1", "&#160;w1")}</para></document>',
        "t",
    )
    text = render(doc)
    assert "\u00a0" not in text
    for line in text.splitlines():  # every w1x word stays behind the word before it
        assert not line.strip().startswith("w1"), line


def test_a_section_sign_stays_on_the_line_of_its_number() -> None:
    for pad in range(60):  # the sign at every place near a line's end
        words = "x" * pad + " Wyo. Stat. Ann. § 17-16-101 et seq. and ¶ 4 of the Plan " * 3
        doc = parse_markup(f'<document id="x" title="T"><para>{words}</para></document>', "t")
        text = render(doc)
        assert " ".join(text.split()) == " ".join(words.split())
        for line in text.splitlines():
            assert not line.rstrip().endswith(("§", "¶")), (pad, line)


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        # a mark's spaces at its ends print outside it, once, as the terminal prints them
        ((("x", None), (" ", "delete"), ("foo", "delete"), (" ", "delete"), (" y", None)),
         "x [-foo-] y"),
        ((("x", None), (" No", "delete"), (" Party ", "insert"), ("if", None)),
         "x [-No-] {+Party+} if"),
        ((("1.\t", "delete"), ("New ", "insert"), ("Definitions.", None)),
         "[-1.-] {+New+} Definitions."),
        # a change of spacing alone is shown in its marks
        ((("a", None), ("  ", "delete"), ("b", None)), "a[-\u00b7\u00b7-]b"),
        ((("a", None), (" ", "delete"), ("\t", "insert"), ("b", None)),
         "a[-\u00b7-]{+\u2192+}b"),
    ],
)  # fmt: skip
def test_a_redlines_changed_runs_are_marked_with_their_edge_spaces_outside(
    runs: tuple[tuple[str, Change | None], ...], expected: str
) -> None:
    from generator.model import Paragraph, Run

    paragraph = Paragraph(tuple(Run(text, change=change) for text, change in runs))
    assert render(Document("t", "T", (paragraph,))) == " " * 9 + expected + "\n"
