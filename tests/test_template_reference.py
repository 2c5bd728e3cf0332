"""docs/templates.md stays true: its templates render as shown, its tables match the code.

The example templates marked ``<!-- template: NAME -->`` are written into a template folder and
rendered through ``docgen render --templates``; each ``<!-- session -->`` block is run command by
command and its output compared; each ``<!-- run: python -->`` block is run. Each table marked
``<!-- table: NAME -->`` is compared with the code both ways: every filter, global, element,
attribute, context variable, term-sheet key and party phrase listed exists (and, where the table
shows a value, gives it), and the code has none the table leaves out.
"""

from __future__ import annotations

import ast
import functools
import re
import shlex
import shutil
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jinja2.defaults import DEFAULT_FILTERS
from jinja2.sandbox import MAX_RANGE
from pydantic import BaseModel

from generator import cli, grammar, markup, sandbox, templating
from generator.assembly import load
from generator.context import build_context
from generator.errors import TemplateError
from generator.markup import parse_markup
from generator.model import Document
from generator.parties import Group, Party
from generator.render import render_bytes
from generator.sandbox import DEFAULT_LIMITS, Limits
from generator.templating import TEMPLATE_SUFFIX, Templates
from generator.termsheet import Company, TermSheet
from tests.conftest import ROOT

DOC_PATH = ROOT / "docs" / "templates.md"
DOC = DOC_PATH.read_text(encoding="utf-8")
FOLDER = "my-templates"
SHEETS = {
    "acme": "variables/acme-one-party.yaml",
    "beta": "variables/beta-three-parties.yaml",
    "nhtc": "variables/nhtc-2006.yaml",
}

# -- reading the document ------------------------------------------------------------------------

_FENCE = re.compile(r"<!-- (template|session|run):? ?(\S*) -->\n```[a-z]*\n(.*?)^```", re.M | re.S)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_CODE = re.compile(r"`([^`]*)`")


def _fenced(kind: str) -> list[tuple[str, str]]:
    """Return (name, body) of every fenced block marked ``<!-- KIND: NAME -->``."""
    return [(name, body) for k, name, body in _FENCE.findall(DOC) if k == kind]


def _table(name: str) -> list[list[str]]:
    """Return the rows (cells, ``\\|`` unescaped) of the table marked ``<!-- table: NAME -->``."""
    marker = f"<!-- table: {name} -->\n"
    assert marker in DOC, f"docs/templates.md has no table {name!r}"
    lines = DOC[DOC.index(marker) + len(marker) :].splitlines()
    rows: list[list[str]] = []
    for line in lines:
        if not line.startswith("|"):
            break
        cells = [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(line.strip())[1:-1]]
        rows.append(cells)
    assert len(rows) > 2, f"table {name!r} is empty"
    return rows[2:]  # past the header and its rule


def _code(cell: str) -> str | None:
    """Return the text of `cell` when the cell is one code span, else ``None``."""
    match = _CODE.fullmatch(cell)
    return match.group(1) if match else None


def _codes(cell: str) -> list[str]:
    return _CODE.findall(cell)


def _tag(cell: str) -> str:
    code = _code(cell)
    assert code and code.startswith("<") and code.endswith(">"), cell
    return code[1:-1]


# -- a workspace: the term sheets and the doc's templates ----------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding ``variables/`` and ``my-templates/`` with the doc's templates."""
    root = tmp_path_factory.mktemp("template-reference")
    shutil.copytree(ROOT / "variables", root / "variables")
    folder = root / FOLDER
    folder.mkdir()
    for name, body in _fenced("template"):
        assert name.endswith(TEMPLATE_SUFFIX), name
        (folder / name).write_text(body, encoding="utf-8")
    return root


@pytest.fixture
def in_workspace(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(workspace)
    return workspace


def _docgen(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- (a) the examples are real -------------------------------------------------------------------


def test_the_doc_has_complete_templates_and_sessions() -> None:
    templates = [name for name, _ in _fenced("template")]
    assert "letter.xml.j2" in templates
    assert len(_fenced("session")) >= 3
    shown = "\n".join(body for _, body in _fenced("session"))
    for name in templates:  # each complete template's output is shown and checked
        document = name[: -len(TEMPLATE_SUFFIX)]
        assert re.search(rf"^\$ cat \S+/{re.escape(document)}\.txt$", shown, re.M), name


@pytest.mark.parametrize("index", range(len(_fenced("session"))))
def test_session_prints_what_the_doc_shows(
    index: int, in_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = _fenced("session")[index][1]
    commands = re.split(r"^\$ ", body, flags=re.M)[1:]
    assert commands, "a session shows at least one command"
    for chunk in commands:
        command, _, expected = chunk.partition("\n")
        program, *args = shlex.split(command)
        if program == "cat":
            (path,) = args
            got = (in_workspace / path).read_text(encoding="utf-8")
        else:
            assert program == "docgen", command
            code, out, err = _docgen(capsys, args)
            assert code == 0, err
            got = out + err
        assert got.rstrip("\n") == expected.rstrip("\n"), command


@pytest.mark.parametrize("sheet", sorted(SHEETS.values()))
def test_the_complete_templates_render_every_sheet(in_workspace: Path, sheet: str) -> None:
    files = render_bytes(sheet, ("txt", "json", "html", "docx"), templates=FOLDER)
    names = {name for name, _ in _fenced("template")}
    assert {f"{n[: -len(TEMPLATE_SUFFIX)]}.txt" for n in names} <= set(files)


@pytest.mark.parametrize("index", range(len(_fenced("run"))))
def test_python_block_runs(index: int, in_workspace: Path) -> None:
    namespace: dict[str, Any] = {}
    code = compile(_fenced("run")[index][1], f"docs/templates.md python block {index}", "exec")
    exec(code, namespace)
    for name, value in list(namespace.items()):
        if name.startswith("test_") and callable(value):
            value()


_SKELETON = '<document id="letter" title="Letter">\n{line}\n</document>\n'


@pytest.mark.parametrize("row", _table("errors"), ids=lambda row: row[0][:40])
def test_errors_read_as_the_doc_shows(
    row: list[str],
    in_workspace: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    line, expected = _code(row[0]), _code(row[1])
    assert line is not None and expected is not None, row
    assert f"```jinja\n{_SKELETON.format(line='LINE')}```" in DOC
    # The time limit, shortened so the suite stays fast; the message names the limit used.
    fast = Limits(seconds=0.5)
    monkeypatch.setattr(templating, "DEFAULT_LIMITS", fast)
    expected = expected.replace(f"{DEFAULT_LIMITS.seconds:g} seconds", f"{fast.seconds:g} seconds")
    bad = in_workspace / "bad"
    bad.mkdir(exist_ok=True)
    (bad / "letter.xml.j2").write_text(_SKELETON.format(line=line), encoding="utf-8")
    args = ["render", SHEETS["acme"], "--templates", "bad", "--document", "letter"]
    code, out, err = _docgen(capsys, [*args, "--format", "txt", "--out", "out/bad"])
    assert (code, out, err.strip()) == (2, "", expected)


_PROSE_MESSAGES = {
    # message quoted in the doc's prose: (file name, template)
    "a template's name is its document's id, which names the output files": (
        "My Letter.xml.j2",
        '<document id="x" title="T"><para>x</para></document>',
    ),
    "holds no templates (*.xml.j2)": (".draft.xml.j2", '<document id="x" title="T"/>'),
    "the template must render one <document> element": ("letter.xml.j2", "<para>x</para>"),
    "<document> needs the attribute title=": (
        "letter.xml.j2",
        '<document id="letter"><para>x</para></document>',
    ),
}


@pytest.mark.parametrize("message", sorted(_PROSE_MESSAGES))
def test_messages_quoted_in_prose(
    message: str, in_workspace: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert f"`{message}`" in DOC
    name, source = _PROSE_MESSAGES[message]
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / name).write_text(source, encoding="utf-8")
    args = ["render", SHEETS["acme"], "--templates", str(folder), "--format", "txt"]
    code, _, err = _docgen(capsys, [*args, "--out", str(tmp_path / "out")])
    assert code == 2
    assert message in err


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


def test_excerpts_of_the_built_in_templates_are_quoted_exactly() -> None:
    """Every jinja block that is not a complete template (nor the errors' skeleton) quotes the
    built-in templates, line for line, ``...`` marking what is left out."""
    built_in = set().union(
        *(_lines(p.read_text(encoding="utf-8")) for p in (ROOT / "templates").glob("*.xml.j2"))
    )
    complete = {body for _, body in _fenced("template")}
    excerpts = [
        body
        for body in re.findall(r"^```jinja\n(.*?)^```", DOC, flags=re.M | re.S)
        if body not in complete and "\nLINE\n" not in body
    ]
    assert len(excerpts) >= 5
    for body in excerpts:
        assert _lines(body) - built_in <= {"..."}, body


def test_lists_table_is_what_the_reader_writes() -> None:
    rows = _table("lists")
    head = "<document id='d' title='T'><para>{list}</para></document>"
    for row in rows:
        items = [] if row[0] == "none" else row[0].split(", ")
        inside = "".join(f"<item>{item}</item>" for item in items)
        for cell, attrs in ((row[1], ""), (row[2], ' conj="or" serial-comma="yes"')):
            doc = parse_markup(head.format(list=f"[<list{attrs}>{inside}</list>]"), "t.xml.j2")
            wanted = "[]" if cell == "nothing" else f"[{_code(cell)}]"
            assert doc.text.strip() == wanted, (row[0], attrs)


# -- (b) the tables match the code ---------------------------------------------------------------


@functools.cache
def _environment() -> Any:
    """Return the Jinja environment of a firm's templates."""
    return Templates(DOC_PATH.parent).env


def _evaluate(expression: str, context: dict[str, Any]) -> str:
    """Return the value of `expression` with `context`, as text (what the tables show: a value
    a template may not print, such as ``None``, shows too)."""
    env = _environment()
    env.start_clock()
    return str(env.compile_expression(expression, undefined_to_none=False)(context))


def _context(sheet: str) -> dict[str, Any]:
    return build_context(load(ROOT / SHEETS[sheet]))


def test_options_table_is_the_environment() -> None:
    env = _environment()
    rows = {_code(row[0]): _code(row[1]) or row[1] for row in _table("options")}
    for option, value in rows.items():
        actual = getattr(env, str(option))
        if option in ("undefined", "finalize"):
            assert actual.__name__ == value
        elif option == "extensions":
            assert (value, dict(actual)) == ("none", {})
        else:
            assert str(actual) == value, option
    options = set(Templates(DOC_PATH.parent)._options()) - {"loader", "auto_reload"}
    assert set(rows) - {"extensions"} == options


def test_filters_table_is_every_filter_of_docgen() -> None:
    rows = _table("filters")
    documented = {_code(row[0]) for row in rows}
    assert documented == set(_environment().filters) - set(DEFAULT_FILTERS)
    context = _context("acme")
    for row in rows:
        example, gives = _code(row[1]), _code(row[2])
        assert example and example.startswith("{{ ") and example.endswith(" }}"), row
        assert _evaluate(example[3:-3], context) == gives, example


def test_grammar_helpers_that_are_not_filters_are_named() -> None:
    filters = set(_environment().filters)
    helpers = {
        name
        for name, value in vars(grammar).items()
        if callable(value) and not name.startswith("_") and value.__module__ == grammar.__name__
    }
    text = DOC[DOC.index("helpers that are *not* filters") :].split("\n\n")[0]
    assert {h for h in helpers if h not in filters} == set(_codes(text))


def test_globals_table_is_every_global() -> None:
    assert {_code(row[0]) for row in _table("globals")} == set(_environment().globals)


def test_limits_table_gives_every_limit() -> None:
    text = "\n".join(" | ".join(row) for row in _table("limits"))
    shown = {
        "seconds": f"{DEFAULT_LIMITS.seconds:g} s",
        "memory_bytes": f"{DEFAULT_LIMITS.memory_bytes // 2**20} MiB",
        "max_chars": f"{DEFAULT_LIMITS.max_chars:,} characters",
        "max_template_bytes": f"{DEFAULT_LIMITS.max_template_bytes // 1024} KiB",
        "max_depth": f"{DEFAULT_LIMITS.max_depth} levels",
    }
    assert set(shown) == set(Limits.__dataclass_fields__), "document the new limit"
    shown["range"] = f"{MAX_RANGE:,} numbers"
    shown["blocks"] = f"{markup.MAX_BLOCKS:,} blocks"
    shown["word"] = f"{markup.MAX_WORD:,} characters"
    shown["power"] = f"{sandbox._MAX_POWER_BITS:,} bits"
    assert [value for value in shown.values() if value not in text] == []


def test_context_table_is_every_variable() -> None:
    rows = _table("context")
    context = _context("acme")
    assert {_code(row[0]) for row in rows} == set(context)
    for row in rows:
        example = _code(row[-1])
        if example is not None:
            assert _evaluate(str(_code(row[0])), context) == example, row[0]


def _model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """Return the model inside `annotation` (through Optional, list, Annotated), and whether a
    list holds it."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    for arg in typing.get_args(annotation):
        model, listed = _model(arg)
        if model is not None:
            return model, listed or typing.get_origin(annotation) is list
    return None, False


def _paths(model: type[BaseModel], prefix: str) -> tuple[set[str], set[str]]:
    """Return the leaf paths of `model`'s fields under `prefix`, and the paths above them."""
    leaves: set[str] = set()
    above: set[str] = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}"
        inner, listed = _model(info.annotation)
        if inner is None:
            leaves.add(path)
            continue
        above.add(path)
        below, between = _paths(inner, f"{path}[]" if listed else path)
        leaves |= below
        above |= between
    return leaves, above


def test_sheet_and_company_tables_are_every_key() -> None:
    leaves, above = _paths(TermSheet, "sheet")
    company_leaves, _ = _paths(Company, "company")
    sheet_leaves = {p for p in leaves if not p.startswith("sheet.company.")}
    properties = {
        f"sheet.{name}" for name, value in vars(TermSheet).items() if isinstance(value, property)
    }
    documented = {_code(row[0]) for row in _table("sheet")}
    assert sheet_leaves - documented == set(), "a term-sheet key the doc leaves out"
    assert documented - (sheet_leaves | above | properties) == set(), "not a key of the sheet"
    assert {_code(row[0]) for row in _table("company")} == company_leaves


def _public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def test_group_table_is_every_member_with_what_it_gives() -> None:
    rows = _table("group")
    members = set()
    contexts = [_context(sheet) for sheet in ("acme", "beta", "nhtc")]
    for row in rows:
        expression = str(_code(row[0]))
        match = re.match(r"(?:ip|rs)(?:\.([a-z_]+))?", expression)
        assert match, expression
        if match.group(1):
            members.add(match.group(1))
        wanted = [_code(cell) for cell in row[-3:]]
        assert [_evaluate(expression, c) for c in contexts] == wanted, expression
    assert members == _public(Group)


def test_party_table_is_every_member_with_what_it_gives() -> None:
    rows = _table("party")
    columns = [("acme", 0), ("beta", 0), ("beta", 2), ("nhtc", 0)]
    contexts = {sheet: _context(sheet) for sheet, _ in columns}
    members = set()
    for row in rows:
        expression = str(_code(row[0]))
        assert expression.startswith("party."), expression
        members.add(expression.removeprefix("party."))
        got = [
            _evaluate(expression.replace("party", f"parties[{i}]", 1), contexts[sheet])
            for sheet, i in columns
        ]
        assert got == [_code(cell) for cell in row[-4:]], expression
    assert members == _public(Party)


# -- the markup's vocabulary: the tables against the reader ---------------------------------------


def _reader_vocabulary() -> tuple[set[str], set[str]]:
    """Return the element and attribute names that generator/markup.py reads, from its source.

    Elements: strings a ``.tag`` (or ``tag``) is compared with or matched against, and keys of
    the dicts it is looked up in. Attributes: the names passed to an element's ``.get`` or to
    ``_attr``, and ``meta-*`` for the prefix it reads.
    """
    tree = ast.parse(Path(markup.__file__).read_text(encoding="utf-8"))
    dicts: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and isinstance(value, ast.Dict):
            keys = {k.value for k in value.keys if isinstance(k, ast.Constant)}
            dicts[target.id] = {k for k in keys if isinstance(k, str)}

    def is_tag(node: ast.AST) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "tag") or (
            isinstance(node, ast.Name) and node.id == "tag"
        )

    elements: set[str] = set()
    attributes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Match) and is_tag(node.subject):
            for case in node.cases:
                for pattern in ast.walk(case.pattern):
                    if isinstance(pattern, ast.MatchValue):
                        elements.add(ast.literal_eval(pattern.value))
        elif isinstance(node, ast.Compare) and is_tag(node.left):
            for other in node.comparators:
                if isinstance(other, ast.Constant):
                    elements.add(other.value)
                elif isinstance(other, ast.Name):
                    elements |= dicts[other.id]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            first = node.args[0] if node.args else None
            if node.func.attr == "get" and isinstance(owner, ast.Name):
                if owner.id in dicts and first is not None and is_tag(first):
                    elements |= dicts[owner.id]
                elif isinstance(first, ast.Constant) and owner.id not in dicts:
                    attributes.add(first.value)
            elif node.func.attr == "startswith" and isinstance(first, ast.Constant):
                attributes.add(f"{first.value}*")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_attr"
            and isinstance(node.args[1], ast.Constant)
        ):
            attributes.add(node.args[1].value)
    attributes |= {name for names in markup._ATTRIBUTES.values() for name in names}
    return elements, attributes


def test_the_reader_vocabulary_is_found_in_its_source() -> None:
    elements, attributes = _reader_vocabulary()
    assert {"document", "para", "b", "item", "sig"} <= elements  # the scan still works
    assert {"id", "clause", "serial-comma", "meta-*"} <= attributes


def test_elements_table_is_every_element_the_reader_knows() -> None:
    documented = {_tag(row[0]) for row in _table("elements")}
    assert documented == _reader_vocabulary()[0]


def test_attributes_table_is_every_attribute_the_reader_knows() -> None:
    documented = {str(_code(row[1])) for row in _table("attributes")}
    assert documented == _reader_vocabulary()[1]


_LIST = "<para>a <list {a}><item>x</item><item>y</item><item>z</item></list></para>"
# Where each element goes, with {a} for its attributes: enough around it for any to show.
_SKELETONS = {
    ("legend", "document"): "<legend {a}>x</legend>",
    ("title", "document"): "<title {a}>x</title>",
    ("heading", "document"): "<heading {a}>x</heading>",
    ("para", "document"): "<para {a}>x</para>",
    ("signature", "document"): "<signature {a}><name>n</name></signature>",
    ("pagebreak", "document"): "<pagebreak {a}/>",
    ("b", "inline"): "<para>a <b {a}>x</b> b</para>",
    ("i", "inline"): "<para>a <i {a}>x</i> b</para>",
    ("u", "inline"): "<para>a <u {a}>x</u> b</para>",
    ("span", "inline"): "<para>a <span {a}>x</span> b</para>",
    ("list", "inline"): _LIST,
    ("item", "list"): "<para>a <list><item {a}>x</item><item>y</item></list></para>",
    ("party", "signature"): "<signature><party {a}>p</party></signature>",
    ("sig", "signature"): "<signature><sig {a}>s</sig></signature>",
    ("name", "signature"): "<signature><name {a}>n</name></signature>",
    ("title", "signature"): "<signature><title {a}>t</title></signature>",
}
# A value for each attribute that differs from its default.
_TRY = {
    "id": "other",
    "title": "Other",
    "page-label": "p-{page}",
    "number-first-page": "yes",
    "meta-*": ("meta-author", "Firm LLP"),
    "clause": "x",
    "number": "section",
    "indent": "none",
    "keep-with-next": "yes",
    "by": "yes",
    "conj": "or",
    "serial-comma": "yes",
}


def _markup(element: tuple[str, str], attrs: dict[str, str | None]) -> str:
    text = " ".join(f'{name}="{value}"' for name, value in attrs.items())
    if element == ("document", "nothing: the root"):
        head = {"id": "d", "title": "T", **attrs}
        text = " ".join(f'{name}="{value}"' for name, value in head.items() if value is not None)
        return f"<document {text}><para>x</para></document>"
    return f'<document id="d" title="T">{_SKELETONS[element].format(a=text)}</document>'


def _parse(element: tuple[str, str], attrs: dict[str, Any]) -> Document:
    return parse_markup(_markup(element, attrs), "test.xml.j2")


def _elements() -> list[tuple[str, str]]:
    """Return each element of the elements table with where it goes (the first word)."""
    out = []
    for row in _table("elements"):
        where = "inline" if row[1] == "inline" else (_codes(row[1]) or [row[1]])[0].strip("<>")
        if row[1].startswith("nothing"):
            where = row[1]
        out.append((_tag(row[0]), where))
    return out


def _documented_attributes() -> dict[tuple[str, str], list[list[str]]]:
    """Return the attributes table's rows by element (the element's first row in the elements
    table, so the attributes of ``<title>`` are the document title's)."""
    first: dict[str, tuple[str, str]] = {}
    for element in _elements():
        first.setdefault(element[0], element)
    rows: dict[tuple[str, str], list[list[str]]] = {}
    for row in _table("attributes"):
        rows.setdefault(first[_tag(row[0])], []).append(row)
    return rows


def _without_and_with(element: tuple[str, str], attribute: str) -> tuple[Document, Document]:
    """Return the document without `attribute`, and with a value other than its default."""
    name, value = _TRY[attribute] if attribute == "meta-*" else (attribute, _TRY[attribute])
    return _parse(element, {}), _parse(element, {name: value})


_CHOICES = re.compile(r"`[^`]+`(?:, `[^`]+`)*")


def test_every_documented_attribute_does_what_the_table_says() -> None:
    for element, rows in _documented_attributes().items():
        for row in rows:
            attribute, default = str(_code(row[1])), row[3]
            if default == "required":
                with pytest.raises(TemplateError, match=f"needs the attribute {attribute}="):
                    _parse(element, {attribute: None})
                continue
            without, with_other = _without_and_with(element, attribute)
            assert without != with_other, f"{attribute}= does nothing on <{element[0]}>"
            if _code(default) is not None:
                assert _parse(element, {attribute: _code(default)}) == without, attribute
            if attribute == "clause":  # none: no clause unless given
                assert without.clauses == tuple(_codes(default)), f"<{element[0]}> clause="
            if _CHOICES.fullmatch(row[2]):  # every value listed is taken, and no other
                for value in _codes(row[2]):
                    _parse(element, {attribute: value})
                with pytest.raises(TemplateError):
                    _parse(element, {attribute: "bogus"})


def test_no_element_takes_an_attribute_the_table_leaves_out() -> None:
    documented = _documented_attributes()
    attributes = _reader_vocabulary()[1]
    for element in _elements():
        if element[1].startswith("nothing"):
            continue  # <document>: every attribute it reads is documented (test above)
        assert element in _SKELETONS, f"give <{element[0]}> in {element[1]} a skeleton here"
        listed = {str(_code(row[1])) for row in documented.get(element, [])}
        for attribute in sorted(attributes - listed - {"meta-*"}):
            with pytest.raises(TemplateError, match=f"has no attribute {attribute}="):
                _without_and_with(element, attribute)


def test_money_in_the_sheet_is_a_decimal_as_the_doc_says() -> None:
    assert isinstance(_context("acme")["sheet"].release.consideration, Decimal)


def test_readme_links_here() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Templates") : readme.index("## Security model")]
    assert "(docs/templates.md)" in section
