"""The user's cache folder: entries are read whole, within their limit, and only if private."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from generator.user_cache import KEEP_PER_KIND, cache_folder, read_entry, write_entry

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


def _hash(number: int) -> str:
    return f"{number:064x}"


def _aged(path: Path, seconds_ago: float) -> None:
    when = time.time() - seconds_ago
    os.utime(path, (when, when))


def test_a_write_keeps_the_newest_entries_of_its_kind(tmp_path: Path) -> None:
    folder = tmp_path / "docgen"
    for number in range(KEEP_PER_KIND + 5):  # older versions' entries, the oldest first
        write_entry(folder, f"docx-base-{_hash(number)}.zip", b"old")
        _aged(folder / f"docx-base-{_hash(number)}.zip", 1000 - number)
    for number in range(3):  # another kind: not this write's business
        write_entry(folder, f"{_hash(number)}.jinja", b"code")
        _aged(folder / f"{_hash(number)}.jinja", 5000)
    newest = f"docx-base-{_hash(999)}.zip"
    write_entry(folder, newest, b"new")
    zips = sorted(p.name for p in folder.glob("*.zip"))
    assert len(zips) == KEEP_PER_KIND
    assert newest in zips
    kept = [f"docx-base-{_hash(n)}.zip" for n in range(6, KEEP_PER_KIND + 5)]
    assert zips == sorted([*kept, newest])
    assert len(list(folder.glob("*.jinja"))) == 3


def test_pruning_touches_only_this_users_cache_files(tmp_path: Path) -> None:
    folder = tmp_path / "docgen"
    folder.mkdir(mode=0o700)
    strangers = {
        "notes.txt": "a user's file",
        f"{_hash(1)}.jinja.bak": "a copy",
        f".{_hash(2)}.jinja.tmp": "not our temporary name",
    }
    for name, text in strangers.items():
        (folder / name).write_text(text)
        _aged(folder / name, 10**6)
    (folder / f"{_hash(3)}.jinja").mkdir()  # a folder named like an entry
    _aged(folder / f"{_hash(3)}.jinja", 10**6)
    (folder / f"{_hash(4)}.jinja").symlink_to(folder / "notes.txt")
    stale = folder / f".{_hash(5)}.jinja.123.0badcafe.tmp"  # a killed writer's, long ago
    stale.write_bytes(b"half")
    _aged(stale, 2 * 3600)
    fresh = folder / f".{_hash(6)}.jinja.124.0badcafe.tmp"  # a writer at work right now
    fresh.write_bytes(b"half")
    for number in range(10, 10 + KEEP_PER_KIND + 2):
        write_entry(folder, f"{_hash(number)}.jinja", b"code")
        _aged(folder / f"{_hash(number)}.jinja", 10**5 - number)
    names = {p.name for p in folder.iterdir()}
    assert set(strangers) <= names
    assert {f"{_hash(3)}.jinja", f"{_hash(4)}.jinja", fresh.name} <= names
    assert stale.name not in names
    not_entries = {f"{_hash(3)}.jinja", f"{_hash(4)}.jinja"}
    entries = [n for n in names if n.endswith(".jinja") and n not in not_entries]
    assert len(entries) == KEEP_PER_KIND
