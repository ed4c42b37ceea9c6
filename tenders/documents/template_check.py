"""The checks a DOCX template passes before Cordée accepts it.

A template is an archive written by someone else: it is judged by its bytes, its entries are
sized before anything is decompressed, its XML is parsed without DTDs, and every Jinja tag in
it is listed so that a template asking for data Cordée does not provide is refused at upload
rather than at the deadline.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes
from lxml import etree

from tenders.documents._env import CHECK_ENV
from tenders.documents.errors import TemplateRefused
from tenders.formatting import size_fr

MAX_COMPRESSED = 10 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ENTRIES = 500
MAX_RATIO = 100
# Small parts compress well for honest reasons (repeated tags); only big ones can be bombs.
_RATIO_FLOOR = 1024 * 1024

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A link to click is harmless; Word fetches nothing until someone clicks it.
_HARMLESS_EXTERNAL = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_HYPERLINK_TYPE = "/hyperlink"

_NOT_DOCX = (
    "Ce fichier n'est pas un document Word (DOCX). "
    "Enregistrez votre modèle au format « Document Word (.docx) » puis déposez-le."
)
_DAMAGED = "Ce document Word est endommagé ou incomplet. Enregistrez-le à nouveau puis déposez-le."
_DTD = (
    "Le modèle contient des déclarations XML (DTD ou entités) interdites, "
    "qui servent à le faire gonfler ou à lire des fichiers : il est refusé."
)


@dataclass(frozen=True, slots=True)
class TemplateReport:
    """The top-level variables a template uses, and those among them Cordée does not offer."""

    used: set[str]
    unknown: set[str]

    def refusal(self) -> str | None:
        """The French reason to refuse this template, or ``None`` when it can be accepted."""
        if not self.unknown:
            return None
        names = ", ".join(f"« {name} »" for name in sorted(self.unknown))
        plural = "s" if len(self.unknown) > 1 else ""
        return (
            f"Le modèle utilise {len(self.unknown)} variable{plural} inconnue{plural} "
            f"de Cordée : {names}. Corrigez l'orthographe ou retirez-les du modèle."
        )


def check_template(data: bytes, known: set[str]) -> TemplateReport:
    """Refuse an unsafe or malformed template; report the variables it uses and the unknown."""
    check_package(data)
    used = _used_variables(data)
    return TemplateReport(used=used, unknown=used - known)


def check_package(data: bytes) -> None:
    """Refuse, with ``TemplateRefused``, anything but a plain, reasonably sized DOCX."""
    if not data.startswith(b"PK\x03\x04"):
        raise TemplateRefused(_NOT_DOCX)
    if len(data) > MAX_COMPRESSED:
        raise TemplateRefused(
            f"Le modèle dépasse la taille maximale de {size_fr(MAX_COMPRESSED)}. "
            "Réduisez les images qu'il contient puis déposez-le à nouveau."
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise TemplateRefused(_DAMAGED) from exc
    with archive:
        infos = archive.infolist()
        _check_entries(infos)
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise TemplateRefused(_NOT_DOCX)
        _check_active_content(names)
        parts = _read_xml_parts(archive, infos)
    _check_content_types(parts["[Content_Types].xml"])
    for name, root in parts.items():
        if name.endswith(".rels"):
            _check_relationships(root)


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise TemplateRefused(
            f"Le modèle contient trop d'éléments ({len(infos)}, au plus {MAX_ENTRIES}) "
            "pour un document Word."
        )
    total = 0
    for info in infos:
        name = info.filename
        if (
            "\\" in name
            or name.startswith("/")
            or ".." in name.split("/")
            or re.match(r"^[A-Za-z]:", name)
        ):
            raise TemplateRefused(
                f"Le modèle contient un élément au chemin interdit (« {name[:80]} »). "
                "Enregistrez-le à nouveau depuis Word puis déposez-le."
            )
        total += info.file_size
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise TemplateRefused(_bomb())
    if total > MAX_UNCOMPRESSED:
        raise TemplateRefused(_bomb())


def _bomb() -> str:
    return (
        "Le modèle est anormalement volumineux une fois décompressé "
        f"(plus de {size_fr(MAX_UNCOMPRESSED)} ou un taux de compression suspect) : "
        "il est refusé par sécurité."
    )


def _check_active_content(names: set[str]) -> None:
    for name in names:
        lowered = name.lower()
        if lowered.rsplit("/", 1)[-1] == "vbaproject.bin" or "/vbadata" in lowered:
            raise TemplateRefused(_macros())
        if "/embeddings/" in lowered or "oleobject" in lowered or "/activex/" in lowered:
            raise TemplateRefused(
                "Le modèle contient des objets incorporés (OLE ou ActiveX), refusés par sécurité. "
                "Remplacez-les par des images ou du texte puis déposez-le à nouveau."
            )


def _macros() -> str:
    return (
        "Le modèle contient des macros, refusées par sécurité. "
        "Enregistrez-le au format « Document Word (.docx) », sans macros, puis déposez-le."
    )


def _read_xml_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, Element]:
    """Each XML part parsed without DTD or entities, reading no more than the declared sizes.

    The parts inspected afterwards (content types, relationships: small) are returned, parsed
    by defusedxml; the others (the body, the styles: large) are only checked, by lxml with
    entities and DTD loading off, which is several times faster."""
    budget = MAX_UNCOMPRESSED
    parts: dict[str, Element] = {}
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        # The declared size can lie: read one byte more than the budget to catch it.
        limit = min(info.file_size, budget)
        try:
            with archive.open(info) as stream:
                raw = stream.read(limit + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise TemplateRefused(_DAMAGED) from exc
        if len(raw) > limit:
            raise TemplateRefused(_bomb())
        budget -= len(raw)
        if info.filename != "[Content_Types].xml" and not info.filename.endswith(".rels"):
            _check_xml(raw)
            continue
        try:
            parts[info.filename] = fromstring(raw, forbid_dtd=True)
        except DefusedXmlException as exc:
            raise TemplateRefused(_DTD) from exc
        except (ParseError, ValueError) as exc:
            raise TemplateRefused(_DAMAGED) from exc
    return parts


def _check_xml(raw: bytes) -> None:
    """Well-formed XML with no document type declaration, entities left unexpanded."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.fromstring(raw, parser).getroottree()
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise TemplateRefused(_DTD if b"<!ENTITY" in raw else _DAMAGED) from exc
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise TemplateRefused(_DTD)


def _check_content_types(root: Element) -> None:
    for element in _iter(root):
        content_type = element.get("ContentType", "")
        if (
            content_type == _DOCM_MAIN
            or "vbaProject" in content_type
            or "macroEnabled" in (content_type)
        ):
            raise TemplateRefused(_macros())
        if "oleObject" in content_type:
            raise TemplateRefused(
                "Le modèle contient des objets incorporés (OLE), refusés par sécurité."
            )


def _check_relationships(root: Element) -> None:
    for element in _iter(root):
        if element.tag != f"{_REL_NS}Relationship":
            continue
        if element.get("TargetMode", "").lower() != "external":
            continue
        kind = element.get("Type", "")
        target = element.get("Target", "")
        if kind.endswith("/attachedTemplate"):
            raise TemplateRefused(
                "Le modèle est lié à un modèle externe (« modèle attaché »), qui pourrait être "
                "téléchargé à l'ouverture : il est refusé. Dans Word, retirez le modèle "
                "attaché (Développeur › Modèle de document) puis déposez-le à nouveau."
            )
        if kind.endswith(_HYPERLINK_TYPE) and _HARMLESS_EXTERNAL.match(target):
            continue
        raise TemplateRefused(
            f"Le modèle charge un contenu externe (« {target[:80]} »), "
            "refusé par sécurité. Incorporez ce contenu au document puis déposez-le à nouveau."
        )


def _iter(root: Element) -> list[Element]:
    return list(root.iter())


def _used_variables(data: bytes) -> set[str]:
    template = DocxTemplate(BytesIO(data))
    template.init_docx()
    docx = template.docx
    sources = [("le corps du document", template.get_xml())]
    for rel in docx.part.rels.values():
        if rel.reltype in (template.HEADER_URI, template.FOOTER_URI) and not rel.is_external:
            where = "l'en-tête" if rel.reltype == template.HEADER_URI else "le pied de page"
            sources.append((where, template.get_part_xml(rel.target_part)))
    used: set[str] = set()
    for where, xml in sources:
        # As docxtpl does when rendering: one line per paragraph, so errors have a place.
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))
        try:
            tree = CHECK_ENV.parse(source)
        except TemplateSyntaxError as exc:
            raise TemplateRefused(_syntax_error(where, source, exc)) from exc
        _refuse_private_access(tree)
        used |= meta.find_undeclared_variables(tree)
    return used


def _syntax_error(where: str, source: str, exc: TemplateSyntaxError) -> str:
    lines = source.splitlines()
    line = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
    text = re.sub(r"<[^>]+>", "", line).strip()
    excerpt = f" : « {text[:120]} »" if text else ""
    return (
        f"Le modèle contient une balise mal formée dans {where}, "
        f"au paragraphe {max(exc.lineno - 1, 1)}{excerpt}. "
        "Vérifiez que chaque « {{ » a son « }} » et chaque « {% if %} » ou « {% for %} » "
        "sa fin (« {% endif %} », « {% endfor %} »)."
    )


def _refuse_private_access(tree: nodes.Template) -> None:
    # The sandbox would stop these at rendering; refusing at upload tells the author why.
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name: object = None
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            name = node.arg.value
        if isinstance(name, str) and name.startswith("_"):
            raise TemplateRefused(
                f"Le modèle tente d'accéder à « {name[:40]} », un élément interne interdit "
                "dans les modèles. Retirez cette balise puis déposez-le à nouveau."
            )
