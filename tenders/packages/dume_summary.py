"""The French summary of a member's DUME (DOCX), read by people: who declares, in which role,
for which lots, its answer to each exclusion ground and the selection data it gives. Pure: the
document is written with python-docx from the response's data alone (no template, nothing
uploaded runs), so the same data gives the same text.

The criteria are named by their French titles (tenders/espd/french.py, the wording of the EU
criterion table that the French DUME shows)."""

from __future__ import annotations

import copy
from datetime import date
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject

from tenders.documents.render import Finish, write_docx
from tenders.espd import criteria
from tenders.espd.french import kind_title
from tenders.espd.french import title as criterion_title
from tenders.espd.model import ResponseData, Role, Size
from tenders.formatting import amount_fr, date_fr, number_fr
from tenders.packages.build import join_fr

SIZES = {
    Size.MICRO: "Microentreprise",
    Size.SMALL: "Petite entreprise",
    Size.MEDIUM: "Moyenne entreprise",
    Size.LARGE: "Grande entreprise (ni micro, ni petite, ni moyenne)",
}
ROLE_TEXTS = {
    Role.SOLE: "Candidat seul",
    Role.LEAD: "Mandataire du groupement",
    Role.MEMBER: "Cotraitant, membre du groupement",
    Role.RELIED_UPON: "Sous-traitant aux capacités duquel le groupement a recours",
    Role.SUBCONTRACTOR: "Sous-traitant aux capacités duquel le groupement n'a pas recours",
}
NO = "Non"


def answered_codes(data: ResponseData) -> list[str]:
    """The criteria the member's responses answer, in order: those of the buyer's request,
    else Cordée's default ones."""
    if data.request is None:
        return list(criteria.default_codes(data))
    return list(dict.fromkeys(criteria.BY_UUID[c.uuid].code for c in data.request.criteria))


def _period(start: date, end: date) -> str:
    return f"du {date_fr(start)} au {date_fr(end)}"


def selection_lines(code: str, data: ResponseData) -> list[str]:
    """What the response declares for one selection criterion, in French."""
    s = data.selection
    if code == "trade-regist":
        return [f"Inscrite au répertoire SIRENE : SIRET {data.operator.siret}."]
    if code in ("gen-year-to", "aver-year-to"):
        return [
            f"Exercice {_period(t.start, t.end)} : {amount_fr(t.amount, t.currency)}"
            for t in s.turnovers
        ] or ["Non renseigné."]
    if code in criteria.REFERENCES_BY_NATURE.values():
        return [
            f"{r.description} — {r.recipient}, {amount_fr(r.amount, r.currency)}, "
            f"{_period(r.start, r.end)}"
            for r in s.references
        ] or ["Non renseigné."]
    if code == "year-manpower":
        return [
            f"{h.year} : {h.count} salarié{'s' if h.count > 1 else ''}" for h in s.headcounts
        ] or ["Non renseigné."]
    if code in ("qu-certif-indep", "envir-certif-indep"):
        environmental = code == "envir-certif-indep"
        held = [c.name for c in s.certificates if c.environmental is environmental]
        if held:
            return [f"Oui : {join_fr(held)}."]
        return ["Non : l'opérateur ne détient pas de certificat de ce type."]
    if code == "indem-insu" and s.insurance is not None:
        return [f"{s.insurance.insurer} : {amount_fr(s.insurance.amount)}"]
    return ["À compléter par le membre dans le DUME : Cordée ne tient pas cette donnée."]


def _styled(document: DocumentObject, text: str, style_id: str) -> None:
    """A paragraph of the default template's style ``style_id`` (set by its id: python-docx
    looks a style up by name through every style, most of the time spent here)."""
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().style = style_id


def _heading(document: DocumentObject, text: str, level: int) -> None:
    _styled(document, text, f"Heading{level}" if level else "Title")


def _facts(document: DocumentObject, rows: list[tuple[str, str]]) -> None:
    # Every row at once: python-docx's ``add_row`` looks the grid up again for each row.
    table = document.add_table(rows=len(rows), cols=2)
    table._tbl.tblPr.style = "TableGrid"
    for tr, row in zip(table._tbl.tr_lst, rows, strict=True):
        for tc, text in zip(tr.tc_lst, row, strict=True):
            # A new cell holds one empty paragraph: the run goes in it (what ``cell.text``
            # writes, without clearing the cell first).
            tc.p_lst[0].add_r().text = text


def _identity(document: DocumentObject, data: ResponseData, lots: list[str]) -> None:
    operator, address = data.operator, data.operator.address
    contact = ", ".join(
        p for p in (operator.contact.name, operator.contact.email, operator.contact.phone) if p
    )
    role = ROLE_TEXTS[data.role]
    if data.group_name:
        role += f" « {data.group_name} »"
    rows = [
        ("Nom", operator.name),
        ("SIRET", operator.siret),
        ("Adresse", f"{address.street}, {address.postcode} {address.city}"),
        ("Contact", contact),
        ("Taille", SIZES[operator.size]),
        ("Rôle", role),
        ("Lots", "\n".join(lots)),
    ]
    if data.partners:
        rows.append(("Autres membres du groupement", join_fr(list(data.partners))))
    if data.relied_upon:
        relied = [f"{e.name} (SIRET {e.siret})" for e in data.relied_upon]
        rows.append(("Entités aux capacités desquelles il a recours", join_fr(relied)))
    _heading(document, "Identité, rôle et lots", 1)
    _facts(document, rows)


def _exclusions(document: DocumentObject, data: ResponseData, codes: list[str]) -> None:
    _heading(document, kind_title("exclusion"), 1)
    document.add_paragraph(
        "Pour chaque motif, la question est : l'opérateur se trouve-t-il dans ce cas ?"
    )
    rows = []
    for code in codes:
        if criteria.BY_CODE[code].kind != "exclusion":
            continue
        declared = data.exclusions.get(code)
        answer = f"Oui : {declared.description}" if declared else NO
        rows.append((criterion_title(code), answer))
    _facts(document, rows)


def _selection(document: DocumentObject, data: ResponseData, codes: list[str]) -> None:
    chosen = [c for c in codes if criteria.BY_CODE[c].kind == "selection"]
    _heading(document, kind_title("selection"), 1)
    if not chosen:
        document.add_paragraph("Aucun critère de sélection n'est déclaré dans ce DUME.")
    for code in chosen:
        _heading(document, criterion_title(code), 2)
        for line in selection_lines(code, data):
            _styled(document, line, "ListBullet")


def _reserved(document: DocumentObject, data: ResponseData) -> None:
    if data.reserved is None:
        return
    _heading(document, "Marché réservé", 1)
    share = number_fr(data.reserved.share * 100, 0) + "\u00a0%"
    document.add_paragraph(
        f"{criterion_title('shelt-worksh')} : oui. {data.reserved.category} ; part de "
        f"travailleurs handicapés ou défavorisés : {share}."
    )


class Blank:
    """python-docx's default document, opened once and copied for each summary of a package
    (opening it parses every part of its template again). For summaries written one after the
    other in one thread."""

    def __init__(self) -> None:
        self._document: DocumentObject | None = None

    def copy(self) -> DocumentObject:
        if self._document is None:
            self._document = Document()
        return copy.deepcopy(self._document)


def render_summary(
    data: ResponseData,
    lots: list[str],
    files: list[str],
    draft_mark: str = "",
    finish: Finish | None = None,
    blank: Blank | None = None,
) -> bytes:
    """The summary DOCX; ``lots`` are the lots as people read them (« Lot 1 — Tonte »),
    ``files`` the XML files of the member's DUME in the package; a draft package's
    ``draft_mark`` heads every page, as in its other documents. With ``finish``, the DOCX is
    written once with its package properties and the compile's time, as the package's other
    documents (tenders/documents/render.py), rather than saved and its archive written again;
    ``blank`` gives the default document the summaries of one package start from."""
    document = blank.copy() if blank else Document()
    if draft_mark:
        document.sections[0].header.paragraphs[0].text = draft_mark
    procedure = data.procedure
    _heading(document, f"DUME de {data.operator.name} : ce qu'il déclare", 0)
    document.add_paragraph(
        f"Consultation « {procedure.title} » de {procedure.buyer_name} (référence "
        f"{procedure.reference}). Résumé du Document unique de marché européen (DUME) joint "
        f"au dossier au format XML : {join_fr(files)}. Document établi le "
        f"{date_fr(data.issued_at)} par Cordée ; le DUME lui-même fait foi."
    )
    codes = answered_codes(data)
    _identity(document, data, lots)
    _exclusions(document, data, codes)
    _selection(document, data, codes)
    _reserved(document, data)
    if finish is not None:
        return write_docx(document, finish)
    output = BytesIO()
    document.save(output)
    return output.getvalue()
