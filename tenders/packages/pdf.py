"""PDF copies of the compiled documents, made by LibreOffice when it is installed (optional)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from tenders.packages.assemble import PackedFile

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 240


def office_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def enabled(mode: str) -> bool:
    """``TENDERS_COMPILE_PDF``: "no", "yes", or "auto" (when LibreOffice is installed)."""
    if mode in {"no", "non", "0", "false"}:
        return False
    return office_binary() is not None


def convert(documents: list[PackedFile]) -> list[PackedFile]:
    """``pdf/<name>.pdf`` for each DOCX, in one LibreOffice run; nothing if it fails."""
    binary = office_binary()
    if binary is None or not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="cordee-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        (folder / "out").mkdir()
        for doc in documents:
            (folder / "in" / doc.name).write_bytes(doc.data)
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            *(str(folder / "in" / doc.name) for doc in documents),
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed binary, our own file names
                command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("PDF conversion failed, package compiled without PDFs: %s", exc)
            return []
        result = []
        for doc in documents:
            produced = folder / "out" / (doc.name.rsplit(".", 1)[0] + ".pdf")
            if produced.is_file():
                result.append(PackedFile(f"pdf/{produced.name}", produced.read_bytes()))
        return result
