"""The compiled built-in templates kept between runs: only in a folder of this user's alone, only
for the built-in templates, keyed by their source; anything doubtful is a miss, never an error."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator import user_cache
from generator.context import build_context
from generator.templating import Templates
from generator.termsheet import load_term_sheet
from tests.conftest import SEED
from tests.security.helpers import minimal_template, user_templates

pytestmark = pytest.mark.skipif(
    user_cache.cache_folder() is None, reason="the template cache needs POSIX"
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return the cache folder, under a fresh XDG_CACHE_HOME."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = user_cache.cache_folder()
    assert folder == tmp_path / "xdg" / "docgen"
    return folder


def _render(templates: Templates) -> str:
    return templates.render("indemnification", build_context(load_term_sheet(SEED)))


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the templates compiled from source from now on."""
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
        compiled.append(str(args[1] if len(args) > 1 else kwargs.get("name")))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def test_the_second_run_loads_the_compiled_template(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _compiles(monkeypatch)
    first = _render(Templates())
    assert compiled == ["indemnification.xml.j2"]
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    (entry,) = cache.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]
    assert _render(Templates()) == first
    assert compiled == ["indemnification.xml.j2"]  # not compiled again


def test_a_changed_template_compiles_afresh(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "builtin"
    folder.mkdir()
    (folder / "indemnification.xml.j2").write_text(
        minimal_template("one", doc_id="indemnification"), encoding="utf-8"
    )
    monkeypatch.setattr("generator.templating.data_dir", lambda _name: folder)
    compiled = _compiles(monkeypatch)
    assert "one" in _render(Templates())
    (folder / "indemnification.xml.j2").write_text(
        minimal_template("two", doc_id="indemnification"), encoding="utf-8"
    )
    assert "two" in _render(Templates())
    assert len(compiled) == 2
    assert len(list(cache.iterdir())) == 2


def test_a_users_templates_never_use_the_cache(cache: Path, tmp_path: Path) -> None:
    folder = user_templates(tmp_path)
    assert Templates(folder).env.bytecode_cache is None
    assert not cache.exists()


def _filled(cache: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    _render(Templates())
    return _compiles(monkeypatch)


def test_a_folder_others_may_write_is_not_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _filled(cache, monkeypatch)
    cache.chmod(0o770)
    _render(Templates())
    assert compiled == ["indemnification.xml.j2"]
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]  # nor written


def test_a_file_others_may_write_is_not_read(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _filled(cache, monkeypatch)
    (entry,) = cache.iterdir()
    entry.chmod(0o666)
    _render(Templates())
    assert compiled == ["indemnification.xml.j2"]


def test_a_symlinked_folder_or_file_is_not_followed(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _filled(cache, monkeypatch)
    (entry,) = cache.iterdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    os.replace(entry, elsewhere / entry.name)
    (cache / entry.name).symlink_to(elsewhere / entry.name)
    _render(Templates())
    assert compiled == ["indemnification.xml.j2"]
    moved = tmp_path / "moved"
    os.replace(cache, moved)
    cache.symlink_to(moved)
    _render(Templates())
    assert len(compiled) == 2


def test_a_damaged_file_is_a_miss(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _render(Templates())
    (entry,) = cache.iterdir()
    for damage in (b"", b"garbage", entry.read_bytes()[:-50]):
        entry.write_bytes(damage)
        assert _render(Templates()) == first


def test_no_cache_folder_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    first = _render(Templates())
    assert _render(Templates()) == first
