"""Straight quotes to curly ones for DOCX, HTML and PDF."""

from __future__ import annotations

import pytest

from generator.writers.typography import curl, curl_runs


@pytest.mark.parametrize(
    ("straight", "curly"),
    [
        ('the "Company"', "the “Company”"),
        ('("LaCore" or the "Indemnifying Party")', "(“LaCore” or the “Indemnifying Party”)"),
        ("the Company's and the Releasors' rights", "the Company’s and the Releasors’ rights"),
        ("Robert 'Bob' Smith", "Robert ‘Bob’ Smith"),
        ("the 'Company's' rights", "the ‘Company’s’ rights"),
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


def test_many_quotes_stay_linear() -> None:
    text = "'a " * 20_000  # every quote in an opening place, none closing
    assert curl(text) == "’a " * 20_000
