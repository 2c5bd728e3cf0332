"""Straight quotes to curly ones for DOCX, HTML and PDF."""

from __future__ import annotations

import pytest

from generator.writers import typography
from generator.writers.typography import curl, curl_runs


@pytest.mark.parametrize(
    ("straight", "curly"),
    [
        ('the "Company"', "the “Company”"),
        ('("LaCore" or the "Indemnifying Party")', "(“LaCore” or the “Indemnifying Party”)"),
        ("the Company's and the Releasors' rights", "the Company’s and the Releasors’ rights"),
        ("Robert 'Bob' Smith", "Robert ‘Bob’ Smith"),
        ("the 'Buyer' and the 'Seller'", "the ‘Buyer’ and the ‘Seller’"),
        ("Gerard 't Hooft and the Releasors' heirs", "Gerard ’t Hooft and the Releasors’ heirs"),
        ("Rock 'n Roll and the Releasors' rights", "Rock ’n Roll and the Releasors’ rights"),
        ("'tis the Sellers' deal", "’tis the Sellers’ deal"),
        ("'Bob' and 'Al's' deal", "‘Bob’ and ’Al’s’ deal"),  # a possessive closes nothing
        ("Rock 'n' Roll Records, Inc.", "Rock ’n’ Roll Records, Inc."),
        ("Gerard 't Hooft", "Gerard ’t Hooft"),
        ("'s-Hertogenbosch B.V.", "’s-Hertogenbosch B.V."),
        ("the '90s", "the ’90s"),
        ("O'Doe (\"O'D\")", "O’Doe (“O’D”)"),
        ("\"'Bob'\"", "“‘Bob’”"),
    ],
)
def test_quotes_and_apostrophes(straight: str, curly: str) -> None:
    assert curl(straight) == curly


def test_runs_are_curled_together_and_keep_their_lengths() -> None:
    runs = ["Rock '", "n' Roll and 'Bob", "' Smith's"]
    curled = curl_runs(runs)
    assert "".join(curled) == "Rock ’n’ Roll and ‘Bob’ Smith’s"
    assert [len(r) for r in curled] == [len(r) for r in runs]


def test_each_quote_is_looked_up_not_searched_for(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every quote in an opening place and none closing: a forward search from each would make
    # this quadratic. The places are found once; each quote costs two bisections.
    import bisect

    calls = {"n": 0}
    real = bisect.bisect_right

    def counted(*args: object) -> int:
        calls["n"] += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(typography.bisect, "bisect_right", counted)
    text = "'a " * 20_000
    assert curl(text) == "’a " * 20_000
    assert calls["n"] <= 2 * 20_000
