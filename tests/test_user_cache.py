"""The user's cache folder: entries are read whole, within their limit, and only if private."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from generator.user_cache import cache_folder, read_entry, write_entry

pytestmark = pytest.mark.skipif(cache_folder() is None, reason="the cache needs POSIX")


def test_an_entry_is_read_back_whole(tmp_path: Path) -> None:
    folder = tmp_path / "docgen"
    write_entry(folder, "entry", b"x" * 10)
    assert read_entry(folder, "entry", 10) == b"x" * 10
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "entry").stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["entry"]  # no temporary file left


def test_an_entry_longer_than_its_limit_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "docgen"
    write_entry(folder, "entry", b"x" * 11)
    assert read_entry(folder, "entry", 10) is None


def test_a_missing_entry_or_folder_is_a_miss(tmp_path: Path) -> None:
    assert read_entry(tmp_path / "nowhere", "entry", 10) is None
    (tmp_path / "docgen").mkdir(mode=0o700)
    assert read_entry(tmp_path / "docgen", "entry", 10) is None


def test_a_folder_that_cannot_be_made_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    write_entry(blocked / "docgen", "entry", b"x")  # nothing written, nothing raised
    assert read_entry(blocked / "docgen", "entry", 10) is None


def test_the_folder_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "docgen"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: the XDG default
    assert cache_folder() == Path.home() / ".cache" / "docgen"
