"""The built-in templates and sources are found from a clone and from a plain `pip install .`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.resources import data_dir
from tests.conftest import ROOT


def test_clone_finds_templates_and_sources() -> None:
    assert (data_dir("templates") / "indemnification.xml.j2").is_file()
    assert (data_dir("sources") / "general-release.txt").is_file()
    assert (data_dir("variables") / "nhtc-2006.yaml").is_file()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{result.stderr}")
    (path,) = out.glob("*.whl")
    return path


def test_wheel_carries_templates_sources_and_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "generator/_data/templates/indemnification.xml.j2" in names
    assert "generator/_data/templates/release.xml.j2" in names
    assert "generator/_data/sources/indemnification-agreement.txt" in names
    assert "generator/_data/variables/nhtc-2006.yaml" in names  # for tests outside a clone
    assert not any(n.startswith(("tests/", "variables/")) for n in names)


def test_installed_wheel_renders_outside_the_clone(wheel: Path, tmp_path: Path) -> None:
    # Install the wheel alone into a folder and run it from elsewhere: the templates must come
    # from inside the package, not from this clone.
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import generator.resources as r; "
        "assert str(r.data_dir('templates')).startswith(sys.argv[1]), r.data_dir('templates'); "
        "sheet = r.data_dir('variables') / 'nhtc-2006.yaml'; "
        "assert str(sheet).startswith(sys.argv[1]), sheet; "
        "from generator.cli import main; sys.exit(main(['render', str(sheet), '--out', "
        "sys.argv[2], '--format', 'txt']))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(target), str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "indemnification.txt").is_file()
