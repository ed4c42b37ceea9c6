"""Template bytes + context → document bytes, in the sandbox, with user text kept literal.

What a template always turns into is worked out once per process and kept (bounded): its
text patched for Jinja, its compiled Jinja template (``_env``), its style names and the
paragraphs of each section text written in them. A package renders the DC2 once per member:
only what the member changes is done again.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from docx.document import Document as DocumentObject
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SecurityError

from tenders.documents._env import MISSING, RENDER_ENV
from tenders.documents._limits import SizeLimitExceeded
from tenders.documents._memo import Memo
from tenders.documents.errors import RenderError, TemplateRefused, too_big
from tenders.documents.markup import SectionText, section_xml, style_names, to_subdoc
from tenders.documents.template_check import check_package
from tenders.errors import DomainError

ENV = RENDER_ENV

_FAILED = (
    "Le document n'a pas pu être produit à partir de ce modèle. "
    "Vérifiez le modèle (balises, tableaux) ou contactez l'équipe Cordée."
)
# What is kept, by the characters it was made from (a section's text, a part's XML).
_PATCHED: Memo[str, str] = Memo(64, 16 * 1024 * 1024)
_STYLES: Memo[str, frozenset[str]] = Memo(32, 32)
_SECTIONS: Memo[tuple[str, str], str] = Memo(512, 4 * 1024 * 1024)
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP entry can carry
_CORE = "docProps/core.xml"


@dataclass(frozen=True, slots=True)
class Finish:
    """How a document is written out: ``core`` replaces its properties part when given (its
    title, author, dates), and every entry of the archive carries ``date_time``, so that the
    same template and context give the same bytes."""

    core: bytes | None = None
    date_time: tuple[int, int, int, int, int, int] = _EPOCH
    compresslevel: int = 6


def render_docx(
    template: bytes,
    context: Mapping[str, Any],
    *,
    missing: set[str] | None = None,
    finish: Finish | None = None,
) -> bytes:
    """The DOCX ``template`` filled with ``context``, written out as ``finish`` says.

    ``SectionText`` values anywhere in ``context`` become formatted paragraphs (write them
    with ``{{p name }}``). Names the template uses but ``context`` lacks render as nothing
    and are added to ``missing`` when given.
    """
    digest = _check_once(template)
    seen: set[str] = set()
    token = MISSING.set(seen)
    try:
        document = _Template(BytesIO(template))
        document.init_docx()
        document.render(_with_sections(document, digest, context), jinja_env=ENV, autoescape=True)
        data = _write(document, finish or Finish())
    except SizeLimitExceeded as exc:
        raise too_big() from exc
    except SecurityError as exc:
        raise TemplateRefused(
            "Le modèle tente d'accéder à des éléments internes interdits : il est refusé."
        ) from exc
    except TemplateSyntaxError as exc:
        raise RenderError(
            f"Le modèle contient une balise mal formée (ligne {exc.lineno}). "
            "Corrigez-le puis déposez-le à nouveau."
        ) from exc
    except TemplateError as exc:
        raise RenderError(_FAILED) from exc
    except DomainError:
        raise
    except MemoryError:
        raise  # the caller knows the memory it was given, and says so
    except Exception as exc:
        # docxtpl and lxml fail in many ways on odd templates; the person needs one message.
        raise RenderError(_FAILED) from exc
    finally:
        MISSING.reset(token)
    if missing is not None:
        missing |= seen
    return data


# SHA-256 of the templates that passed ``check_package`` in this process: the check is a pure
# function of the bytes, and a package renders the same template once per member.
_CHECKED: set[str] = set()


def mark_checked(digests: Iterable[str]) -> None:
    """Skip ``check_package`` for these templates (SHA-256): they passed it in another process
    (a rendering child checks the templates of a package once, not at every compile)."""
    for digest in digests:
        if len(_CHECKED) >= 256:
            _CHECKED.clear()
        _CHECKED.add(digest)


def _check_once(template: bytes) -> str:
    """The template's SHA-256, once it passed ``check_package``."""
    digest = hashlib.sha256(template).hexdigest()
    if digest in _CHECKED:
        return digest
    check_package(template)
    if len(_CHECKED) >= 256:
        _CHECKED.clear()
    _CHECKED.add(digest)
    return digest


def forget_templates() -> None:
    """Empty what rendering keeps between documents, as a new process starts with nothing."""
    for memo in (_PATCHED, _STYLES, _SECTIONS):
        memo.clear()
    ENV.forget_compiled()


class _Template(DocxTemplate):
    """docxtpl's template, its parts patched for Jinja once per distinct text (the patch is a
    pure function of the text)."""

    def patch_xml(self, src_xml: str) -> str:
        return _PATCHED.get(src_xml, lambda: DocxTemplate.patch_xml(self, src_xml), len(src_xml))


class _Section:
    """A section's paragraphs, written when the template prints them (a context offers every
    member's presentation; most documents print one, or none)."""

    __slots__ = ("_make", "_xml")

    def __init__(self, make: Callable[[], str]) -> None:
        self._make = make
        self._xml: str | None = None

    def __html__(self) -> str:
        # Already WordprocessingML: autoescaping must leave it as is.
        if self._xml is None:
            self._xml = self._make()
        return self._xml

    def __str__(self) -> str:
        return self.__html__()


def _with_sections(document: DocxTemplate, digest: str, value: Any) -> Any:
    """``value`` with each ``SectionText`` turned into the paragraphs ``with_subdocs`` would
    give, kept per template (``digest``) and text."""
    if isinstance(value, SectionText):
        text = value.text

        def make() -> str:
            def write() -> str:
                styles = _STYLES.get(digest, lambda: style_names(document))
                return section_xml(document.get_docx().part, styles, text)

            return _SECTIONS.get((digest, text), write, len(text))

        return _Section(make)
    if isinstance(value, Mapping):
        return {key: _with_sections(document, digest, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_with_sections(document, digest, item) for item in value]
    return value


class _Entries:
    """Where python-docx's ``PackageWriter`` writes the parts: ``archive``, each entry at
    ``finish.date_time``, the properties part replaced by ``finish.core``."""

    def __init__(self, archive: zipfile.ZipFile, finish: Finish) -> None:
        self._archive = archive
        self._finish = finish

    def write(self, uri: PackURI, blob: bytes) -> None:
        name = uri.membername
        if name == _CORE and self._finish.core is not None:
            blob = self._finish.core
        info = zipfile.ZipInfo(name, date_time=self._finish.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16  # what ``ZipFile.writestr`` gives a named entry
        self._archive.writestr(info, blob, compresslevel=self._finish.compresslevel)


def write_docx(document: DocumentObject, finish: Finish) -> bytes:
    """The DOCX of a python-docx ``document``, as ``document.save`` writes it (the same parts,
    in the same order), at ``finish.date_time`` rather than at the clock's time, with
    ``finish.core`` as its properties: written once, the same bytes for the same input."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    output = BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = _Entries(archive, finish)
        PackageWriter._write_content_types_stream(entries, parts)
        PackageWriter._write_pkg_rels(entries, package.rels)
        PackageWriter._write_parts(entries, parts)  # type: ignore[arg-type]
    return output.getvalue()


def _write(document: DocxTemplate, finish: Finish) -> bytes:
    # ``document.docx``, not ``get_docx()``: that reads a rendered template again.
    return write_docx(document.docx, finish)


def with_subdocs(document: DocxTemplate, value: Any) -> Any:
    """``value`` with each ``SectionText`` turned into a subdocument of ``document``: how a
    context is prepared for docxtpl alone (the compile benchmark's baseline), giving the
    paragraphs ``render_docx`` gives."""
    if isinstance(value, SectionText):
        return to_subdoc(document, value.text)
    if isinstance(value, Mapping):
        return {key: with_subdocs(document, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [with_subdocs(document, item) for item in value]
    return value
