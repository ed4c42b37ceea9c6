"""Build step pyproject.toml cannot say: ship the DOCX templates inside the package.

The templates stay at the top of the repository (``templates_docx/``, with their generator);
a built wheel carries them as ``tenders/_templates_docx/*.docx``, where
``tenders.packages.templates`` finds them with importlib.resources. Everything else is in
pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent / "templates_docx"
TARGET = ("tenders", "_templates_docx")


class BuildWithDocxTemplates(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads templates_docx/ of the source tree
        templates = sorted(SOURCE.glob("*.docx"))
        if not templates:
            raise SystemExit(f"No DOCX template in {SOURCE}: the package would compile nothing.")
        target = Path(self.build_lib, *TARGET)
        target.mkdir(parents=True, exist_ok=True)
        for template in templates:
            shutil.copyfile(template, target / template.name)


setup(cmdclass={"build_py": BuildWithDocxTemplates})
