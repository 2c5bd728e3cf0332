"""Start-up: each command imports only what it uses (a fresh interpreter per command).

Every ``docgen`` command imports ``generator.cli_diff`` and ``generator.cli_batch`` to register
their subcommands; neither may pull in the redline, the batch engine or their libraries. A TXT
render loads no writer of another format, and validating a term sheet loads no template engine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

#: Loaded only by the commands that need them.
HEAVY = (
    "weasyprint",  # the PDF writer
    "docx",  # the DOCX writer and reader
    "lxml",  # python-docx's XML
    "pypdf",  # the PDF reader
    "rich",  # the batch's progress bar
    "diff_match_patch",  # the redline
    "generator.redline",
    "generator.normalize",
    "generator.readers",
    "generator.batch",
    "generator.writers.docx",
    "generator.writers.html",
    "generator.writers.pdf",
    "generator.writers.json",
)


def _imported(argv: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        f"code = main({argv!r})\n"
        "print('LOADED', *sorted(sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    (line,) = [x for x in done.stdout.splitlines() if x.startswith("LOADED ")]
    return set(line.split()[1:])


def _heavy(loaded: set[str]) -> list[str]:
    return [name for name in HEAVY if name in loaded]


def test_check_loads_no_template_engine_nor_any_heavy_module() -> None:
    loaded = _imported(["check", str(SEED)])
    assert _heavy(loaded) == []
    assert "jinja2" not in loaded
    assert "generator.markup" not in loaded


@pytest.mark.parametrize("fmt", ["txt", "json"])
def test_render_loads_only_its_writer(fmt: str, tmp_path: Path) -> None:
    loaded = _imported(["render", str(SEED), "--format", fmt, "--out", str(tmp_path)])
    assert _heavy(loaded) == ([] if fmt == "txt" else ["generator.writers.json"])


def test_help_loads_nothing_heavy() -> None:
    loaded = _imported(["--help"])
    assert _heavy(loaded) == []
    assert "pydantic" not in loaded
    assert "jinja2" not in loaded
