"""Where the built-in templates, filed source texts and example term sheets are, installed or
in a clone.

A wheel carries them inside the package (``generator/_data/``); an editable install or a plain
checkout reads them from the top of the repository, where drafters edit them.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PACKAGE_DIR", "data_dir"]

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder of built-in `name`: ``"templates"``, ``"sources"`` (the filed texts) or
    ``"variables"`` (the example term sheets, the filing's ``nhtc-2006.yaml`` among them).

    The packaged copy wins when present; otherwise the clone's top-level folder.
    """
    packaged = PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / name
