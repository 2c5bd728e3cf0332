"""Fuzz the command with mutated term sheets: every run ends in exit 0 with every file written,
or exit 2 with a message and nothing written; never a traceback, never a hang.

Mutations work on the seed term sheet's data (a value replaced by another type, random text with
control characters, markup, template syntax or a huge string; a key deleted or added) and on its
text (YAML features and stray characters inserted). Formats: txt, json, html and docx for every
example, and a handful of PDF examples (about 0.3 s each).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.yamlload import load_yaml
from tests.conftest import SEED
from tests.security.helpers import SEED_TEXT, snapshot

FORMATS = ("txt", "json", "html", "docx")
DOCUMENTS = ("indemnification", "release")

SPECIAL = [
    "NO", "off", "yes", "0755", "0x1F", "1.10", "1e3", ".inf", "-1", "0", "99", "100",
    "2006-02-30", "2006-10-31", "indefinite", "{page}", "F-{page}-{page}", "{0.__class__}",
    "{{ 7*7 }}", "{% for x in range(10**9) %}", "{# #}", "<b>bold</b>", "</para><para>",
    "]]>", "&amp;", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "<img src=file:///etc/passwd>",
    "<link rel=attachment href=file:///etc/passwd>", "@import url(file:///etc/passwd);",
    "\x00", "\x0b", "\x0c", "\x1b[2J", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe",
    "\t", "\r\n", "it", "they", "conformed", "blank", "corporation", "Wyoming", "",
    " ", "~", "null", "true", "false", "LaCore",
]  # fmt: skip

SPECIAL_LINES = [
    "---", "...", "%YAML 1.1", "extra: !!python/object/apply:os.system ['true']",
    "x: &a [1, 2]", "y: *a", "company: !!binary AAAA", "signatures: conformed",
    "z: [[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]", "? [a, b]\n: c", "\tbad: tab",
    "<<: {a: 1}", "indemnitors: []", "release: ~", "  - name: Extra Party", "'unclosed: x",
]  # fmt: skip

SEED_DATA = load_yaml(SEED_TEXT, "seed").data

text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=40),
    st.text(st.characters(exclude_categories=()), max_size=20),
    st.text(st.characters(max_codepoint=0x3F), max_size=20),
    st.builds(lambda a, b: a + b, st.sampled_from(SPECIAL), st.text(max_size=10)),
    st.integers(min_value=100, max_value=9000).map(lambda n: "N" * n),
)
values = st.recursive(
    st.one_of(text, st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(SPECIAL), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


PATHS = _paths(SEED_DATA)


def _leaf(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


LEAF_PATHS = [path for path in PATHS if isinstance(_leaf(SEED_DATA, path), str)]
FREE_TEXT = {"name", "title", "short_name", "release_name", "related_agreement", "exhibit"}
TEXT_PATHS = [path for path in LEAF_PATHS if path[-1] in FREE_TEXT]


def _mutate(data: Any, op: str, path: tuple[Any, ...], value: Any, key: str) -> Any:
    if op == "replace_root":
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if op == "delete":
        del parent[last]
    elif op == "set":
        parent[last] = value
    elif op == "add" and isinstance(parent, dict):
        parent[key] = value
    return data


printable = st.one_of(
    st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=60),
    st.sampled_from(SPECIAL),
    st.builds("{} {}".format, st.sampled_from(SPECIAL), st.text(min_size=1, max_size=20)),
)


@st.composite
def mutated_sheets(draw: st.DrawFn) -> str:
    """Return the text of a mutated seed term sheet.

    Two examples in three change only leaf values, mostly free-text ones, to printable text (markup,
    template syntax, YAML 1.1 words), so that many render; the others change types, delete
    and add keys, and insert stray lines into the YAML.
    """
    import copy

    data = copy.deepcopy(SEED_DATA)
    if draw(st.integers(min_value=0, max_value=2)):
        for _ in range(draw(st.integers(min_value=1, max_value=2))):
            path = draw(st.sampled_from(TEXT_PATHS * 3 + LEAF_PATHS))
            data = _mutate(data, "set", path, draw(printable), "")
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        op = draw(st.sampled_from(["set", "set", "set", "delete", "add", "replace_root"]))
        current = _paths(data) if isinstance(data, dict | list) else []
        if op != "replace_root" and not current:
            continue
        path = draw(st.sampled_from(current)) if current else ()
        data = _mutate(data, op, path, draw(values), draw(st.sampled_from(SPECIAL)))
    sheet_text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)
    if draw(st.booleans()):
        lines = sheet_text.splitlines()
        at = draw(st.integers(min_value=0, max_value=len(lines)))
        lines.insert(at, draw(st.sampled_from(SPECIAL_LINES) | text))
        sheet_text = "\n".join(lines) + "\n"
    return sheet_text


def _baseline(formats: tuple[str, ...]) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="docgen-fuzz-baseline-"))
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["render", str(SEED), "--out", str(folder), "--format", ",".join(formats)]) == 0
    return folder


@pytest.fixture(scope="module")
def baselines() -> dict[str, Path]:
    """Return good output folders, by format list, that each example starts from."""
    made = {"main": _baseline(FORMATS), "pdf": _baseline(("pdf",))}
    yield made
    for folder in made.values():
        shutil.rmtree(folder, ignore_errors=True)


def _run(sheet_text: str, baseline: Path, formats: tuple[str, ...]) -> None:
    work = Path(tempfile.mkdtemp(prefix="docgen-fuzz-"))
    try:
        sheet = work / "sheet.yaml"
        sheet.write_bytes(sheet_text.encode("utf-8", "surrogatepass"))
        out = work / "out"
        shutil.copytree(baseline, out)
        before = snapshot(out)
        err, stdout = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(stdout):
            code = main(["render", str(sheet), "--out", str(out), "--format", ",".join(formats)])
        message = err.getvalue()
        assert "Traceback" not in message
        assert code in (0, 2), message
        if code == 0:
            expected = {f"{doc}.{fmt}" for doc in DOCUMENTS for fmt in formats}
            assert set(snapshot(out)) == expected
            assert all((out / name).stat().st_size > 0 for name in expected)
        else:
            assert message.strip(), "exit 2 must come with a message"
            assert snapshot(out) == before
    finally:
        shutil.rmtree(work, ignore_errors=True)


@settings(
    max_examples=400,
    deadline=timedelta(seconds=10),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(sheet_text=mutated_sheets())
def test_fuzz_every_run_ends_in_output_or_a_message(
    baselines: dict[str, Path], sheet_text: str
) -> None:
    _run(sheet_text, baselines["main"], FORMATS)


@settings(
    max_examples=5,
    deadline=timedelta(seconds=20),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(sheet_text=mutated_sheets())
def test_fuzz_pdf(baselines: dict[str, Path], sheet_text: str) -> None:
    _run(sheet_text, baselines["pdf"], ("pdf",))
