"""The DOCX base package is built by python-docx once and kept in the user's cache folder; a
process that finds it there builds nothing and does not import python-docx."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import generator
from generator import user_cache
from generator.writers import docx_base, docx_styles
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.skipif(user_cache.cache_folder() is None, reason="the cache needs POSIX")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return the cache folder, under a fresh XDG_CACHE_HOME."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "docgen"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the base packages built from now on."""
    built: list[int] = []
    real = docx_styles.build

    def counting() -> docx_base.Template:
        built.append(1)
        return real()

    monkeypatch.setattr(docx_styles, "build", counting)
    return built


def test_the_second_process_loads_what_the_first_built(cache: Path, builds: list[int]) -> None:
    first = docx_base.load_or_build()
    assert builds == [1]
    (entry,) = cache.iterdir()
    assert entry.name.startswith("docx-base-") and entry.suffix == ".zip"
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    second = docx_base.load_or_build()
    assert builds == [1]  # not built again
    assert second == first
    assert list(second.parts) == list(first.parts)  # the order the package is written in


def test_the_kept_package_is_what_python_docx_builds(cache: Path) -> None:
    built = docx_styles.build()
    assert docx_base.from_bytes(docx_base.to_bytes(built)) == built


@pytest.mark.parametrize(
    "damage",
    [
        "empty",
        "garbage",
        "truncated",
        "no footers",
        "compressed",
        "marked encrypted",
        "others may write",
        "too big",
    ],
)
def test_a_doubtful_entry_is_built_again(cache: Path, builds: list[int], damage: str) -> None:
    first = docx_base.load_or_build()
    (entry,) = cache.iterdir()
    data = entry.read_bytes()
    if damage == "empty":
        entry.write_bytes(b"")
    elif damage == "garbage":
        entry.write_bytes(b"PK\x03\x04 not a zip")
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "no footers":
        entry.write_bytes(_rezipped(data, comment=b"word/footer9.xml\nword/footer8.xml"))
    elif damage == "compressed":
        entry.write_bytes(_rezipped(data, compression=zipfile.ZIP_DEFLATED))
    elif damage == "marked encrypted":  # zipfile raises RuntimeError for it, not BadZipFile
        entry.write_bytes(_flag_encrypted(data))
    elif damage == "others may write":
        entry.chmod(0o666)
    else:
        entry.write_bytes(data + b"\0" * docx_base.MAX_ENTRY_BYTES)
    assert docx_base.load_or_build() == first
    assert builds == [1, 1]


def test_a_new_version_never_meets_an_old_entry(
    cache: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    docx_base.load_or_build()
    monkeypatch.setattr(generator, "__version__", generator.__version__ + ".dev9")
    docx_base.load_or_build()
    assert builds == [1, 1]
    assert len(list(cache.iterdir())) == 2


def test_no_cache_folder_means_a_build_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: list[int]
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert docx_base.load_or_build() == docx_base.load_or_build()
    assert builds == [1, 1]


_WRITE_DOCX = """
import hashlib, sys
from generator.render import render_bytes
files = render_bytes(sys.argv[1], ["docx"], None)
print(hashlib.sha256(b"".join(files[name] for name in sorted(files))).hexdigest())
print("python-docx imported" if "docx" in sys.modules else "python-docx not imported")
"""


def test_a_warm_cache_writes_the_same_docx_without_python_docx(cache: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent)}

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", _WRITE_DOCX, str(SEED)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout.split("\n", 1)

    cold_hash, cold_note = run()
    warm_hash, warm_note = run()
    assert cold_note.strip() == "python-docx imported"
    assert warm_note.strip() == "python-docx not imported"
    assert warm_hash == cold_hash


def _flag_encrypted(data: bytes) -> bytes:
    """Return `data` with the first central directory entry's "encrypted" flag set."""
    at = data.index(b"PK\x01\x02")  # central directory header; flags at offset 8
    flags = int.from_bytes(data[at + 8 : at + 10], "little") | 1
    return data[: at + 8] + flags.to_bytes(2, "little") + data[at + 10 :]


def _rezipped(data: bytes, *, comment: bytes | None = None, compression: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", compression) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info), compress_type=compression)
        new.comment = old.comment if comment is None else comment
    return out.getvalue()


def test_a_new_python_docx_never_meets_an_old_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.machinery
    import importlib.util

    before = docx_base._entry_name()
    fake = tmp_path / "docx" / "__init__.py"
    fake.parent.mkdir()
    fake.write_text('__version__ = "99.0.0"\n', encoding="utf-8")
    spec = importlib.machinery.ModuleSpec("docx", None, origin=str(fake))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    assert docx_base._entry_name() not in (None, before)


def test_a_source_that_cannot_be_read_means_a_build_each_time(
    cache: Path, builds: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx_base, "__file__", str(tmp_path / "only-bytecode" / "docx_base.py"))
    assert docx_base._entry_name() is None
    assert docx_base.load_or_build() == docx_base.load_or_build()
    assert builds == [1, 1]
    assert not cache.exists()  # nothing kept that could not be told from an old entry


def test_a_changed_builder_never_meets_an_old_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Path(docx_base.__file__)
    for name in ("docx_base.py", "docx_styles.py"):
        (tmp_path / name).write_bytes((here.parent / name).read_bytes())
    monkeypatch.setattr(docx_base, "__file__", str(tmp_path / "docx_base.py"))
    before = docx_base._entry_name()
    with (tmp_path / "docx_styles.py").open("a", encoding="utf-8") as source:
        source.write("# a style changed\n")
    assert docx_base._entry_name() != before
