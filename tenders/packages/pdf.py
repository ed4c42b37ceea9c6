"""PDF copies of the compiled documents, made by LibreOffice when it is installed (optional)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

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


def _pdf_pages(document: bytes) -> list[str] | None:
    """The text of each page of the PDF LibreOffice makes of ``document``."""
    converted = convert([PackedFile("page_count.docx", document)])
    pdftotext = shutil.which("pdftotext")
    if not converted or pdftotext is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603 - fixed binary, our own file
            [pdftotext, "-", "-"],
            input=converted[0].data,
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("pdftotext failed, table of contents without page numbers: %s", exc)
        return None
    return result.stdout.decode("utf-8", "replace").split("\f")


def page_numbers(document: bytes, titles: list[str], after: str = "Sommaire") -> dict[str, str]:
    """The page each title starts on, read from a PDF of ``document``: titles are looked for
    in order, after the page that holds ``after`` (the table of contents itself)."""
    pages = _pdf_pages(document)
    if not pages:
        return {}
    start = next((n for n, text in enumerate(pages) if after in text), -1) + 1
    found: dict[str, str] = {}
    for title in titles:
        wanted = " ".join(title.split())
        for n in range(start, len(pages)):
            lines = [" ".join(line.split()) for line in pages[n].splitlines()]
            if any(
                line and (line == wanted or (len(line) > 30 and wanted.startswith(line)))
                for line in lines
            ):
                found[title] = str(n + 1)
                start = n
                break
    return found


def number_toc(render: Callable[[Mapping[str, Any]], bytes], context: Mapping[str, Any]) -> bytes:
    """The mémoire with the page number of every entry of its table of contents: rendered
    once, laid out by LibreOffice to count the pages, rendered again with the numbers."""
    first = render(context)
    entries = list(context.get("toc") or [])
    if not entries or office_binary() is None:
        return first
    pages = page_numbers(first, [e["title"] for e in entries])
    if not pages:
        return first
    numbered = [{**e, "page": pages.get(e["title"], "")} for e in entries]
    return render({**context, "toc": numbered})
