"""Benchmark docgen beside its peers, in one run: ``python benchmarks/run.py``.

Measures, on this machine and in this run:

* time per document for each format, the Indemnification Agreement of the seed term sheet
  (``variables/nhtc-2006.yaml``): end to end (sheet -> bytes: YAML, validation, template,
  markup, writer) and the writer alone;
* the peers on the same agreement: docxtpl (a ``.docx`` template of the agreement's words, built
  here from the seed's TXT with the deal's names as placeholders), python-docx building the same
  paragraphs directly, and bare WeasyPrint laying out our own HTML with the same fonts;
* whole-process start-up of ``docgen check`` and ``docgen render --format txt`` (run without
  ``PYTHONDONTWRITEBYTECODE``, so Python reuses its bytecode cache as it does for a user);
* batch throughput of ``docgen batch`` over seed variants to TXT+DOCX with ``--jobs 1`` and
  ``--jobs 2``, and beside it the host's own ceiling: the speed-up of pure-Python work from one
  process to two (``benchmarks/spin.py``), run in turn with the batch;
* peak resident memory of batches of different sizes (the largest process: parent or worker).

It prints a table of medians, ratios and targets; ``--markdown FILE`` writes it as Markdown too.
``--quick`` runs tiny counts (the smoke test uses it); its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.sheets import SEED, write_variants  # noqa: E402

DOCUMENT = "indemnification"

#: Peers measured on this kind of machine (2 cores), quoted in issue 6, for the notes column.
PUBLISHED = {
    "docxtpl": "27 ms",
    "python-docx": "22 ms",
    "WeasyPrint": "166 ms per 3-page PDF",
}


@dataclass
class Row:
    """One line of the table."""

    group: str
    what: str
    value: str
    ratio: str = ""
    target: str = ""
    verdict: str = ""
    """``ok``, ``MISSED``, or empty when the row has no target."""


@dataclass(frozen=True)
class Counts:
    """How many times each thing is measured."""

    fast: int  # txt, json, html: per-document repeats
    docx: int
    pdf: int
    startup: int
    batch_sheets: int
    batch_repeat: int
    rss_sizes: tuple[int, ...]


FULL = Counts(50, 50, 15, 10, 200, 7, (25, 100, 200))
QUICK = Counts(2, 2, 1, 1, 4, 1, (2, 4))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print the table; return 0."""
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts (a smoke run)")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table here")
    parser.add_argument("--tmp", type=Path, metavar="DIR", help="scratch folder (default: a temp)")
    parser.add_argument(
        "--skip", default="", help="comma-separated groups to skip: formats,startup,batch,memory"
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        metavar="N",
        help="run the benchmark and every process it starts at this niceness (negative: ahead "
        "of other work on a shared machine; needs root)",
    )
    args = parser.parse_args(argv)
    if args.nice:
        try:
            os.nice(args.nice)
        except OSError as exc:
            parser.error(f"--nice {args.nice}: {exc.strerror} (a negative niceness needs root)")
    counts = QUICK if args.quick else FULL
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=args.tmp, prefix="docgen-bench-") as scratch:
        tmp = Path(scratch)
        rows: list[Row] = []
        if "formats" not in skip:
            rows += bench_formats(tmp, counts)
        if "startup" not in skip:
            rows += bench_startup(tmp, counts)
        if "batch" not in skip:
            rows += bench_batch(tmp, counts)
        if "memory" not in skip:
            rows += bench_memory(tmp, counts)
    header = _header(counts, time.perf_counter() - started)
    print(header)
    print()
    print(text_table(rows))
    if args.markdown:
        args.markdown.write_text(header + "\n\n" + markdown_table(rows) + "\n", encoding="utf-8")
        print(f"\nwrote {args.markdown}")
    return 0


# -- timing ----------------------------------------------------------------------------------------


def median_seconds(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """Return the median wall time of `fn` over `repeat` calls, after `warmup` calls."""
    return interleaved({"fn": fn}, repeat, warmup)["fn"]


def interleaved(
    fns: dict[str, Callable[[], object]], repeat: int, warmup: int = 1
) -> dict[str, float]:
    """Return the median wall time of each of `fns`, called in turn `repeat` times.

    Taking turns (ours, then the peer, then ours...) lets both see the same machine: a load
    that comes and goes during the run shifts both medians, not their ratio.

    Each call is timed together with collecting the cyclic garbage it left. Otherwise one
    function's leftovers are collected during the next one's call: python-docx and docxtpl
    leave cycles of lxml proxies, and collecting them put 2-4 ms on our DOCX render that came
    after them. What was alive before the timing starts is frozen out of the collector's
    reach, so the collection costs each call only what it left itself.
    """
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    gc.collect()
    gc.freeze()
    try:
        for _ in range(max(1, repeat)):
            for name, fn in fns.items():
                start = time.perf_counter()
                fn()
                gc.collect()
                times[name].append(time.perf_counter() - start)
    finally:
        gc.unfreeze()
    return {name: statistics.median(values) for name, values in times.items()}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# -- per format, and the peers ---------------------------------------------------------------------


def bench_formats(tmp: Path, counts: Counts) -> list[Row]:
    """Return the rows of time per document, for each format and for the peers.

    The median is the whole path, file -> bytes (``render_bytes`` of the seed's YAML file, one
    document, one format); "from loaded sheet" starts from the validated term sheet in memory
    (template, markup, writer: what docxtpl's render + save does from its context); "writer
    alone" is the writer on the assembled document (what bare WeasyPrint does from the HTML).
    DOCX and PDF take turns with their peers in the same loop. Targets are judged on the whole
    path; the other two ratios are shown beside it.
    """
    from generator import assemble, load
    from generator.render import render_bytes
    from generator.writers import FORMATS, get_writer

    sheet = load(SEED)
    document = assemble(DOCUMENT, sheet)
    txt = render_bytes(SEED, ("txt",), (DOCUMENT,))[f"{DOCUMENT}.txt"].decode("utf-8")
    rows: list[Row] = []
    for fmt in FORMATS:
        repeat = {"docx": counts.docx, "pdf": counts.pdf}.get(fmt, counts.fast)
        try:
            write = get_writer(fmt)
        except Exception as exc:  # a writer not there yet
            rows.append(Row("per document", fmt, f"n/a ({exc})"))
            continue
        fns: dict[str, Callable[[], object]] = {
            "whole": lambda f=fmt: render_bytes(SEED, (f,), (DOCUMENT,)),  # type: ignore[misc]
            "sheet": lambda f=fmt: render_bytes(sheet, (f,), (DOCUMENT,)),  # type: ignore[misc]
            "writer": lambda w=write: w(document),  # type: ignore[misc]
        }
        peers = {"docx": _docx_peers, "pdf": _pdf_peers}.get(fmt)
        notes: dict[str, str] = {}
        if peers is not None:
            found, notes = peers(tmp, txt)
            fns.update(found)
        medians = interleaved(fns, repeat)
        whole = medians["whole"]
        what = (
            f"{fmt} (from loaded sheet {_ms(medians['sheet'])}, "
            f"writer alone {_ms(medians['writer'])})"
        )
        row = Row("per document", what, _ms(whole))
        if fmt in ("txt", "json"):
            row.target, row.verdict = "< 2 ms", _verdict(whole < 0.002)
        if not rows:
            row.what += f"; the agreement: {len(txt.split()):,} words"
        rows.append(row)
        for name, note in notes.items():
            rows.append(Row("peers", f"{name}: {note}", "n/a"))
        for name in fns:
            if name in ("whole", "sheet", "writer"):
                continue
            peer = medians[name]
            row = Row("peers", f"{LABELS[name]} (issue: {PUBLISHED[name]})", _ms(peer))
            row.ratio = (
                f"{fmt} / {name} = {whole / peer:.2f} (from sheet {medians['sheet'] / peer:.2f}, "
                f"writer {medians['writer'] / peer:.2f})"
            )
            if name in TARGETS:
                row.target = f"<= {TARGETS[name]:.2f}"
                row.verdict = _verdict(whole / peer <= TARGETS[name])
            rows.append(row)
    return rows


LABELS = {
    "docxtpl": "docxtpl: template of the same words, render + save",
    "python-docx": "python-docx: the same paragraphs built directly",
    "WeasyPrint": "bare WeasyPrint: our HTML + our fonts -> PDF",
}

#: Our time over the peer's, at most.
TARGETS = {"docxtpl": 0.5, "WeasyPrint": 1.1}


def _placeholders() -> dict[str, str]:
    """Return placeholder -> value for the deal's own words in the seed (longest first)."""
    import yaml

    data: dict[str, Any] = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    values = {
        "company": data["company"]["name"],
        "signatory": data["company"]["signatory"]["name"],
        "signatory_title": data["company"]["signatory"]["title"],
        "jurisdiction": data["company"]["jurisdiction"],
    }
    for i, party in enumerate(data["indemnitors"]):
        values[f"party{i}"] = party["name"]
        values[f"party{i}_short"] = party["short_name"]
    return dict(sorted(values.items(), key=lambda kv: -len(kv[1])))


def _paragraphs(txt: str) -> list[str]:
    return [" ".join(chunk.split()) for chunk in re.split(r"\n\s*\n", txt) if chunk.strip()]


def build_docxtpl_template(txt: str, path: Path) -> dict[str, str]:
    """Write a docxtpl template of the agreement's paragraphs to `path`; return its context.

    Every occurrence of the deal's names (company, signatory, parties) in the seed's TXT becomes
    a ``{{ placeholder }}``, so rendering the template with the context gives the same words.
    """
    import docx

    values = _placeholders()
    document = docx.Document()
    for paragraph in _paragraphs(txt):
        for key, value in values.items():
            paragraph = paragraph.replace(value, "{{ " + key + " }}")
        document.add_paragraph(paragraph)
    document.save(str(path))
    return values


def _docx_peers(tmp: Path, txt: str) -> tuple[dict[str, Callable[[], object]], dict[str, str]]:
    """Return the DOCX peers as functions, and notes for those that cannot run."""
    import docx

    paragraphs = _paragraphs(txt)

    def python_docx_once() -> bytes:
        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    fns: dict[str, Callable[[], object]] = {}
    notes: dict[str, str] = {}
    try:
        from docxtpl import DocxTemplate
    except ImportError:
        notes["docxtpl"] = "not installed (pip install -e '.[bench]')"
    else:
        template = tmp / "indemnification-template.docx"
        context = build_docxtpl_template(txt, template)

        def docxtpl_once() -> bytes:
            tpl = DocxTemplate(str(template))
            tpl.render(context)
            out = io.BytesIO()
            tpl.save(out)
            return out.getvalue()

        fns["docxtpl"] = docxtpl_once
    fns["python-docx"] = python_docx_once
    return fns, notes


def _pdf_peers(_tmp: Path, _txt: str) -> tuple[dict[str, Callable[[], object]], dict[str, str]]:
    """Return bare WeasyPrint laying out our HTML page with our fonts, parsed once."""
    import warnings

    from generator.render import render_bytes

    with warnings.catch_warnings():  # WeasyPrint may say how it subsets fonts, on import
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint  # here only: docgen itself imports it when a PDF is asked for
        from weasyprint.text.fonts import FontConfiguration

    assets = ROOT / "generator" / "assets"
    base = assets.as_uri() + "/"
    page = render_bytes(SEED, ("html",), (DOCUMENT,))[f"{DOCUMENT}.html"].decode("utf-8")
    fonts = FontConfiguration()
    font_sheet = weasyprint.CSS(
        filename=str(assets / "fonts.css"), base_url=base, font_config=fonts
    )

    def bare_once() -> bytes:
        html = weasyprint.HTML(string=page, base_url=base)
        pdf: bytes = html.write_pdf(stylesheets=[font_sheet], font_config=fonts)
        return pdf

    return {"WeasyPrint": bare_once}, {}


# -- start-up --------------------------------------------------------------------------------------


def docgen_command() -> list[str]:
    """Return the command that runs docgen: the installed script beside this Python, or -m."""
    script = Path(sys.executable).with_name("docgen")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


def user_env() -> dict[str, str]:
    """Return this environment without PYTHONDONTWRITEBYTECODE, as a user's shell has it."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def bench_startup(tmp: Path, counts: Counts) -> list[Row]:
    """Return the rows of whole-process start-up, and which heavy modules each command imports."""
    env = user_env()
    docgen = docgen_command()
    out = tmp / "startup"
    render = ["render", str(SEED), "--format", "txt", "--out", str(out)]
    commands = {
        "python -c pass (the interpreter alone)": [sys.executable, "-c", "pass"],
        "docgen check <seed>": [*docgen, "check", str(SEED)],
        "docgen render <seed> --format txt": [*docgen, *render],
    }
    rows = []
    for what, command in commands.items():
        seconds = median_seconds(lambda c=command: _run(c, env), counts.startup)  # type: ignore[misc]
        row = Row("start-up (whole process)", what, _ms(seconds))
        if what.startswith("docgen"):
            row.target, row.verdict = "< 300 ms", _verdict(seconds < 0.3)
        rows.append(row)
    for argv in (["check", str(SEED)], render):
        loaded = _heavy_imports(argv, env)
        row = Row("start-up (whole process)", f"docgen {argv[0]} imports", ", ".join(loaded))
        row.value = row.value or "none of weasyprint, docx, rich"
        row.target, row.verdict = "no weasyprint", _verdict("weasyprint" not in loaded)
        rows.append(row)
    return rows


def _heavy_imports(argv: Sequence[str], env: dict[str, str]) -> list[str]:
    code = (
        "import sys\nfrom generator.cli import main\n"
        f"code = main({list(argv)!r})\n"
        "print('HEAVY:', *(m for m in ('weasyprint', 'docx', 'rich') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )
    marked = [line for line in done.stdout.splitlines() if line.startswith("HEAVY:")]
    return marked[-1].split()[1:]


# -- batch -----------------------------------------------------------------------------------------


def _batch_command(sheets: Path, out: Path, jobs: int) -> list[str]:
    return [*docgen_command(), "batch", str(sheets), "--out", str(out), "--format", "txt,docx",
            "--jobs", str(jobs)]  # fmt: skip


def bench_batch(tmp: Path, counts: Counts) -> list[Row]:
    """Return the rows of batch throughput with one and with two workers.

    The two take turns (--jobs 1, --jobs 2, --jobs 1, ...), and each row says how many cores the
    batch kept busy (CPU time of the whole process tree over wall time): on a machine shared with
    other work, a speed-up short of the target with fewer than 2 cores busy is the machine's.
    The speed-up is the median over the pairs (each --jobs 1 run over the --jobs 2 run right
    after it), so that a disk that slows down or speeds up during the benchmark weighs on both
    sides of each ratio alike; its range is shown.

    Each run starts on a quiet disk: what the one before wrote is flushed first (``sync``), and
    no output is deleted until every run is done. Deleting a run's thousand files just before
    the next one made that run pay for it: for some seconds after a mass delete, ext4 looks past
    every recently freed inode each time it creates a file (``recently_deleted`` in a profile),
    which made a batch's system time vary threefold from run to run.
    """
    sheets = tmp / "batch-sheets"
    write_variants(sheets, counts.batch_sheets)
    env = user_env()
    walls: dict[int, list[float]] = {1: [], 2: []}
    inside: dict[int, list[float]] = {1: [], 2: []}  # the batch's own clock
    busy: dict[int, list[float]] = {1: [], 2: []}
    host: dict[int, list[float]] = {1: [], 2: []}  # benchmarks/spin.py, whole process
    outs = tmp / "batch-out"
    for attempt in range(counts.batch_repeat):
        for jobs in (1, 2):
            _flush_disk()
            usage = run_measured(_batch_command(sheets, outs / f"{jobs}-{attempt}", jobs), env)
            walls[jobs].append(usage.wall)
            inside[jobs].append(_batch_seconds(usage.stdout))
            busy[jobs].append(usage.cpu / usage.wall)
        for jobs in (1, 2):
            host[jobs].append(run_measured(_spin_command(counts.batch_sheets, jobs), env).wall)
    shutil.rmtree(outs, ignore_errors=True)
    n = counts.batch_sheets
    rows = []
    for jobs, runs in walls.items():
        took = statistics.median(runs)
        cores = statistics.median(busy[jobs])
        what = f"{n} sheets to TXT+DOCX, --jobs {jobs} (whole process; {cores:.2f} cores busy)"
        rows.append(Row("batch", what, f"{took:.2f} s ({took / n * 1000:.1f} ms/sheet)"))
    rows[-1].ratio = _speedup(walls)
    rows[-1].target, rows[-1].verdict = ">= 1.70x", _verdict(_median_ratio(walls) >= 1.7)
    what = "the same, by the batch's own clock (its worker pool's start to shutdown)"
    rows.append(Row("batch", what, _pair_of_medians(inside), _speedup(inside)))
    what = (
        f"the host's ceiling: {n} tasks of pure-Python arithmetic, --jobs 1 / --jobs 2, whole "
        "process (benchmarks/spin.py: no file, no lock), in turn with the batch runs"
    )
    share = _median_ratio(walls) / _median_ratio(host)
    ratio = f"{_speedup(host)}; the batch's is {share:.0%} of it"
    rows.append(Row("batch", what, _pair_of_medians(host), ratio))
    return rows


def _pair_of_medians(seconds: dict[int, list[float]]) -> str:
    """Return the median times of --jobs 1 and --jobs 2 as "2.09 s / 1.07 s"."""
    one, two = (statistics.median(seconds[jobs]) for jobs in (1, 2))
    return f"{one:.2f} s / {two:.2f} s"


def _spin_command(tasks: int, jobs: int) -> list[str]:
    spin = str(Path(__file__).with_name("spin.py"))
    return [sys.executable, spin, "--tasks", str(tasks), "--jobs", str(jobs)]


def _ratios(seconds: dict[int, list[float]]) -> list[float]:
    """Return each --jobs 1 run's time over that of the --jobs 2 run right after it."""
    return [one / two for one, two in zip(seconds[1], seconds[2], strict=True)]


def _median_ratio(seconds: dict[int, list[float]]) -> float:
    """Return the median of :func:`_ratios`: the speed-up the target is judged on."""
    return statistics.median(_ratios(seconds))


def _speedup(seconds: dict[int, list[float]]) -> str:
    """Return the median and range of the ratios of the paired --jobs 1 and --jobs 2 runs."""
    ratios = _ratios(seconds)
    return (
        f"speed-up = {statistics.median(ratios):.2f}x (median of {len(ratios)} pairs; "
        f"{min(ratios):.2f}-{max(ratios):.2f})"
    )


def _batch_seconds(stdout: str) -> float:
    """Return the time ``docgen batch`` reports in its summary line ("... in 1.42 s")."""
    found = re.findall(r" in (\d+\.\d+) s$", stdout, re.MULTILINE)
    if not found:  # on failure the summary goes to stderr: a seed variant did not render
        raise RuntimeError(f"docgen batch failed or printed no summary: {stdout[-300:]!r}")
    return float(found[-1])


def _flush_disk() -> None:
    """Write what earlier runs left in the page cache to disk, where the system can."""
    if hasattr(os, "sync"):
        os.sync()


# -- memory ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    """What one command cost: wall time, CPU time and peak RSS of its process tree."""

    wall: float
    cpu: float
    peak_mib: float
    stdout: str


def run_measured(command: Sequence[str], env: dict[str, str]) -> Usage:
    """Run `command`; return its wall time, and CPU and peak RSS of it and its waited children.

    ``wait4`` reports the largest resident set among the process and the descendants it waited
    for (a batch's workers), and their CPU time added up.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert proc.stdout is not None
    stdout = proc.stdout.read().decode("utf-8", "replace")  # all of it, before waiting
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return Usage(wall, cpu, usage.ru_maxrss / 1024, stdout)  # maxrss: KiB on Linux


def bench_memory(tmp: Path, counts: Counts) -> list[Row]:
    """Return the rows of peak RSS for batches of growing size (TXT+DOCX, --jobs 2)."""
    if not hasattr(os, "wait4"):  # pragma: no cover - not POSIX
        return [Row("memory", "peak RSS", "n/a: needs os.wait4")]
    env = user_env()
    sheets = tmp / "rss-sheets"
    write_variants(sheets, max(counts.rss_sizes))
    peaks = {}
    for size in counts.rss_sizes:
        subset = tmp / f"rss-{size}"
        subset.mkdir()
        for path in sorted(sheets.iterdir())[:size]:
            shutil.copy(path, subset / path.name)
        peaks[size] = run_measured(_batch_command(subset, tmp / f"rss-out-{size}", 2), env).peak_mib
    rows = []
    smallest = min(peaks)
    for size, peak in peaks.items():
        what = f"peak RSS, {size} sheets, --jobs 2 (largest process)"
        row = Row("memory", what, f"{peak:.0f} MiB")
        if size != smallest:
            growth = peak / peaks[smallest]
            row.ratio = f"vs {smallest} sheets = {growth:.2f}"
            row.target, row.verdict = "<= 1.10", _verdict(growth <= 1.1)
        rows.append(row)
    return rows


# -- the table -------------------------------------------------------------------------------------


_COLUMNS = ("group", "measure", "median", "ratio", "target", "")


def _cells(row: Row) -> tuple[str, ...]:
    return (row.group, row.what, row.value, row.ratio, row.target, row.verdict)


def text_table(rows: Sequence[Row]) -> str:
    """Return `rows` as an aligned plain-text table."""
    lines = [_COLUMNS, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(_COLUMNS))]
    out = []
    for index, line in enumerate(lines):
        out.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def markdown_table(rows: Sequence[Row]) -> str:
    """Return `rows` as a Markdown table."""
    out = ["| " + " | ".join(c or "result" for c in _COLUMNS) + " |"]
    out.append("|" + "---|" * len(_COLUMNS))
    for row in rows:
        out.append("| " + " | ".join(_md(c) for c in _cells(row)) + " |")
    return "\n".join(out)


def _md(cell: str) -> str:
    return cell.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _header(counts: Counts, seconds: float) -> str:
    import platform

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    kind = "QUICK (numbers mean nothing)" if counts is QUICK else "full"
    return (
        f"docgen benchmark ({kind}): Python {platform.python_version()}, {cores} cores, "
        f"{platform.system()} {platform.machine()}; medians of {counts.fast} (txt/json/html), "
        f"{counts.docx} (docx), {counts.pdf} (pdf), {counts.startup} (start-up), "
        f"{counts.batch_repeat} (batch) runs; niceness {os.nice(0)}; "
        f"took {seconds:.0f} s.\n"
        "Start-up runs without PYTHONDONTWRITEBYTECODE (set on these machines, it makes every "
        "import compile from source: about 3x slower than a user sees)."
    )


if __name__ == "__main__":
    sys.exit(main())
