from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from email.message import EmailMessage
from urllib.parse import unquote

import pytest

from tenders.storage import (
    JPEG,
    MAX_UPLOAD_SIZE,
    PDF,
    PNG,
    FileTooLarge,
    UnsupportedFile,
    check_size,
    content_disposition,
    detect,
    placeholder_pdf,
    safe_filename,
)

ACCEPTED = "Seuls les fichiers PDF, PNG et JPEG sont acceptés."
DEMO_TITLE = "Attestation de vigilance URSSAF — document de démonstration"
DEMO_LINES = [
    "Structure : Poinfor (Valenciennes)",
    "Délivrée le 1er mars 2027 – valable six mois, « à jour » de ses cotisations.",
    "Œuvre, cœur, 12\u202f500\u00a0€, barre oblique inverse \\ et parenthèses ( ).",
]


# --- sample files ------------------------------------------------------------------------


def tiny_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8 bits, RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def tiny_jpeg() -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return (
        b"\xff\xd8" + app0 + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\xd2\xcf\x20" + b"\xff\xd9"
    )


def minimal_pdf(catalog_extra: bytes = b"", more: bytes = b"") -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R "
        + catalog_extra
        + b" >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        + more
        + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def object_stream(objects: bytes) -> bytes:
    """Objects packed in a compressed object stream, as PDF 1.5 writers do by default."""
    body = zlib.compress(b"3 0 " + objects)
    return (
        b"4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(body)
        + body
        + b"\nendstream\nendobj\n"
    )


def stream_object(body: bytes) -> bytes:
    return (
        b"5 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length %d >>\nstream\n"
        % len(body)
        + body
        + b"\nendstream\nendobj\n"
    )


# --- detection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (placeholder_pdf(DEMO_TITLE, DEMO_LINES), PDF),
        (minimal_pdf(), PDF),
        (b"\x00" * 900 + minimal_pdf(), PDF),  # junk before the header, as readers tolerate
        (minimal_pdf() + b"\x00" * 1500, PDF),  # and after the end marker
        (tiny_png(), PNG),
        (tiny_jpeg(), JPEG),
        (tiny_jpeg() + b"trailing camera data", JPEG),
        # Bytes inside an image stream are not names, even when they spell one.
        (minimal_pdf(more=stream_object(b"\xff\xd8 /JS /Launch \xff\xd9")), PDF),
    ],
    ids=[
        "placeholder-pdf",
        "minimal-pdf",
        "pdf-after-junk",
        "pdf-with-trailing-bytes",
        "png",
        "jpeg",
        "jpeg-trailing",
        "pdf-image-bytes",
    ],
)
def test_accepted_files_are_recognised_by_content(data: bytes, kind: object) -> None:
    assert detect(data) == kind


def test_kinds_carry_content_type_and_extension() -> None:
    assert (PDF.content_type, PDF.extension) == ("application/pdf", ".pdf")
    assert (PNG.content_type, PNG.extension) == ("image/png", ".png")
    assert (JPEG.content_type, JPEG.extension) == ("image/jpeg", ".jpg")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "un programme exécutable (Windows)"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "un programme exécutable (Linux)"),
        (b"#!/bin/sh\nrm -rf /\n", "un script"),
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xmlword/document.xml",
            "un document Word (DOCX)",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00notes.txt", "une archive ZIP"),
        (
            b"\xef\xbb\xbf\n  <!DOCTYPE html><html><script>alert(1)</script>",
            "une page web (HTML)",
        ),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "une image SVG"),
        (b"GIF89a\x01\x00\x01\x00", "une image GIF"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "une photo HEIC"),
    ],
    ids=["windows-exe", "elf", "script", "docx", "zip", "html", "svg", "gif", "heic"],
)
def test_other_files_are_refused_naming_what_they_are(data: bytes, message: str) -> None:
    with pytest.raises(UnsupportedFile) as refused:
        detect(data)
    assert refused.value.status_code == 422
    assert f"Ce fichier est {message}" in refused.value.message
    assert ", pas un PDF, PNG ou JPEG." in refused.value.message
    assert refused.value.message.endswith(ACCEPTED)


def test_an_executable_named_like_a_pdf_is_still_an_executable() -> None:
    # The name and the declared type never reach the decision: only the bytes do.
    with pytest.raises(UnsupportedFile) as refused:
        detect(b"MZ" + b"\x00" * 64 + b"This program cannot be run in DOS mode. %PDF-")
    assert refused.value.message == (
        "Ce fichier est un programme exécutable (Windows), pas un PDF, PNG ou JPEG. " + ACCEPTED
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"juste du texte", "Le format de ce fichier n'est pas reconnu. " + ACCEPTED),
        (minimal_pdf()[:-30], "Ce PDF est incomplet ou endommagé"),
        (b"\x00" * 1100 + minimal_pdf(), "Le format de ce fichier n'est pas reconnu."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x00IDAT", "Cette image PNG est endommagée."),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "Cette image JPEG est incomplète ou endommagée."),
    ],
    ids=["empty", "text", "truncated-pdf", "header-too-far", "broken-png", "truncated-jpeg"],
)
def test_empty_unknown_and_broken_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(UnsupportedFile) as refused:
        detect(data)
    assert refused.value.status_code == 422
    assert refused.value.message.startswith(message)


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (minimal_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "JavaScript"),
        (minimal_pdf(b"/OpenAction 3 0 R", b"3 0 obj\n<< /JS 9 0 R >>\nendobj\n"), "JavaScript"),
        (minimal_pdf(b"/OpenAction << /S /J#61va#53cript >>"), "JavaScript"),
        (minimal_pdf(b"/OpenAction << /S /Launch /F (calc.exe) >>"), "action de lancement"),
        (minimal_pdf(b"/Names << /EmbeddedFiles 3 0 R >>"), "fichier joint"),
        (minimal_pdf(more=b"3 0 obj\n<< /Type /EmbeddedFile >>\nendobj\n"), "fichier joint"),
        (
            minimal_pdf(b"/OpenAction 3 0 R", object_stream(b"<< /S /JavaScript /JS (x) >>")),
            "JavaScript",
        ),
    ],
    ids=[
        "javascript",
        "js-reference",
        "escaped-name",
        "launch",
        "embedded-files",
        "embedded-file",
        "in-object-stream",
    ],
)
def test_pdfs_with_active_content_are_refused(data: bytes, label: str) -> None:
    with pytest.raises(UnsupportedFile) as refused:
        detect(data)
    assert refused.value.status_code == 422
    assert refused.value.message.startswith(f"Ce PDF contient du contenu actif ({label})")
    assert "Enregistrer au format PDF" in refused.value.message


def test_names_that_merely_start_like_active_ones_are_fine() -> None:
    assert detect(minimal_pdf(b"/JSON true /Launcher (x) /JavaScripts []")) == PDF


# --- size --------------------------------------------------------------------------------


def test_files_up_to_the_limit_pass() -> None:
    check_size(MAX_UPLOAD_SIZE, MAX_UPLOAD_SIZE)
    check_size(0, MAX_UPLOAD_SIZE)


@pytest.mark.parametrize(
    ("limit", "shown"),
    [
        (MAX_UPLOAD_SIZE, "10 Mo"),
        (1536 * 1024, "1,5 Mo"),
        (500 * 1024, "500 Ko"),
    ],
)
def test_larger_files_get_a_413_in_french(limit: int, shown: str) -> None:
    with pytest.raises(FileTooLarge) as refused:
        check_size(limit + 1, limit)
    assert refused.value.status_code == 413
    assert refused.value.message == f"Le fichier dépasse la taille maximale de {shown}."


# --- download names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "extension", "expected"),
    [
        ("Attestation URSSAF – Poinfor", ".pdf", "Attestation_URSSAF_-_Poinfor.pdf"),
        ("Kbis été 2027 — Cœur d'Ostrevent", ".PDF", "Kbis_ete_2027_-_Coeur_d_Ostrevent.pdf"),
        ("../../etc/passwd", ".pdf", "etc_passwd.pdf"),
        ("..\\..\\Windows\\win.ini", ".png", "Windows_win.ini.png"),
        (".htaccess", "", "htaccess"),
        ("rapport\r\nSet-Cookie: x=1\x00", ".pdf", "rapport_Set-Cookie_x_1.pdf"),
        ("🎉🎉🎉", ".png", "fichier.png"),
        ("", ".jpg", "fichier.jpg"),
        ("...", ".jpg", "fichier.jpg"),
        ("Bilan 🎉 2026", ".pdf", "Bilan_2026.pdf"),
        ("devis.PDF", ".pdf", "devis.pdf"),
        ("CON", ".pdf", "CON_.pdf"),
    ],
)
def test_safe_filenames(stem: str, extension: str, expected: str) -> None:
    assert safe_filename(stem, extension) == expected


def test_long_names_are_cut_keeping_the_extension() -> None:
    name = safe_filename("Mémoire" * 50, ".pdf")
    assert len(name) == 120
    assert name.startswith("MemoireMemoire")
    assert name.endswith(".pdf")


@pytest.mark.parametrize(
    "stem",
    ["../../etc/passwd", "\u202efdp.exe", 'a/b\\c:d*e?f"g<h>i|j', "\t\n", "é" * 300, "-.-.-"],
)
def test_safe_filenames_only_use_safe_characters(stem: str) -> None:
    name = safe_filename(stem, ".pdf")
    assert re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]*\.pdf", name), name
    assert len(name) <= 120


def _parse_disposition(header: str) -> tuple[str, str]:
    fallback = re.search(r'filename="([^"]*)"', header)
    extended = re.search(r"filename\*=UTF-8''([^;\s]+)", header)
    assert fallback and extended, header
    return fallback.group(1), unquote(extended.group(1), encoding="utf-8", errors="strict")


@pytest.mark.parametrize(
    "filename",
    [
        "Attestation URSSAF – Poinfor.pdf",
        "Kbis « Cœur » d'Ostrevent; été 2027.pdf",
        'Devis "final" 100%.pdf',
        "plain.pdf",
    ],
)
def test_content_disposition_round_trip(filename: str) -> None:
    header = content_disposition(filename)
    assert header.isascii()
    assert header.startswith("attachment; ")
    fallback, exact = _parse_disposition(header)
    assert exact == filename
    assert fallback.isascii() and '"' not in fallback and "\\" not in fallback
    # The standard library's own RFC 2231 reader decodes the extended parameter alike.
    message = EmailMessage()
    message["Content-Disposition"] = "attachment; " + header.split("; ")[-1]
    assert message.get_filename() == filename


def test_content_disposition_keeps_accents_readable_in_the_ascii_fallback() -> None:
    fallback, _ = _parse_disposition(content_disposition("Attestation URSSAF – Poinfor.pdf"))
    assert fallback == "Attestation URSSAF - Poinfor.pdf"


def test_content_disposition_neutralises_header_injection_and_paths() -> None:
    header = content_disposition("../../rapport\r\nSet-Cookie: x=1\u202e.pdf")
    assert "\r" not in header and "\n" not in header
    fallback, exact = _parse_disposition(header)
    assert "/" not in exact and "\u202e" not in exact
    assert exact == ".._.._rapport__Set-Cookie: x=1.pdf"
    assert fallback == exact


# --- placeholder PDF ---------------------------------------------------------------------


def _objects_by_xref(pdf: bytes) -> dict[int, int]:
    startxref = int(re.findall(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)[-1])
    assert pdf[startxref:].startswith(b"xref\n")
    header = re.match(rb"xref\n0 (\d+)\n", pdf[startxref:])
    assert header
    count = int(header.group(1))
    table = pdf[startxref + header.end() : startxref + header.end() + 20 * count]
    entries = [table[i : i + 20] for i in range(0, len(table), 20)]
    assert entries[0] == b"0000000000 65535 f \n"
    offsets = {}
    for number, entry in enumerate(entries[1:], start=1):
        assert re.fullmatch(rb"\d{10} 00000 n \n", entry), entry
        offsets[number] = int(entry[:10])
    trailer = pdf[startxref + header.end() + 20 * count :]
    assert trailer.startswith(b"trailer\n<< /Size %d /Root 1 0 R" % count)
    return offsets


def _shown_text(pdf: bytes) -> list[str]:
    """The strings the page shows, decoded as a reader would (escapes, then WinAnsi)."""
    stream = re.search(rb"/Length (\d+) >>\nstream\n", pdf)
    assert stream
    content = pdf[stream.end() : stream.end() + int(stream.group(1))]
    assert pdf[stream.end() + int(stream.group(1)) :].startswith(b"\nendstream")
    shown = []
    for literal in re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", content, re.DOTALL):
        raw = re.sub(
            rb"\\([0-7]{3}|.)",
            lambda m: bytes([int(m.group(1), 8)]) if len(m.group(1)) == 3 else m.group(1),
            literal,
        )
        shown.append(raw.decode("cp1252"))
    return shown


def test_placeholder_pdf_structure_is_valid() -> None:
    pdf = placeholder_pdf(DEMO_TITLE, DEMO_LINES)
    assert pdf.startswith(b"%PDF-1.4\n")
    assert pdf.endswith(b"%%EOF\n")
    offsets = _objects_by_xref(pdf)
    assert len(offsets) == 7
    for number, offset in offsets.items():
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number), number
    assert b"/BaseFont /Helvetica " in pdf
    assert b"/Encoding /WinAnsiEncoding" in pdf
    assert pdf.count(b"/Type /Page ") == 1


def test_placeholder_pdf_shows_the_french_text() -> None:
    pdf = placeholder_pdf(DEMO_TITLE, DEMO_LINES)
    shown = " ".join(_shown_text(pdf))
    assert "Attestation de vigilance URSSAF — document de démonstration" in shown
    assert "Délivrée le 1er mars 2027 – valable six mois, « à jour »" in shown
    # The narrow no-break space, absent from WinAnsi, becomes a no-break space.
    assert "Œuvre, cœur, 12\u00a0500\u00a0€, barre oblique inverse \\ et parenthèses ( )." in shown


def test_placeholder_pdf_is_deterministic_and_accepted_on_upload() -> None:
    first = placeholder_pdf(DEMO_TITLE, DEMO_LINES)
    assert placeholder_pdf(DEMO_TITLE, DEMO_LINES) == first
    assert detect(first) == PDF


def test_placeholder_pdf_stays_on_one_page() -> None:
    pdf = placeholder_pdf("Titre", [f"Ligne {n}" for n in range(200)])
    shown = _shown_text(pdf)
    assert shown[-1] == "[…]"
    assert "Ligne 0" in shown
    assert "Ligne 199" not in shown
    assert pdf.count(b"/Type /Page ") == 1
    offsets = _objects_by_xref(pdf)
    assert all(pdf[o:].startswith(b"%d 0 obj" % n) for n, o in offsets.items())


def test_placeholder_pdf_text_extracts_with_poppler() -> None:
    if shutil.which("pdftotext") is None:
        from tests.conftest import service_missing

        service_missing("pdftotext (poppler-utils)")
    pdf = placeholder_pdf(DEMO_TITLE, DEMO_LINES)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    text = result.stdout.decode("utf-8")
    assert result.stderr == b""  # poppler reports any syntax error there
    assert "document de" in text and "démonstration" in text
    assert "« à jour »" in text
    assert "Œuvre, cœur" in text
