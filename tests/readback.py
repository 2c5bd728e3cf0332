"""Read a written DOCX or PDF back as plain text, independently of the tool's own readers.

The writers' tests and the fidelity tests compare what they read here with the TXT; using
python-docx and pypdf directly (not :mod:`generator.readers`) keeps the check independent of the
code that the redline uses.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import docx
import pypdf
from docx.table import Table


def docx_text(data: bytes | docx.document.Document) -> str:
    """Return a DOCX body's text in reading order, table cells included, a line a paragraph."""
    opened = docx.Document(io.BytesIO(data)) if isinstance(data, bytes) else data

    def walk(container: object) -> Iterator[str]:
        for item in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(item, Table):
                for row in item.rows:
                    for cell in row.cells:
                        yield from walk(cell)
            else:
                yield item.text

    return "\n".join(walk(opened))


def pdf_pages(data: bytes) -> list[str]:
    """Return the text pypdf extracts from each page of a PDF."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


#: Skip marker for the tests that need LibreOffice.
NO_SOFFICE = shutil.which("soffice") is None


def soffice_convert(source: Path, target: str, out_dir: Path) -> Path:
    """Convert `source` with headless LibreOffice to `target` (``pdf``, ``txt:Text``) in
    `out_dir`; return the converted file, asserting that LibreOffice made it.

    Each call uses a profile of its own under `out_dir`, so tests can run side by side.
    """
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(out_dir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    converted = out_dir / f"{source.stem}.{target.split(':')[0]}"
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    return converted


def docx_parts(source: bytes | Path) -> dict[str, bytes]:
    """Return the parts of the DOCX `source` (its bytes, or its path), by name in the
    package, for a test that edits one as another program would save it."""
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as package:
        return {name: package.read(name) for name in package.namelist()}


def docx_package(parts: Mapping[str, bytes]) -> bytes:
    """Return a DOCX package of `parts` (:func:`docx_parts`, edited), each deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()
