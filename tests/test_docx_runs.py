"""What a .docx's styles say of its text: marks and hidden text down the basedOn chains."""

from __future__ import annotations

import pytest
from lxml import etree

import generator.docx_runs as docx_runs
from generator.docx_numbering import Numbering
from generator.docx_runs import character_styles, hidden_styles, inherit

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _chain(count: int, first_properties: str = "") -> etree._Element:
    """Return a styles part of `count` character styles, each based on the one before; the
    first holds run properties `first_properties`."""
    styles = [
        f'<w:style w:type="character" w:styleId="s0"><w:rPr>{first_properties}</w:rPr></w:style>',
        *(
            f'<w:style w:type="character" w:styleId="s{k}"><w:basedOn w:val="s{k - 1}"/></w:style>'
            for k in range(1, count)
        ),
    ]
    return etree.fromstring(f'<w:styles xmlns:w="{W}">{"".join(styles)}</w:styles>')


def test_a_long_chain_of_styles_is_followed_once_not_once_a_style(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A hostile styles part of 200,000 styles each based on the one before took hours: each
    # style walked the chain below it again. Worked out once each, a chain costs its length.
    merges: list[int] = []
    real = docx_runs._merge
    monkeypatch.setattr(
        docx_runs, "_merge", lambda first, then: merges.append(1) or real(first, then)
    )
    styles = _chain(2_000, "<w:u/><w:vanish/>")
    marks = character_styles(styles)
    assert marks["s1999"] == (None, None, True)  # underlined, as the style at its root
    assert len(merges) < 2 * 2_000
    assert hidden_styles(styles)["s1999"] is True
    paragraph = etree.fromstring(f'<w:pPr xmlns:w="{W}"><w:pStyle w:val="s1999"/></w:pPr>')
    assert Numbering(None, styles).label(paragraph) is None


def test_a_loop_of_based_on_ends_at_the_style_met_again() -> None:
    own = {"a": (1, "b"), "b": (None, "c"), "c": (3, "a"), "d": (None, "missing")}
    resolved = inherit(own, lambda mine, based: mine if mine is not None else based)
    assert resolved == {"a": 1, "b": 3, "c": 3, "d": None}
