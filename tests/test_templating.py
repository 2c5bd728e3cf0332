"""The template folder as the tests of a firm see it: which clause ids a template can write."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import assemble
from generator.templating import Templates
from generator.testing import assert_no_clause
from tests.conftest import SEED

MEMO = """\
<document id="memo" title="Memo">
<para clause="body">Hello {{ company.name }}.</para>
{# Dropped for now:
<para clause="arbitration" number="section">Disputes go to arbitration.</para>
#}
{#- <para clause='venue'>Dallas.</para> -#}
<!-- <para clause="governing_law">New York law.</para> -->
</document>
"""


def _memo(tmp_path: Path) -> Path:
    folder = tmp_path / "firm"
    folder.mkdir()
    (folder / "memo.xml.j2").write_text(MEMO, encoding="utf-8")
    return folder


def test_a_clause_commented_out_is_none_of_the_templates(tmp_path: Path) -> None:
    assert Templates(_memo(tmp_path)).clause_ids("memo") == frozenset({"body"})


@pytest.mark.parametrize("clause_id", ["arbitration", "venue", "governing_law"])
def test_asserting_a_commented_out_clause_absent_fails(tmp_path: Path, clause_id: str) -> None:
    # The template can never write it: the assertion could never fail, so it does now.
    doc = assemble("memo", SEED, templates=_memo(tmp_path))
    with pytest.raises(AssertionError, match=f"its template has no clause '{clause_id}'"):
        assert_no_clause(doc, clause_id)


def test_an_include_commented_out_leaves_the_ids_known(tmp_path: Path) -> None:
    folder = _memo(tmp_path)
    memo = folder / "memo.xml.j2"
    memo.write_text(MEMO.replace("Dropped for now:", '{% include "_x.j2" %}'), encoding="utf-8")
    assert Templates(folder).clause_ids("memo") == frozenset({"body"})


def test_a_comment_left_open_runs_to_the_end(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    body = "{##}" * 40_000 + "<!--" * 20_000 + '<para clause="late">x</para>'
    (folder / "a.xml.j2").write_text(body, encoding="utf-8")
    assert Templates(folder).clause_ids("a") == frozenset()  # after an XML comment left open


SWITCHED_OFF = """\
<document id="memo" title="Memo">
<para clause="body">Hello.</para>
{% if false %}<para clause="arbitration">Disputes go to arbitration.</para>{% endif %}
{%- if 0 -%}
  {% for p in parties %}<para clause="notices">{{ p }}</para>{% else %}x{% endfor %}
{%- else -%}
  <para clause="venue">Dallas.</para>
{%- endif %}
{% if true %}<para clause="term">One year.</para>{% else %}<para clause="renewal">x</para>
{% endif %}
{% if sheet.counterparts %}<para clause="counterparts">x</para>{% else %}<para clause="sole">y
</para>{% endif %}
</document>
"""


def test_a_clause_switched_off_for_good_is_none_of_the_templates(tmp_path: Path) -> None:
    # A clause kept under {% if false %} counted as one the template could write, so
    # assert_no_clause(doc, "arbitration") passed for ever.
    folder = tmp_path / "firm"
    folder.mkdir()
    (folder / "memo.xml.j2").write_text(SWITCHED_OFF, encoding="utf-8")
    ids = Templates(folder).clause_ids("memo")
    assert ids == frozenset({"body", "venue", "term", "counterparts", "sole"})
    doc = assemble("memo", SEED, templates=folder)
    with pytest.raises(AssertionError, match="its template has no clause 'arbitration'"):
        assert_no_clause(doc, "arbitration")


def test_an_include_switched_off_leaves_the_ids_known_and_raw_keeps_everything(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "firm"
    folder.mkdir()
    memo = folder / "memo.xml.j2"
    memo.write_text(MEMO.replace("Dropped for now:", "") + '{% if false %}{% include "x" %}'
                    "{% endif %}", encoding="utf-8")  # fmt: skip
    assert Templates(folder).clause_ids("memo") == frozenset({"body"})
    # {% raw %} makes tags text: nothing is taken for a branch that never runs.
    raw = '{% raw %}{% if false %}{% endraw %}<para clause="shown">x</para>{% raw %}{% endif %}'
    memo.write_text(raw + "{% endraw %}", encoding="utf-8")
    assert Templates(folder).clause_ids("memo") == frozenset({"shown"})
