"""What ``pip install .`` installs (the Docker image does just that) holds every file Cordée reads.

The tests run from an editable install, which reads the source tree and would never notice a
page template or a DOCX template left out of the wheel. So the wheel is built here, from a copy
of the files git knows, the way a fresh clone would build it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _git_files(*args: str) -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z", *args], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [name for name in out.decode().split("\0") if name]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    source = tmp_path_factory.mktemp("source")
    # Tracked files and new ones not ignored yet, as they are now in the working tree.
    for name in _git_files("--cached", "--others", "--exclude-standard"):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), "."],
        cwd=source,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, f"pip wheel failed:\n{build.stdout}\n{build.stderr}"
    (wheel,) = out.glob("cordee-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_file_of_the_packages(wheel_names: set[str]) -> None:
    tracked = [
        name
        for name in _git_files("--", "tenders", "workers")
        if (ROOT / name).is_file() and "/tests/" not in f"/{name}"
    ]
    assert any(name.endswith(".html") for name in tracked)
    missing = sorted(name for name in tracked if name not in wheel_names)
    assert not missing, "left out of the wheel (see package-data in pyproject.toml):\n" + "\n".join(
        missing
    )


def test_the_wheel_holds_the_docx_templates(wheel_names: set[str]) -> None:
    shipped = sorted(Path(name).name for name in _git_files("--", "templates_docx/*.docx"))
    assert "dc1.docx" in shipped
    missing = [name for name in shipped if f"tenders/_templates_docx/{name}" not in wheel_names]
    assert not missing, f"DOCX templates left out of the wheel (see setup.py): {missing}"
