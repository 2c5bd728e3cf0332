"""The README stays true: its two commands are CI's, its Python runs, its key table is complete."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.schema import schema
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
