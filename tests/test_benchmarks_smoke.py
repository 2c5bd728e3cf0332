"""The benchmark runs end to end with tiny counts (its numbers are not checked: no timing here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_benchmark_runs_and_writes_its_table(tmp_path: Path) -> None:
    table = tmp_path / "bench.md"
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--markdown", str(table)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for measure in (
        "txt (from loaded sheet",
        "writer alone",
        "docgen check <seed>",
        "docgen render <seed> --format txt",
        "--jobs 1 (whole process;",
        "--jobs 2 (whole process;",
        "speed-up = ",
        "cores busy",
        "the host's ceiling",
        "peak RSS, 4 sheets",
        "bare WeasyPrint",
        "docxtpl",
    ):
        assert measure in done.stdout, measure
    markdown = table.read_text(encoding="utf-8")
    assert markdown.count("\n| ") >= 15
    assert "| group | measure | median | ratio | target | result |" in markdown
    assert "PYTHONDONTWRITEBYTECODE" in markdown


def test_docxtpl_template_reads_as_the_agreement(tmp_path: Path) -> None:
    import docx

    from benchmarks.run import DOCUMENT, build_docxtpl_template
    from benchmarks.sheets import SEED
    from generator.render import render_bytes

    txt = render_bytes(SEED, ("txt",), (DOCUMENT,))[f"{DOCUMENT}.txt"].decode("utf-8")
    template = tmp_path / "t.docx"
    context = build_docxtpl_template(txt, template)
    text = "\n".join(p.text for p in docx.Document(str(template)).paragraphs)
    assert "{{ company }}" in text
    assert context["company"] == "Natural Health Trends Corp."
    for key, value in context.items():
        text = text.replace("{{ " + key + " }}", value)
    assert text.split() == txt.split()
