"""Shared fixtures: the repository's folders, the seed term sheet, a cache folder of its own."""

from __future__ import annotations

from collections.abc import Iterator
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


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep what docgen keeps between runs in a folder of the test session's own.

    The tests neither read the user's ``~/.cache/docgen`` (a result must not depend on what an
    earlier version left there) nor write into it; processes the tests start inherit it.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield
