"""The DOCX writer's base package: page setup and named styles, built once and then kept.

python-docx builds the package (:mod:`generator.writers.docx_styles`): US Letter, 1-inch
margins, a footer for page one and one for the rest, and the styles every block is written with.
The result is part name -> bytes, the same for every document and every run of the same
versions, so it is built once per process at most: it is kept in the user's cache folder (see
:mod:`generator.user_cache`), and a process that finds it there neither builds it nor imports
python-docx (together about 60 ms on a 2-core machine). An entry's name is a hash of everything
it is built from: this module and the builder's source, python-docx's version (its
``__init__``), lxml's and docgen's; a damaged or doubtful entry is built again.

Styles (Word names):

- paragraph: ``Normal`` (Times New Roman 12 pt, single spaced), ``Exhibit Legend``, ``Title``,
  ``Heading 1`` (the "R E C I T A L S" heading, outline level 1), ``Body Text`` (justified, 0.5"
  first-line indent, tab stop at 1"), ``Body Text Flush``, ``Signature Block``, ``Signature
  Party``, ``Signature Line``, ``Signature Line Plain``, ``Signature Details``, ``Footer``;
- character: ``Section Heading`` (the underlined caption that opens a section), ``Signature
  Rule`` (the signature over its rule line).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from generator.user_cache import cache_folder, read_entry, write_entry

__all__ = [
    "FONT",
    "MAX_ENTRY_BYTES",
    "SIGNATURE_STYLES",
    "STYLES",
    "Template",
    "from_bytes",
    "load_or_build",
    "template",
    "to_bytes",
]

# The style table lives here, not beside the code that builds the styles, so that the body
# writer and a warm cache never import python-docx (see docx_styles).

FONT = "Times New Roman"
"""The typeface every style uses (Liberation Serif and Tinos have the same metrics)."""

#: What each kind of block is written with: role -> Word style id.
STYLES: dict[str, str] = {
    "legend": "ExhibitLegend",
    "title": "Title",
    "heading": "Heading1",
    "body": "BodyText",
    "flush": "BodyTextFlush",
    "signature": "SignatureBlock",
    "party": "SignatureParty",
    "signature_line": "SignatureLine",
    "signature_line_plain": "SignatureLinePlain",
    "signature_details": "SignatureDetails",
    "footer": "Footer",
    "section_heading": "SectionHeading",
    "signature_rule": "SignatureRule",
}

#: The styles of a signature block's lines: caption, line to sign, name and title.
SIGNATURE_STYLES = frozenset(
    STYLES[role]
    for role in (
        "party",
        "signature_line",
        "signature_line_plain",
        "signature_details",
        "signature",
    )
)

MAX_ENTRY_BYTES = 1024 * 1024
"""Largest cache entry read; the base package is about 45 KiB."""

#: Parts every document rewrites or needs: an entry without them is not a base package.
_REQUIRED = ("[Content_Types].xml", "word/document.xml", "word/styles.xml", "docProps/core.xml")


@dataclass(frozen=True, slots=True)
class Template:
    """The base package: every part's bytes, and which parts each document rewrites."""

    parts: dict[str, bytes]
    """Zip member name -> bytes, in the order they are written."""
    default_footer: str
    """Member name of the footer of every page but (with ``titlePg``) the first."""
    first_footer: str
    """Member name of the first page's footer."""


@functools.cache
def template() -> Template:
    """Return the base package: from the cache, or built (and kept) on the first call."""
    return load_or_build()


def load_or_build() -> Template:
    """Return the base package from the user's cache folder, or build it and keep it there."""
    folder = cache_folder()
    name = _entry_name() if folder is not None else None
    if folder is not None and name is not None:
        data = read_entry(folder, name, MAX_ENTRY_BYTES)
        cached = from_bytes(data) if data is not None else None
        if cached is not None:
            return cached
    from generator.writers.docx_styles import build  # python-docx: only when building

    built = build()
    if folder is not None and name is not None:
        write_entry(folder, name, to_bytes(built))
    return built


def to_bytes(base: Template) -> bytes:
    """Return `base` as a cache entry: an uncompressed zip, the footers' names as its comment."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED) as package:
        for name, data in base.parts.items():
            package.writestr(name, data)
        package.comment = f"{base.default_footer}\n{base.first_footer}".encode()
    return stream.getvalue()


def from_bytes(data: bytes) -> Template | None:
    """Return the base package kept in `data`, or ``None`` when it is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            if any(m.compress_type != zipfile.ZIP_STORED for m in members):
                return None  # stored only: nothing to inflate
            parts = {m.filename: package.read(m) for m in members}
            default_footer, first_footer = package.comment.decode().split("\n")
    except Exception:  # zipfile raises many kinds for a damaged file: a miss, never an error
        return None
    needed = (*_REQUIRED, default_footer, first_footer)
    if any(name not in parts for name in needed):
        return None
    return Template(parts, default_footer, first_footer)


def _entry_name() -> str | None:
    """Return the cache entry's name: a hash of everything the base package is built from.

    ``None`` when a source cannot be read (an install without them, no python-docx): then
    nothing can tell an old entry from a new one, and the package is built every time.
    """
    from generator import __version__

    digest = hashlib.sha256()
    here = Path(__file__)
    sources = [here, here.with_name("docx_styles.py")]
    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.origin:
        return None
    sources.append(Path(spec.origin))  # holds python-docx's __version__
    for path in sources:
        try:
            digest.update(path.read_bytes())
        except OSError:
            return None
        digest.update(b"\0")
    digest.update(f"{etree.LXML_VERSION}\0{__version__}".encode())
    return f"docx-base-{digest.hexdigest()}.zip"
