"""Templates: every one sandboxed and strict; a user's templates bounded in time and memory,
read only from their folder; term-sheet values always data, escaped in every markup writer."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator import sandbox, templating
from generator.assembly import assemble
from generator.errors import TemplateError
from generator.sandbox import Limits
from generator.templating import Templates
from generator.writers import get_writer
from tests.conftest import SEED
from tests.security.helpers import (
    docgen,
    minimal_template,
    replace_line,
    seeded_output,
    sheet,
    snapshot,
    template_folder,
    user_templates,
)

FAST = Limits(seconds=1.0)


@pytest.fixture
def fast_limits(monkeypatch: pytest.MonkeyPatch) -> Limits:
    """Return short limits, installed as the default for user templates."""
    monkeypatch.setattr(templating, "DEFAULT_LIMITS", FAST)
    return FAST


def _template_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, *expected: str
) -> str:
    """Render the seed with a user `source` for the release over good output; assert exit 2."""
    out = seeded_output(tmp_path, capsys)
    before = snapshot(out)
    folder = user_templates(tmp_path, release=source)
    result = docgen(
        capsys, "render", SEED, "--out", out, "--templates", folder, "--format", "txt,json"
    )
    assert result.code == 2, result.err
    assert f"{folder / 'release.xml.j2'}" in result.err
    for part in expected:
        assert part in result.err
    assert snapshot(out) == before
    return result.err


# -- bounds on user templates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 'x' * 200000000 }}", "would be 200,000,000 characters or items long"),
        ("{{ [0] * 100000000 }}", "would be 100,000,000 characters or items long"),
        ("{% set s = 'x' * 900000 %}{{ s + s }}", "would be 1,800,000 characters"),
        ("{{ 10 ** 100000 }}", "a number too large to print"),
        ("{{ 'x'.ljust(900000000) }}", "more than 256 MiB of memory"),
        ("{{ 'x'|center(900000000) }}", "more than 256 MiB of memory"),
        ("{{ '%900000000s' % 'x' }}", "more than 256 MiB of memory"),
        ("{{ '{:>900000000}'.format('x') }}", "more than 256 MiB of memory"),
        (
            "{% for i in range(1000) %}{{ 'x' * 900000 }}{% endfor %}",
            "the rendered markup would be",
        ),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "calls itself too deeply"),
        ("{% include 'release.xml.j2' %}", "calls itself too deeply"),
        ("{{ range(10 ** 9)|list }}", "range() may give at most"),
    ],
    ids=[
        "str-mul",
        "list-mul",
        "concat",
        "power",
        "ljust",
        "center",
        "percent-format",
        "str-format",
        "output-size",
        "macro-recursion",
        "include-recursion",
        "huge-range",
    ],
)
@pytest.mark.timeout(10, func_only=True)
def test_user_template_size_bombs_end_in_a_clear_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fast_limits: Limits,
    source: str,
    expected: str,
) -> None:
    _template_fails(tmp_path, capsys, source, expected)


@pytest.mark.parametrize(
    "source",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% for i in 'x' * 100000 %}{% for j in 'x' * 100000 %}{% endfor %}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ j|string|length }}"
        "{% endfor %}{% endfor %}",
    ],
    ids=["range-loops", "string-loops", "busy-loops"],
)
@pytest.mark.timeout(2 * FAST.seconds + 5, func_only=True)
def test_user_template_endless_loops_are_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_limits: Limits, source: str
) -> None:
    err = _template_fails(tmp_path, capsys, source, "seconds")
    assert "look for loops that never end" in err


@pytest.mark.timeout(2 * sandbox.DEFAULT_LIMITS.seconds + 5, func_only=True)
def test_default_limits_stop_nested_loops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    _template_fails(tmp_path, capsys, source, "the template ran for more than 5 seconds")


def test_user_template_renders_in_a_child_and_builtin_in_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    forks: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(sandbox.os, "fork", counting_fork)
    builtin = assemble("release", SEED)
    assert forks == []
    user = assemble("release", SEED, templates=user_templates(tmp_path))
    assert len(forks) == 1
    assert user == builtin


def test_builtin_templates_are_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # What keeps a batch's thousandth sheet as cheap as its second (the speed itself is the
    # benchmark's to measure): each template is read and compiled once, then reused.
    from generator.context import build_context
    from generator.termsheet import load_term_sheet

    templates = Templates()
    loader = templates.env.loader
    assert loader is not None
    read: list[str] = []
    real = loader.get_source

    def counting(environment: Any, name: str) -> Any:
        read.append(name)
        return real(environment, name)

    monkeypatch.setattr(loader, "get_source", counting)
    context = build_context(load_term_sheet(SEED))
    first = templates.render("release", context)
    for _ in range(5):
        assert templates.render("release", context) == first
        templates.render("indemnification", context)
    assert sorted(read) == ["indemnification.xml.j2", "release.xml.j2"]


# -- the sandbox -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ sheet.__class__.__init__.__globals__ }}",
        "{{ company.__dict__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ '{0.__class__}'.format(sheet) }}",
        "{% set l = [1] %}{{ l.append(2) }}",
        "{% set d = {} %}{{ d.update(a=1) }}",
        "{{ self._TemplateReference__context }}",
        # pydantic's API on the term sheet: a copy with other values, a 13-line dump with URLs
        "{{ sheet.model_copy(update={'effective_date': none}) }}",
        "{{ sheet.model_validate_json('{}') }}",
        "{{ sheet.release.model_dump_json() }}",
        "{{ company.copy() }}",
    ],
)
def test_sandbox_refuses_python_internals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str
) -> None:
    # Refused by the sandbox as it renders, not later for want of a <document>.
    _template_fails(tmp_path, capsys, minimal_template(source), "is unsafe")


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ sheet.__class__.__init__.__globals__ }}",
        "{{ company.__dict__ }}",
        "{{ '{0.__class__}'.format(sheet) }}",
        "{% set l = [1] %}{{ l.append(2) }}",
        "{% set d = {} %}{{ d.update(a=1) }}",
        "{{ company.name.__class__ }}",
    ],
)
def test_the_built_in_templates_sandbox_remembers_its_answers_not_more(source: str) -> None:
    from generator.context import build_context
    from generator.termsheet import load_term_sheet

    env = Templates().env
    context = build_context(load_term_sheet(SEED))
    assert env.from_string("{{ company.name }}").render(context) == "Natural Health Trends Corp."
    for _ in range(2):  # the second time, from what the sandbox remembered
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string(source).render(context)


def test_undefined_names_are_errors_in_user_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _template_fails(tmp_path, capsys, minimal_template("{{ compnay.name }}"))
    assert "'compnay' is undefined" in err
    assert "release.xml.j2:1:" in err


# -- where templates come from ---------------------------------------------------------------


def test_include_outside_the_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "secret.xml.j2").write_text("TOP-SECRET", encoding="utf-8")
    for name in (
        "../secret.xml.j2",
        "/etc/passwd",
        "sub/../../secret.xml.j2",
        "./../secret.xml.j2",
    ):
        err = _template_fails(
            tmp_path, capsys, minimal_template(f"{{% include '{name}' %}}"), "not a template in"
        )
        assert "TOP-SECRET" not in err
        assert "root:" not in err


def test_symlinks_out_of_the_folder_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    folder = user_templates(tmp_path, release=minimal_template("{% include 'leak.xml.j2' %}"))
    (folder / "leak.xml.j2").symlink_to(secret)
    out = tmp_path / "fresh"
    result = docgen(capsys, "render", SEED, "--out", out, "--templates", folder, "--format", "txt")
    assert result.code == 2
    assert "a link to a file outside the template folder" in result.err
    assert "TOP-SECRET" not in result.err
    assert not out.exists()


def test_a_document_template_that_is_a_symlink_out_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "passwd.xml.j2").symlink_to("/etc/passwd")
    with pytest.raises(TemplateError, match="a link to a file outside the template folder"):
        Templates(folder).render("passwd", {})


@pytest.mark.timeout(5, func_only=True)
def test_a_fifo_template_is_refused_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    os.mkfifo(folder / "pipe.xml.j2")
    with pytest.raises(TemplateError, match="is not a regular file"):
        Templates(folder, limits=FAST).render("pipe", {})


def test_oversized_and_binary_templates_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "big.xml.j2").write_text("x" * (FAST.max_template_bytes + 1), encoding="utf-8")
    (folder / "bin.xml.j2").write_bytes(b"\xff\xfe\x00junk")
    templates = Templates(folder, limits=FAST)
    with pytest.raises(TemplateError, match="at most 262,144 are read"):
        templates.render("big", {})
    with pytest.raises(TemplateError, match="is not UTF-8 text"):
        templates.render("bin", {})
    (folder / "word.xml.j2").write_bytes(b"<document>\n<para>the \x93Company\x94</para>")
    with pytest.raises(TemplateError, match=r"word\.xml\.j2:2: the template is not UTF-8 text "
                       r"\(byte 0x93, column 11\): save it as UTF-8"):  # fmt: skip
        templates.render("word", {})


def test_missing_template_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope"
    result = docgen(capsys, "render", SEED, "--out", tmp_path / "o", "--templates", missing)
    assert result.code == 2
    assert f"{missing}: no such template folder" in result.err


def test_document_names_that_are_not_plain_file_names_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "Side Letter.xml.j2").write_text(
        minimal_template("{{ company.name }}"), encoding="utf-8"
    )
    out = seeded_output(tmp_path, capsys)
    before = snapshot(out)
    result = docgen(capsys, "render", SEED, "--out", out, "--templates", folder, "--format", "txt")
    assert result.code == 2
    assert "Side Letter.xml.j2: a template's name is its document's id" in result.err
    assert snapshot(out) == before


# -- values are data, escaped everywhere -----------------------------------------------------

HOSTILE_NAME = '<b>Evil</b> & "Co" {{ 7*7 }} ]]> <w:p/> </para><para>'


def _hostile_sheet(tmp_path: Path) -> Path:
    escaped = HOSTILE_NAME.replace('"', '\\"')
    return sheet(
        tmp_path,
        replace_line("  name: Natural Health Trends Corp.", f'  name: "{escaped}"'),
    )


@pytest.mark.parametrize("templates", ["builtin", "user"])
def test_values_print_literally_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], templates: str
) -> None:
    path = _hostile_sheet(tmp_path)
    out = tmp_path / "out"
    extra = ["--templates", user_templates(tmp_path)] if templates == "user" else []
    fmts = "txt,json,html"
    result = docgen(capsys, "render", path, "--out", out, "--format", fmts, *extra)
    assert result.code == 0, result.err
    txt = (out / "indemnification.txt").read_text(encoding="utf-8")
    assert HOSTILE_NAME in " ".join(txt.split())
    html_page = (out / "indemnification.html").read_text(encoding="utf-8")
    assert "<b>Evil</b>" not in html_page
    assert "&lt;b&gt;Evil&lt;/b&gt;" in html_page
    assert "<w:p/>" not in html_page
    assert "49" not in txt


def test_values_print_literally_in_docx(tmp_path: Path) -> None:
    docx_writer = pytest.importorskip("generator.writers.docx")
    import io
    import zipfile

    data = docx_writer.write(assemble("indemnification", _hostile_sheet(tmp_path)))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert "&lt;b&gt;Evil&lt;/b&gt;" in body
    assert "<w:p/> </para>" not in body
    assert "&lt;w:p/&gt;" in body


def test_user_template_text_is_escaped_in_html(tmp_path: Path) -> None:
    source = (
        '<document id="release" title="&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" '
        'meta-author="&quot;&gt;&lt;script&gt;">'
        "<para>&lt;script&gt;alert(1)&lt;/script&gt; "
        '<![CDATA[<img src="file:///etc/passwd"><link rel=attachment href="file:///etc/passwd">]]>'
        "</para></document>"
    )
    folder = user_templates(tmp_path, release=source)
    page = get_writer("html")(assemble("release", SEED, templates=folder)).decode("utf-8")
    assert "<script" not in page
    assert "<img" not in page
    assert "<link" not in page
    assert "&lt;script&gt;" in page


def test_deeply_nested_markup_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = minimal_template(
        "{% for i in range(5000) %}<b>{% endfor %}x{% for i in range(5000) %}</b>{% endfor %}"
    )
    _template_fails(tmp_path, capsys, source, "nests elements more than 64 deep (<b>)")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 'x' * 200000000 }}", "would be 200,000,000 characters"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "ran for more than 1 seconds",
        ),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "calls itself too deeply"),
    ],
)
@pytest.mark.timeout(5, func_only=True)
def test_without_fork_the_guards_still_bound_a_user_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, expected: str
) -> None:
    monkeypatch.setattr(sandbox, "can_fork", lambda: False)
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "x.xml.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError, match=expected) as info:
        Templates(folder, limits=FAST).render("x", {})
    assert str(info.value).startswith(str(folder / "x.xml.j2"))


@pytest.mark.parametrize("document", ["../release", "/etc/passwd", "release/../../x"])
def test_document_ids_cannot_name_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str
) -> None:
    out = tmp_path / "out"
    for extra in ([], ["--templates", user_templates(tmp_path)]):
        result = docgen(
            capsys, "render", SEED, "--out", out, "--document", document, "--format", "txt", *extra
        )
        assert result.code == 2
        assert "there is no" in result.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("piece", "line", "message"),
    [
        (
            "<name>{{ parties[0].signatory_titel }}</name>",
            2,
            "a Party has no attribute 'signatory_titel'; did you mean signatory_title?",
        ),
        ("<name>{{ '2024'|day_of }}</name>", 2, "day_of takes a date"),
        ("<name>{% if x %}</name>", 2, "template syntax error: Unexpected end of template"),
    ],
)
def test_an_error_in_an_included_piece_is_reported_in_that_piece(
    tmp_path: Path, piece: str, line: int, message: str
) -> None:
    letter = (
        '<document id="letter" title="T">\n<para>x</para>\n<signature>\n'
        '{% include "_sig.xml.j2" %}\n</signature>\n</document>\n'
    )
    piece_source = f"<party>P</party>\n{piece}\n"
    folder = template_folder(tmp_path, {"letter.xml.j2": letter, "_sig.xml.j2": piece_source})
    with pytest.raises(TemplateError) as info:
        assemble("letter", SEED, templates=folder)
    assert str(info.value).startswith(f"{folder / '_sig.xml.j2'}:{line}: ")
    assert message in str(info.value)


def test_a_badly_named_file_does_not_stop_a_named_document(tmp_path: Path) -> None:
    memo = '<document id="memo" title="Memo"><para>{{ company.name }}</para></document>'
    backup = "memo (old).xml.j2"  # a name that cannot be a document's id
    folder = template_folder(tmp_path, {"memo.xml.j2": memo, backup: memo})
    assert assemble("memo", SEED, templates=folder).text.strip() == "Natural Health Trends Corp."
    with pytest.raises(TemplateError, match=r"memo \(old\)\.xml\.j2: a template's name"):
        Templates(folder).documents()


def test_a_missing_include_inside_a_piece_is_reported_in_the_piece(tmp_path: Path) -> None:
    memo = (
        '<document id="memo" title="M">\n<para>x</para>\n{% include "_piece.xml.j2" %}\n'
        "</document>\n"
    )
    piece = '<para>y</para>\n{% include "_gone.xml.j2" %}\n'
    folder = template_folder(tmp_path, {"memo.xml.j2": memo, "_piece.xml.j2": piece})
    with pytest.raises(TemplateError) as info:
        assemble("memo", SEED, templates=folder)
    assert str(info.value).startswith(f"{folder / '_piece.xml.j2'}:2: includes '_gone.xml.j2'")


def test_a_folder_given_as_dot_names_an_error_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = '<document id="memo" title="M">\n{% include "_piece.xml.j2" %}\n</document>\n'
    piece = "<para>x</para>\n<para>{{ 1/0 }}</para>\n"
    monkeypatch.chdir(template_folder(tmp_path, {"memo.xml.j2": memo, "_piece.xml.j2": piece}))
    with pytest.raises(TemplateError) as info:
        assemble("memo", SEED, templates=".")
    assert str(info.value) == "_piece.xml.j2:2: division by zero"


def test_a_document_id_other_than_the_file_name_is_an_error(tmp_path: Path) -> None:
    copied = '<document id="memo" title="Memo"><para>{{ company.name }}</para></document>'
    folder = template_folder(tmp_path, {"memo.xml.j2": copied, "memo-short.xml.j2": copied})
    assert assemble("memo", SEED, templates=folder).id == "memo"
    with pytest.raises(TemplateError) as info:
        assemble("memo-short", SEED, templates=folder)
    assert str(info.value) == (
        f'{folder / "memo-short.xml.j2"}: <document id="memo"> in a template named '
        'memo-short.xml.j2; a template\'s file name is its id: write id="memo-short"'
    )


def test_output_into_the_template_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # letter.txt, a piece the template includes, was overwritten by the letter's own TXT;
    # the next render then read its last output as the piece.
    letter = '<document id="letter" title="L"><para>{% include "letter.txt" %}</para></document>'
    folder = template_folder(tmp_path, {"letter.xml.j2": letter, "letter.txt": "Hello piece"})
    before = snapshot(folder)
    for out in (folder, folder / "sub"):
        result = docgen(
            capsys, "render", SEED, "--templates", folder, "--out", out, "--format", "txt"
        )
        assert result.code == 2
        assert "is inside the template folder" in result.err
    result = docgen(capsys, "batch", SEED, "--templates", folder, "--out", folder)
    assert result.code == 2 and "is inside the template folder" in result.err
    for output in ("--html", "--docx"):
        result = docgen(
            capsys, "diff", SEED, SEED, "--templates", folder, "--document", "letter",
            output, folder / f"letter.{output[2:]}",
        )  # fmt: skip
        assert result.code == 2 and "is inside the template folder" in result.err
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{{ sheet.release.consideration.scaleb(999999999) }}",
            "an operation on an amount or a number failed (InvalidOperation)",
        ),  # Python said "[<class 'decimal.InvalidOperation'>]"
        (
            "{% set n = 2 ** 2048 %}{% set m = n * n * n * n %}{{ m * m * m }}",
            "the template made a number too large to work with or print",
        ),  # Python said "... use sys.set_int_max_str_digits() to increase the limit"
        ("{{ (10 ** 1000)|filesizeformat }}", "a number too large to work with or print"),
    ],
)
def test_a_failed_operation_is_said_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, message: str
) -> None:
    err = _template_fails(tmp_path, capsys, minimal_template(source))
    assert message in err
    assert "\n" not in err.strip()
