"""The README stays true: its two commands are CI's, its Python runs, its key table is complete."""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path
from typing import Any, get_args

import pytest

from generator.cli import build_parser
from generator.schema import schema
from generator.termsheet import TermSheet, _model_of
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    first = _blocks("sh")[0].strip().splitlines()
    assert len(first) == 2
    install_and_render, install_and_test = first
    assert "docgen render variables/nhtc-2006.yaml --out output" in install_and_render
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == install_and_test
    assert README.index(install_and_render) < README.index("## ")


@pytest.mark.parametrize("index", range(len(_blocks("python"))))
def test_python_examples_run(index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "variables", tmp_path / "variables")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    exec(compile(_blocks("python")[index], f"README.md python block {index}", "exec"), namespace)
    for name, value in list(namespace.items()):
        if name.startswith("test_") and callable(value):
            value()


def _keys(node: dict[str, Any], defs: dict[str, Any], prefix: str = "") -> list[str]:
    if "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    for option in node.get("anyOf", []):
        if "$ref" in option or option.get("type") in ("object", "array"):
            return _keys(option, defs, prefix)
    if node.get("type") == "array" and "items" in node:
        return _keys(node["items"], defs, f"{prefix}[]")
    keys: list[str] = []
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        below = _keys(child, defs, path)
        keys.extend(below or [path])
    return keys


def test_every_term_sheet_key_is_in_the_readme() -> None:
    document = schema()
    keys = _keys(document, document.get("$defs", {}))
    assert "indemnitors[].pronoun" in keys
    table = README[README.index("### Every key") : README.index("## Command line")]
    first_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]

    def documented(key: str) -> bool:
        parent, _, leaf = key.rpartition(".")
        # a row may name siblings together: `company.signatory.name` / `.title`
        return any(
            f"`{key}`" in cell or (f"`{parent}." in cell and f"`.{leaf}`" in cell)
            for cell in first_cells
        )

    assert [key for key in keys if not documented(key)] == []


def _rows() -> list[tuple[list[str], str, str]]:
    """Return the key table's rows: the keys each names (siblings written `a.b` / `.c`
    spelt out), its type cell and its default cell."""
    table = README[README.index("### Every key") : README.index("## Command line")]
    rows = []
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        named = re.findall(r"`([^`]+)`", cells[0])
        keys = [named[0]] + [named[0].rsplit(".", 1)[0] + n for n in named[1:]]
        rows.append((keys, cells[1], cells[2]))
    return rows


def _field(key: str) -> tuple[Any, bool]:
    """Return the pydantic field of the dotted `key` (``indemnitors[].pronoun``) and whether
    a term sheet must give it (it and every mapping above it required)."""
    model: Any = TermSheet
    required = True
    field = None
    for part in key.replace("[]", "").split("."):
        assert model is not None, f"{key}: {part} is below a value, not a mapping"
        field = model.model_fields.get(part)
        assert field is not None, f"the README lists {key}, which the schema refuses"
        required = required and field.is_required()
        model = _model_of(field.annotation)
    return field, required


def test_every_key_the_readme_lists_is_the_schemas_with_its_default() -> None:
    # test_every_term_sheet_key_is_in_the_readme looks one way only: a key listed that the
    # schema refuses, or a default the table misstates, went unseen.
    rows = _rows()
    assert len(rows) > 30
    for keys, kind, default in rows:
        for key in keys:
            field, required = _field(key)
            assert (default == "required") == required, f"{key}: default cell {default!r}"
            value = field.default
            if isinstance(value, bool):
                assert kind == "bool", f"{key}: type {kind!r}"
                assert default.startswith(f"`{str(value).lower()}`"), f"{key}: {default!r}"
            elif isinstance(value, int | str):
                assert default.startswith(f"`{value}`"), f"{key}: default {default!r}"
            options = get_args(field.annotation)
            if options and all(isinstance(o, str) for o in options):  # a Literal's words
                assert all(f"`{o}`" in kind for o in options), f"{key}: type {kind!r}"


def test_every_commands_arguments_are_in_its_readme_row() -> None:
    # The table said `--templates FOLDER` where --help says DIR, and --help said `--out OUT`.
    table = README[README.index("| command | what it does |") : README.index("## Output formats")]
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, parser in commands.choices.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| `docgen {name} "))
        usage = re.split(r"(?<!\\)\|", row)[1]
        for action in parser._actions:
            if "-h" in action.option_strings or action.default == argparse.SUPPRESS:
                continue
            long = max(action.option_strings, key=len, default="")
            named = f"{long} {action.metavar}" if action.metavar and long else action.metavar
            assert f"{named or long}" in usage, f"docgen {name}: {named or long}"
