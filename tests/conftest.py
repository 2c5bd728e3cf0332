"""Shared fixtures: the repository's folders, the seed term sheet, a cache folder of its own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests draw the same examples on every run (a hash of each test picks its seed), so
# the suite's verdict on a commit never changes from run to run and CI stays green or red for a
# reason. `HYPOTHESIS_PROFILE=explore` draws new examples each run, to look for new failures;
# a failure found that way is printed in full, to be kept as a regression test beside its fix.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

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
