"""Shared helpers: run the CLI, snapshot an output folder, write term sheets and templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
BUILTIN_TEMPLATES = ROOT / "templates"


@dataclass
class Outcome:
    """What one ``docgen`` run returned and printed."""

    code: int
    out: str
    err: str


def docgen(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Outcome:
    """Return the outcome of ``docgen *argv``, asserting it never shows a traceback."""
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "internal error" not in captured.err
    return Outcome(code, captured.out, captured.err)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every entry of `folder` (hidden ones too) by name, with its bytes."""
    if not folder.exists():
        return {}
    return {
        p.name: (b"->" + str(p.readlink()).encode() if p.is_symlink() else p.read_bytes())
        for p in folder.iterdir()
    }


def seeded_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str = "txt,json"
) -> Path:
    """Return an output folder holding a good render of the seed term sheet."""
    out = tmp_path / "out"
    assert docgen(capsys, "render", SEED, "--out", out, "--format", fmt).code == 0
    return out


def sheet(tmp_path: Path, text: str, name: str = "sheet.yaml") -> Path:
    """Return the path of a term sheet holding `text`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def replace_line(old: str, new: str, text: str = SEED_TEXT) -> str:
    """Return `text` with the first `old` replaced, asserting that it was there."""
    assert old in text, old
    return text.replace(old, new, 1)


def user_templates(tmp_path: Path, **sources: str) -> Path:
    """Return a template folder holding the built-in templates, with `sources` by document id."""
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for path in BUILTIN_TEMPLATES.glob("*.xml.j2"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    for doc_id, source in sources.items():
        (folder / f"{doc_id}.xml.j2").write_text(source, encoding="utf-8")
    return folder


def template_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    """Return a folder of a firm's own templates holding `files` (name -> source) alone."""
    folder = tmp_path / "firm"
    folder.mkdir(exist_ok=True)
    for name, source in files.items():
        (folder / name).write_text(source, encoding="utf-8")
    return folder


def minimal_template(body: str, title: str = "T", doc_id: str = "release") -> str:
    """Return the template of document `doc_id` whose single paragraph holds `body`."""
    return f'<document id="{doc_id}" title="{title}"><para>{body}</para></document>\n'
