"""Shared fixtures: the repository's folders and the seed term sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "variables" / "nhtc-2006.yaml"
SOURCES = {
    "indemnification": ROOT / "sources" / "indemnification-agreement.txt",
    "release": ROOT / "sources" / "general-release.txt",
}


@pytest.fixture
def seed_path() -> Path:
    """Return the path of the filing's own term sheet."""
    return SEED
